"""Scale a batch out over a Ray cluster with Ray Data (the ``ray`` extra).

::

    from claude_3_sonnet.batch import BatchOptions
    from claude_3_sonnet.batch.ray_runner import run_on_ray

    run_on_ray("prompts.jsonl", "results.jsonl", BatchOptions(concurrency=256), workers=8,
               address="auto")

Same input, same output, same guarantees as :func:`.runner.run_batch`; only
the sending moves. The split of work:

* **The driver** (this process) does what must happen in one place: it
  reads and checks the input (problems reported with line numbers before
  anything is sent), opens the output journal (lock, torn-line repair, the
  ids already done), and is the *only writer*: every record comes back to
  it and is appended as it arrives. Exactly-once and resume are therefore
  the journal's, unchanged.
* **The workers** are a pool of Ray actors (``ray.data.ActorPoolStrategy``),
  each holding one ``AsyncClaude3Sonnet`` and its own event loop; each
  actor sends its share concurrently (``concurrency / workers`` in flight)
  through the same retry loop as a local run (:mod:`.dispatch`).
* **The limits** are one named actor serving a :class:`.limits.Schedule`:
  requests and tokens per minute, and the shared pause after a 429, for
  the whole cluster. Each worker asks it how long to wait before every
  request (one small remote call; its answer is a duration, so no two
  machines' clocks are ever compared). Concurrency adapts per actor (AIMD).

The API key (the argument, else the driver's ``AIMLAPI_API_KEY``) travels
to the actors as a constructor argument wrapped so that no repr or log line
shows it; only when the driver has none do the actors read their own
environment. The base URL likewise.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import time
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from .. import AsyncClaude3Sonnet
from ..core.config import (
    API_KEY_VARIABLES,
    BASE_URL_VARIABLE,
    resolve_api_key,
    resolve_base_url,
)
from ..core.errors import ConfigurationError
from ..core.retry import RetryPolicy
from .dispatch import Dispatcher, Fatal, Prices, invalid_record
from .errors import BatchAborted, InputProblem
from .limits import AdaptiveLimit, Schedule
from .options import BatchOptions
from .outputs import Output, open_output
from .plan import Plan, make_plan, start_stats
from .progress import Progress, make_progress
from .records import Request, requests
from .stats import BatchSummary, RunStats

RAY_EXTRA = "pip install 'claude-3-sonnet[ray]'"
FATAL = "fatal"
"""Status of the pseudo-record a worker returns when the run must stop."""
BATCHES_PER_ACTOR_SLOT = 4
"""A batch handed to an actor holds this many requests per place in flight, so the
tail of each batch (the last answers it waits for) is a small part of it."""


class _Secret:
    """The API key on its way to the actors: pickles, never prints."""

    def __init__(self, value: str | None) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<redacted>"


class ScheduleActor:
    """One :class:`Schedule` for the whole cluster, served by a Ray actor."""

    def __init__(self, rpm: float | None, tpm: float | None) -> None:
        self.schedule = Schedule(requests_per_minute=rpm, tokens_per_minute=tpm)
        self.rate_limited = 0

    def reserve(self, tokens: int) -> float:
        return self.schedule.reserve(tokens)

    def adjust(self, tokens: int) -> None:
        self.schedule.adjust(tokens)

    def pause(self, seconds: float) -> None:
        self.rate_limited += 1
        self.schedule.pause(seconds)

    def paused_for(self) -> float:
        return self.schedule.paused_for()

    def counts(self) -> dict[str, int]:
        return {"rate_limited": self.rate_limited, "pauses": self.schedule.backoff.pauses}


class RayLimits:
    """The dispatcher's limits, asked of the cluster's :class:`ScheduleActor`."""

    def __init__(self, actor: Any, *, counts_tokens: bool) -> None:
        self.actor = actor
        self.counts_tokens = counts_tokens
        """Without a tokens-per-minute limit, corrections would be calls for nothing."""

    async def reserve(self, tokens: int) -> float:
        delay: float = await self.actor.reserve.remote(tokens)
        return delay

    async def paused_for(self) -> float:
        left: float = await self.actor.paused_for.remote()
        return left

    async def adjust(self, tokens: int) -> None:
        if tokens and self.counts_tokens:
            self.actor.adjust.remote(tokens)  # no answer needed: do not wait for one

    async def pause(self, seconds: float) -> None:
        await self.actor.pause.remote(seconds)


class Worker:
    """A Ray Data actor: one client, one event loop, many requests in flight."""

    def __init__(
        self,
        *,
        secret: _Secret,
        settings: Mapping[str, Any],
        schedule: str,
        namespace: str,
    ) -> None:
        ray = importlib.import_module("ray")
        self._loop = asyncio.new_event_loop()
        changes: dict[str, Any] = {"max_retries": 0}
        if settings["timeout"] is not None:
            changes["total_timeout"] = settings["timeout"]
        client = AsyncClaude3Sonnet(
            api_key=secret.value,
            base_url=settings["base_url"],
            default_headers=settings["headers"],
        )
        self._client = client.with_options(**changes)
        self._dispatcher = Dispatcher(
            send=self._client.chat.completions.create,
            limits=RayLimits(
                ray.get_actor(schedule, namespace=namespace),
                counts_tokens=settings["tpm"] is not None,
            ),
            concurrency=AdaptiveLimit(settings["concurrency"], adaptive=settings["adaptive"]),
            policy=RetryPolicy(max_retries=settings["max_retries"]),
            shared_backoff=settings["adaptive"],
            text_only=settings["text_only"],
            prices=Prices(settings["price_input"], settings["price_output"]),
        )

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[str]]:
        pending = [
            Request(orjson.loads(i), 0, orjson.loads(p), orjson.loads(k), int(t))
            for i, p, k, t in zip(
                batch["id"], batch["params"], batch["kept"], batch["tokens"], strict=True
            )
        ]
        records = self._loop.run_until_complete(self._send(pending))
        return {"record": [orjson.dumps(r, default=str).decode() for r in records]}

    async def _send(self, pending: list[Request]) -> list[dict[str, Any]]:
        async def one(request: Request) -> dict[str, Any]:
            try:
                return await self._dispatcher.process(request)
            except Fatal as exc:
                return {"id": request.id, "status": FATAL, "message": exc.error.message}

        return list(await asyncio.gather(*(one(r) for r in pending)))


def _ray() -> Any:
    try:
        ray = importlib.import_module("ray")  # optional, heavy: on use only
        importlib.import_module("ray.data")
    except ImportError:
        raise ConfigurationError(f"running on Ray needs Ray Data: {RAY_EXTRA}") from None
    return ray


def run_on_ray(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    options: BatchOptions | None = None,
    *,
    workers: int = 2,
    cpus_per_worker: float = 1.0,
    address: str | None = None,
    api_key: str | None = None,
    base_url: str | None = None,
    headers: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    init: Mapping[str, Any] | None = None,
) -> BatchSummary:
    """Run a batch on Ray: ``workers`` actors send, this process checks and writes.

    ``address`` is passed to ``ray.init`` when Ray is not initialised yet
    (``None``: ``$RAY_ADDRESS``, else a local Ray started for the run and
    stopped after it); ``init`` adds other ``ray.init`` arguments;
    ``headers`` go with every request. Raises like :func:`.runner.arun_batch`.
    """
    options = options or BatchOptions()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    # The driver's settings travel to the actors (their nodes may have none); only when
    # the driver has none either do the actors fall back on their own environment.
    # Checked here, as the client checks them, so a bad key or URL fails before the
    # input is read and Ray is started, not inside every actor.
    if api_key is not None or any(os.environ.get(v) for v in API_KEY_VARIABLES):
        api_key = resolve_api_key(api_key)
    base_url = resolve_base_url(base_url) if base_url or os.environ.get(BASE_URL_VARIABLE) else None
    ray = _ray()
    plan = make_plan(input, output, options)
    out = open_output(
        output, options.output_format, fsync=options.fsync, retry_errors=options.retry_errors
    )
    try:
        view = progress if progress is not None else make_progress(options.progress)
        stats = start_stats(plan, out, options)
        items = _pending(plan, out, options, stats)
        view.start(stats)
        for warning in stats.warnings:
            view.note(warning)
        fatal: str | None = None
        if items:
            cluster = _Cluster(ray, address, init)
            stats.started = time.monotonic()  # rates and ETA from here, not from Ray's start
            try:
                batches = cluster.send(
                    items,
                    options,
                    workers,
                    cpus_per_worker,
                    settings={
                        "base_url": base_url,
                        "headers": dict(headers or {}),
                        "api_key": api_key,
                    },
                )
                for batch in batches:
                    for record in batch:
                        if record.get("status") == FATAL:
                            fatal = fatal or str(record.get("message"))
                            continue
                        out.append(record)
                        stats.count(record)
                        view.update(stats)
                    if fatal is not None:
                        break  # this batch's answers are written; stop the rest
                stats.rate_limited = cluster.rate_limited()
            finally:
                cluster.close()
        view.finish(stats)
        complete = all(i in out.done for i in plan.checked.ids)
        if complete:
            out.finish()
        summary = stats.summary(complete=complete, interrupted=False)
        if fatal is not None:
            raise BatchAborted(f"stopped: {' '.join(fatal.split())}", summary, None)
        return summary
    finally:
        out.close()


def _pending(
    plan: Plan, out: Output, options: BatchOptions, stats: RunStats
) -> list[dict[str, Any]]:
    """The requests still to send, as rows of text columns (ids may mix strings and numbers).

    Invalid lines get their error record here, on the driver, when asked.
    """
    items: list[dict[str, Any]] = []
    for item in requests(plan.source, plan.builder, plan.checked, skip=out.done):
        if isinstance(item, InputProblem):
            if options.on_invalid == "record":
                record = invalid_record(item)
                out.append(record)
                stats.count(record)
            continue
        items.append(
            {
                "id": orjson.dumps(item.id).decode(),
                "params": orjson.dumps(item.params).decode(),
                "kept": orjson.dumps(item.kept, default=str).decode(),
                "tokens": item.tokens,
            }
        )
    return items


class _Cluster:
    """A connection to Ray for one run: the shared schedule actor and the dataset."""

    def __init__(self, ray: Any, address: str | None, init: Mapping[str, Any] | None) -> None:
        self.ray = ray
        self.started = False
        if not ray.is_initialized():
            ray.init(address=address, **dict(init or {}))
            self.started = True
        ray.data.DataContext.get_current().enable_progress_bars = False
        self.namespace = ray.get_runtime_context().namespace
        self.name = f"claude-3-sonnet-batch-{uuid.uuid4().hex[:12]}"
        self.schedule: Any = None

    def send(
        self,
        items: list[dict[str, Any]],
        options: BatchOptions,
        workers: int,
        cpus_per_worker: float,
        settings: Mapping[str, Any],
    ) -> Iterator[list[dict[str, Any]]]:
        """The records of each batch, as it comes back from the actors."""
        ray = self.ray
        self.schedule = (
            ray.remote(num_cpus=0)(ScheduleActor)
            .options(name=self.name, namespace=self.namespace)
            .remote(options.rpm, options.tpm)
        )
        per_actor = max(1, options.concurrency // workers)
        worker_settings = {
            "base_url": settings["base_url"],
            "headers": settings["headers"],
            "timeout": options.timeout,
            "tpm": options.tpm,
            "concurrency": per_actor,
            "adaptive": options.adaptive,
            "max_retries": options.max_retries,
            "text_only": options.text_only,
            "price_input": options.price_input,
            "price_output": options.price_output,
        }
        dataset = ray.data.from_items(items).map_batches(
            Worker,
            fn_constructor_kwargs={
                "secret": _Secret(settings["api_key"]),
                "settings": worker_settings,
                "schedule": self.name,
                "namespace": self.namespace,
            },
            compute=ray.data.ActorPoolStrategy(size=workers),
            batch_size=per_actor * BATCHES_PER_ACTOR_SLOT,
            batch_format="numpy",
            num_cpus=cpus_per_worker,
        )
        # Leaving this loop early (a fatal answer, Ctrl-C) stops the dataset's execution.
        for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
            yield [orjson.loads(line) for line in batch["record"]]

    def rate_limited(self) -> int:
        if self.schedule is None:
            return 0
        counts: dict[str, int] = self.ray.get(self.schedule.counts.remote())
        return counts["rate_limited"]

    def close(self) -> None:
        if self.schedule is not None:
            self.ray.kill(self.schedule)
            self.schedule = None
        if self.started:
            self.ray.shutdown()
