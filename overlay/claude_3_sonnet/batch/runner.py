"""Run a batch in this process: the async core and its sync wrapper.

::

    summary = run_batch("prompts.jsonl", "results.jsonl", BatchOptions(concurrency=32))

The order of things, each step before the next:

1. read the whole input once and check every line (:func:`records.scan`);
   with ``on_invalid="abort"`` any problem stops here, nothing sent;
2. open the output: lock it, read back the records already there, repair a
   torn last line (:mod:`journal`);
3. stream the input again and send every id that has no record yet, with
   ``concurrency`` workers sharing the limits (:mod:`limits`) and the retry
   loop (:mod:`dispatch`); each record is written the moment it completes;
4. when every id has a record, finish the output (Parquet is written then).

``stop`` (an ``asyncio.Event``; the CLI sets it on the first Ctrl-C) ends
the run gently: nothing new is sent, requests in flight finish and are
written. Cancelling the task ends it at once; what was written stays
either way, and running the same batch again resumes.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from .. import AsyncClaude3Sonnet
from ..core.retry import RetryPolicy
from .dispatch import Abandoned, Dispatcher, Fatal, invalid_record
from .errors import BatchAborted, BatchError, BatchFileError, InputProblem
from .limits import AdaptiveLimit, LocalLimits, Schedule
from .options import BatchOptions
from .outputs import Output, open_output
from .plan import Plan, make_plan, start_stats
from .progress import Progress, make_progress
from .records import Request, requests
from .stats import BatchSummary

TICK = 1.0
"""Seconds between progress refreshes when no record completes (a pause, a slow answer)."""


def run_batch(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    options: BatchOptions | None = None,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
) -> BatchSummary:
    """Run a batch to the end (or to Ctrl-C); see :func:`arun_batch`."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError("run_batch() cannot run inside an event loop: await arun_batch() there")
    return asyncio.run(
        arun_batch(input, output, options, api_key=api_key, base_url=base_url, progress=progress)
    )


async def arun_batch(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    options: BatchOptions | None = None,
    *,
    client: AsyncClaude3Sonnet | None = None,
    api_key: str | None = None,
    base_url: str | None = None,
    stop: asyncio.Event | None = None,
    progress: Progress | None = None,
) -> BatchSummary:
    """Send every input line that has no record in ``output`` yet; one record per id.

    ``client`` (else one built from ``api_key``/``base_url`` or the
    environment) is used with ``max_retries=0``: the batch owns the retries
    so that a 429 pauses every worker at once. Raises
    :class:`BatchInputError` (bad lines, nothing sent), :class:`BatchFileError`
    (unreadable input, unwritable output) or :class:`BatchAborted` (the
    service refused the run: bad key, no credits, unreachable).
    """
    options = options or BatchOptions()
    own = client is None
    base = client if client is not None else AsyncClaude3Sonnet(api_key=api_key, base_url=base_url)
    try:
        changes: dict[str, Any] = {"max_retries": 0}
        if options.timeout is not None:
            changes["total_timeout"] = options.timeout
        batch_client = base.with_options(**changes)
        plan = make_plan(input, output, options)
        out = open_output(
            output, options.output_format, fsync=options.fsync, retry_errors=options.retry_errors
        )
        try:
            run = _Run(
                options, plan=plan, out=out, client=batch_client, progress=progress, stop=stop
            )
            return await run.execute()
        finally:
            out.close()
    finally:
        if own:
            await base.close()


class _Run:
    """One execution: the workers, the producer and the ticker, and how they stop."""

    def __init__(
        self,
        options: BatchOptions,
        *,
        plan: Plan,
        out: Output,
        client: AsyncClaude3Sonnet,
        progress: Progress | None,
        stop: asyncio.Event | None,
    ) -> None:
        self.options = options
        self.plan = plan
        self.out = out
        self.view = progress if progress is not None else make_progress(options.progress)
        self.stop = stop
        self.stopping = asyncio.Event()
        self.fatal: Fatal | None = None
        self.failure: BatchError | Exception | None = None
        self.schedule = Schedule(requests_per_minute=options.rpm, tokens_per_minute=options.tpm)
        self.concurrency = AdaptiveLimit(options.concurrency, adaptive=options.adaptive)
        self.dispatcher = Dispatcher(
            send=client.chat.completions.create,
            limits=LocalLimits(self.schedule),
            concurrency=self.concurrency,
            policy=RetryPolicy(max_retries=options.max_retries),
            shared_backoff=options.adaptive,
            text_only=options.text_only,
            prices=options.prices,
            stopping=self.stopping,
        )
        self.stats = start_stats(plan, out, options)

    async def execute(self) -> BatchSummary:
        stats, view = self.stats, self.view
        view.start(stats)
        for warning in stats.warnings:
            view.note(warning)
        queue: asyncio.Queue[Request | None] = asyncio.Queue(maxsize=2 * self.options.concurrency)
        workers = [asyncio.create_task(self._work(queue)) for _ in range(self.options.concurrency)]
        helpers = [asyncio.create_task(self._tick())]
        if self.stop is not None:
            helpers.append(asyncio.create_task(self._watch(self.stop)))
        try:
            await self._produce(queue)
            await asyncio.gather(*workers)
        finally:
            for task in [*workers, *helpers]:
                task.cancel()
            await asyncio.gather(*workers, *helpers, return_exceptions=True)
            self._refresh()
            view.finish(stats)
        if self.failure is not None:
            raise self.failure
        complete = all(i in self.out.done for i in self.plan.checked.ids)
        if complete:
            self.out.finish()
        interrupted = self.stopping.is_set() and self.fatal is None
        summary = stats.summary(complete=complete, interrupted=interrupted and not complete)
        if self.fatal is not None:
            error = self.fatal.error
            raise BatchAborted(
                f"stopped: {' '.join(error.message.split())}", summary, error
            ) from None
        return summary

    async def _produce(self, queue: asyncio.Queue[Request | None]) -> None:
        try:
            plan = self.plan
            for item in requests(plan.source, plan.builder, plan.checked, skip=self.out.done):
                if self.stopping.is_set():
                    break
                if isinstance(item, InputProblem):
                    if self.options.on_invalid == "record":
                        self._write(invalid_record(item))
                    continue
                await queue.put(item)
        except BatchError as exc:  # the input became unreadable half way
            self.failure = exc
            self.stopping.set()
        # Not in a `finally`: when the run is cancelled, the workers are cancelled too,
        # and must not be fed (or waited for) any more.
        for _ in range(self.options.concurrency):
            await queue.put(None)

    async def _work(self, queue: asyncio.Queue[Request | None]) -> None:
        while (request := await queue.get()) is not None:
            if self.stopping.is_set():
                continue  # drained, not sent: the rerun sends it
            try:
                record = await self.dispatcher.process(request)
            except Abandoned:
                continue  # not sent: the rerun sends it
            except Fatal as exc:
                if self.fatal is None:
                    self.fatal = exc
                self.stopping.set()
                continue
            except Exception as exc:  # not the service's doing (a bug, a caller's client):
                if self.failure is None:  # stop and report it; a dead worker would hang the run
                    self.failure = exc
                self.stopping.set()
                continue
            self._write(record)

    def _write(self, record: dict[str, Any]) -> None:
        try:
            self.out.append(record)
        except BatchFileError as exc:  # a full disk: stop, keep what is written
            self.failure = exc
            self.stopping.set()
            return
        self.stats.count(record)
        self._refresh()

    def _refresh(self) -> None:
        stats = self.stats
        stats.concurrency = self.concurrency.allowed
        stats.paused_for = self.schedule.paused_for()
        stats.rate_limited = self.dispatcher.rate_limited
        self.view.update(stats)

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            self._refresh()

    async def _watch(self, stop: asyncio.Event) -> None:
        await stop.wait()
        if not self.stopping.is_set():
            self.stopping.set()
            self.view.note(
                f"stopping: no new requests; waiting for {self.concurrency.in_flight} in flight"
            )


__all__ = ["arun_batch", "run_batch"]
