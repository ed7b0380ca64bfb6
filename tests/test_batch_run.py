"""Batch runs in process: the retry loop against fakes, whole runs against the mock."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest

from claude_3_sonnet import (
    AsyncClaude3Sonnet,
    AuthenticationError,
    BadRequestError,
    ChatCompletion,
    InternalServerError,
    RateLimitError,
    RetryPolicy,
)
from claude_3_sonnet.batch import (
    BatchAborted,
    BatchFileError,
    BatchInputError,
    BatchOptions,
    arun_batch,
    run_batch,
)
from claude_3_sonnet.batch.dispatch import Abandoned, Dispatcher, Fatal
from claude_3_sonnet.batch.limits import AdaptiveLimit, LocalLimits, Schedule
from claude_3_sonnet.batch.records import Request
from claude_3_sonnet.mock import MockServer

from .support import KEY, completion

QUIET = BatchOptions(progress="none")


def _prompts(path: Path, count: int, **extra: Any) -> Path:
    with path.open("w", encoding="utf-8") as file:
        for n in range(count):
            file.write(json.dumps({"id": f"p{n}", "prompt": f"Prompt {n}", **extra}) + "\n")
    return path


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- the retry loop, against a scripted service ----------------------------------------


class Scripted:
    """``create()`` that fails as told, per request id, and logs when each attempt started."""

    def __init__(self, failures: dict[str, list[Exception]]) -> None:
        self.failures = failures
        self.starts: list[tuple[str, float]] = []

    async def create(self, **params: Any) -> ChatCompletion:
        prompt = params["messages"][0]["content"]
        self.starts.append((prompt, time.monotonic()))
        pending = self.failures.get(prompt)
        if pending:
            raise pending.pop(0)
        await asyncio.sleep(0.01)
        return ChatCompletion.from_dict(completion(f"answer to {prompt}", usage=(3, 4)))


def _request(name: str) -> Request:
    return Request(name, 1, {"messages": [{"role": "user", "content": name}]}, {}, 10)


def _rate_limited(seconds: str) -> RateLimitError:
    return RateLimitError(
        "429 Too Many Requests", status_code=429, headers={"Retry-After": seconds}
    )


def _dispatcher(service: Scripted, concurrency: int = 8, retries: int = 3) -> Dispatcher:
    return Dispatcher(
        send=service.create,
        limits=LocalLimits(Schedule()),
        concurrency=AdaptiveLimit(concurrency),
        policy=RetryPolicy(max_retries=retries, initial_delay=0.01, max_delay=0.05),
    )


def test_a_429_pauses_every_worker_and_halves_concurrency() -> None:
    service = Scripted({"first": [_rate_limited("0.4")]})
    dispatcher = _dispatcher(service)

    async def scenario() -> list[dict[str, Any]]:
        first = asyncio.create_task(dispatcher.process(_request("first")))
        await asyncio.sleep(0.05)  # the 429 has come back: the pause is on
        others = [dispatcher.process(_request(f"other{n}")) for n in range(5)]
        return [await first, *await asyncio.gather(*others)]

    started = time.monotonic()
    records = asyncio.run(scenario())
    assert [r["status"] for r in records] == ["ok"] * 6
    assert records[0]["attempts"] == 2
    assert dispatcher.rate_limited == 1
    assert dispatcher.concurrency.cuts == 1  # halved to 4, then grown back a little
    assert dispatcher.concurrency.allowed < 8
    # Nobody started during the pause: every later attempt began after Retry-After.
    later = [t for name, t in service.starts if name != "first" or t > started + 0.1]
    assert min(later) >= started + 0.4


def test_a_retry_after_of_zero_still_waits_the_backoff() -> None:
    """The shared pause follows the client's rule: never shorter than the backoff."""

    class Recorded(LocalLimits):
        pauses: ClassVar[list[float]] = []

        async def pause(self, seconds: float) -> None:
            self.pauses.append(seconds)
            await super().pause(seconds)

    service = Scripted({"eager": [_rate_limited("0")] * 2})
    dispatcher = Dispatcher(
        send=service.create,
        limits=Recorded(Schedule()),
        concurrency=AdaptiveLimit(4),
        policy=RetryPolicy(max_retries=3, initial_delay=0.02, max_delay=1.0),
    )
    record = asyncio.run(dispatcher.process(_request("eager")))
    assert (record["status"], record["attempts"]) == ("ok", 3)
    assert len(Recorded.pauses) == 2
    assert Recorded.pauses[0] >= 0.02 * 0.75  # the first backoff, at its most jittered
    assert Recorded.pauses[1] >= 0.04 * 0.75


def test_an_unexpected_error_in_sending_ends_the_run_instead_of_hanging(tmp_path: Path) -> None:
    """A caller's own client may fail its own way: the run stops and says so."""

    class Broken:
        class chat:
            class completions:
                @staticmethod
                async def create(**params: Any) -> ChatCompletion:
                    raise RuntimeError("the caller's client broke")

        @staticmethod
        def with_options(**options: Any) -> Any:
            return Broken

    source = _prompts(tmp_path / "in.jsonl", 20)

    async def run() -> Any:
        options = BatchOptions(concurrency=2, progress="none")
        return await asyncio.wait_for(
            arun_batch(source, tmp_path / "out.jsonl", options, client=Broken),  # type: ignore[arg-type]
            timeout=30,
        )

    with pytest.raises(RuntimeError, match="the caller's client broke"):
        asyncio.run(run())


def test_failures_become_error_records_after_the_retries() -> None:
    server_error = InternalServerError("500 Internal server error", status_code=500)
    bad = BadRequestError("400 Body validation error!", status_code=400)
    service = Scripted({"flaky": [server_error] * 2, "broken": [server_error] * 9, "bad": [bad]})
    dispatcher = _dispatcher(service, retries=3)

    async def scenario() -> list[dict[str, Any]]:
        return list(
            await asyncio.gather(
                *(dispatcher.process(_request(n)) for n in ("flaky", "broken", "bad"))
            )
        )

    flaky, broken, bad_record = asyncio.run(scenario())
    assert (flaky["status"], flaky["attempts"]) == ("ok", 3)
    assert flaky["usage"] == {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}
    assert broken["status"] == "error"
    assert broken["attempts"] == 4
    assert broken["error"] == {
        "type": "InternalServerError",
        "status_code": 500,
        "message": "500 Internal server error",
    }
    assert (bad_record["error"]["status_code"], bad_record["attempts"]) == (400, 1)


def test_stopping_abandons_requests_still_waiting_for_a_long_pause() -> None:
    service = Scripted({"first": [_rate_limited("30")]})
    dispatcher = _dispatcher(service)

    async def scenario() -> list[Any]:
        waiting = [asyncio.create_task(dispatcher.process(_request(n))) for n in ("first", "next")]
        await asyncio.sleep(0.1)  # both are now waiting out the 30 s pause
        dispatcher.stopping.set()
        return list(await asyncio.gather(*waiting, return_exceptions=True))

    started = time.monotonic()
    outcomes = asyncio.run(scenario())
    assert time.monotonic() - started < 2
    assert {type(o) for o in outcomes} <= {Abandoned, dict}
    assert any(isinstance(o, Abandoned) for o in outcomes)


def test_a_bad_key_stops_the_run() -> None:
    service = Scripted({"x": [AuthenticationError("401 bad key", status_code=401)]})
    with pytest.raises(Fatal, match="401"):
        asyncio.run(_dispatcher(service).process(_request("x")))


# -- whole runs against the mock ------------------------------------------------------------


def test_a_run_writes_one_record_per_id_and_a_rerun_sends_nothing(
    mock_server: MockServer, tmp_path: Path
) -> None:
    source = _prompts(tmp_path / "in.jsonl", 40)
    output = tmp_path / "out.jsonl"
    options = BatchOptions(concurrency=8, progress="none", defaults={"max_tokens": 50})
    summary = run_batch(source, output, options, api_key=KEY, base_url=mock_server.base_url)
    assert (summary.total, summary.succeeded, summary.failed, summary.complete) == (40, 40, 0, True)
    records = _records(output)
    assert sorted(r["id"] for r in records) == sorted(f"p{n}" for n in range(40))
    first = next(r for r in records if r["id"] == "p7")
    assert first["text"] == "You said: Prompt 7"
    assert first["completion"]["choices"][0]["message"]["content"] == "You said: Prompt 7"
    assert first["usage"]["total_tokens"] == first["usage"]["prompt_tokens"] + 4
    assert summary.prompt_tokens == sum(r["usage"]["prompt_tokens"] for r in records)

    again = run_batch(source, output, options, api_key=KEY, base_url=mock_server.base_url)
    assert (again.skipped, again.written, again.complete) == (40, 0, True)
    assert len(_records(output)) == 40


def test_text_only_and_kept_fields(mock_server: MockServer, tmp_path: Path) -> None:
    source = _prompts(tmp_path / "in.jsonl", 3, label="yes")
    output = tmp_path / "out.jsonl"
    options = BatchOptions(
        progress="none", text_only=True, keep=("label",), price_input=3.0, price_output=15.0
    )
    run_batch(source, output, options, api_key=KEY, base_url=mock_server.base_url)
    record = _records(output)[0]
    assert "completion" not in record
    assert record["label"] == "yes"
    usage = record["usage"]
    expected = (usage["prompt_tokens"] * 3.0 + usage["completion_tokens"] * 15.0) / 1e6
    assert record["cost"]["estimated_usd"] == pytest.approx(expected)


def test_a_429_with_retry_after_is_waited_out_by_the_whole_run(
    mock_server: MockServer, tmp_path: Path
) -> None:
    source = _prompts(tmp_path / "in.jsonl", 30)
    output = tmp_path / "out.jsonl"
    fault = {"X-Mock-Fault": f"status=429; retry_after=1; times=1; key=batch-{tmp_path.name}"}

    async def run() -> Any:
        async with AsyncClaude3Sonnet(
            api_key=KEY, base_url=mock_server.base_url, default_headers=fault
        ) as client:
            return await arun_batch(
                source, output, BatchOptions(concurrency=4, progress="none"), client=client
            )

    started = time.monotonic()
    summary = asyncio.run(run())
    assert summary.rate_limited == 1
    assert summary.succeeded == 30
    assert time.monotonic() - started >= 1.0
    assert sorted(r["attempts"] for r in _records(output))[-1] == 2


def test_server_errors_after_retries_are_error_records(
    mock_server: MockServer, tmp_path: Path
) -> None:
    source = _prompts(tmp_path / "in.jsonl", 10)
    output = tmp_path / "out.jsonl"
    fault = {"X-Mock-Fault": f"status=500; times=3; key=batch-{tmp_path.name}"}

    async def run() -> Any:
        async with AsyncClaude3Sonnet(
            api_key=KEY, base_url=mock_server.base_url, default_headers=fault
        ) as client:
            options = BatchOptions(concurrency=1, max_retries=0, progress="none")
            return await arun_batch(source, output, options, client=client)

    summary = asyncio.run(run())
    assert (summary.succeeded, summary.failed) == (7, 3)
    errors = [r for r in _records(output) if r["status"] == "error"]
    assert {e["error"]["status_code"] for e in errors} == {500}
    assert all(e["error"]["message"].startswith("500") for e in errors)

    # The errors can be run again; each id still ends with exactly one record.
    retried = run_batch(
        source,
        output,
        BatchOptions(retry_errors=True, progress="none"),
        api_key=KEY,
        base_url=mock_server.base_url,
    )
    assert (retried.skipped, retried.succeeded) == (7, 3)
    records = _records(output)
    assert len(records) == 10
    assert all(r["status"] == "ok" for r in records)


def test_a_wrong_key_stops_the_run_without_writing_errors(
    mock_server: MockServer, tmp_path: Path
) -> None:
    source = _prompts(tmp_path / "in.jsonl", 20)
    output = tmp_path / "out.jsonl"
    wrong = "sk-wrong-key-0123456789abcdef"
    with pytest.raises(BatchAborted, match="401") as caught:
        run_batch(source, output, QUIET, api_key=wrong, base_url=mock_server.base_url)
    assert caught.value.summary.written == 0
    assert output.read_text() == ""
    assert wrong not in str(caught.value)


def test_bad_lines_stop_the_run_before_anything_is_sent(
    mock_server: MockServer, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "prompt": "fine"}\n{"id": 2, "prompt": ""}\n')
    output = tmp_path / "out.jsonl"
    with pytest.raises(BatchInputError) as caught:
        run_batch(source, output, QUIET, api_key=KEY, base_url=mock_server.base_url)
    assert [p.line for p in caught.value.problems] == [2]
    assert not output.exists()
    # ... or go ahead and record the bad line as an error.
    options = BatchOptions(on_invalid="record", progress="none")
    summary = run_batch(source, output, options, api_key=KEY, base_url=mock_server.base_url)
    assert (summary.succeeded, summary.failed, summary.complete) == (1, 1, True)
    bad = next(r for r in _records(output) if r["id"] == 2)
    assert bad["error"]["line"] == 2


def test_the_output_cannot_be_the_input(mock_server: MockServer, tmp_path: Path) -> None:
    source = _prompts(tmp_path / "in.jsonl", 2)
    with pytest.raises(BatchFileError, match="is the input"):
        run_batch(source, source, QUIET, api_key=KEY, base_url=mock_server.base_url)
    assert len(source.read_text().splitlines()) == 2


def test_stop_lets_requests_in_flight_finish(mock_server: MockServer, tmp_path: Path) -> None:
    source = _prompts(tmp_path / "in.jsonl", 200)
    output = tmp_path / "out.jsonl"
    slow = {"X-Mock-Fault": "latency=0.05"}

    async def run() -> Any:
        stop = asyncio.Event()
        async with AsyncClaude3Sonnet(
            api_key=KEY, base_url=mock_server.base_url, default_headers=slow
        ) as client:
            task = asyncio.create_task(
                arun_batch(
                    source,
                    output,
                    BatchOptions(concurrency=4, progress="none"),
                    client=client,
                    stop=stop,
                )
            )
            await asyncio.sleep(0.3)
            stop.set()
            return await task

    summary = asyncio.run(run())
    assert summary.interrupted
    assert not summary.complete
    assert 0 < summary.written < 200
    assert len(_records(output)) == summary.written  # every answer received was written
    rest = run_batch(source, output, QUIET, api_key=KEY, base_url=mock_server.base_url)
    assert rest.complete
    assert sorted(r["id"] for r in _records(output)) == sorted(f"p{n}" for n in range(200))


def test_parquet_in_and_out_resumes_from_its_journal(
    mock_server: MockServer, tmp_path: Path
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "in.parquet"
    pq.write_table(
        pa.table(
            {
                "id": list(range(20)),
                "prompt": [f"Prompt {n}" if n % 2 else None for n in range(20)],
                "messages": [
                    None if n % 2 else json.dumps([{"role": "user", "content": f"M {n}"}])
                    for n in range(20)
                ],
                "label": [f"L{n}" for n in range(20)],
            }
        ),
        source,
    )
    output = tmp_path / "out.parquet"
    journal = tmp_path / "out.parquet.journal.jsonl"
    journal.write_text(
        json.dumps({"id": 3, "status": "ok", "text": "from before"}) + '\n{"id": 4, "sta'
    )
    options = BatchOptions(keep=("label",), progress="none")
    summary = run_batch(source, output, options, api_key=KEY, base_url=mock_server.base_url)
    assert (summary.skipped, summary.succeeded, summary.complete) == (1, 19, True)
    assert not journal.exists()
    table = pq.read_table(output)
    rows = {row["id"]: row for row in table.to_pylist()}
    assert sorted(rows) == list(range(20))
    assert rows[3]["text"] == "from before"
    assert rows[5]["text"] == "You said: Prompt 5"
    assert rows[6]["text"] == "You said: M 6"
    assert rows[6]["label"] == "L6"
    assert json.loads(rows[6]["completion"])["object"] == "chat.completion"
    assert rows[6]["usage"]["total_tokens"] > 0
    # Run again: the finished Parquet file counts as done.
    again = run_batch(source, output, options, api_key=KEY, base_url=mock_server.base_url)
    assert (again.skipped, again.written) == (20, 0)
    assert pq.read_table(output).num_rows == 20


def test_parquet_output_keeps_integer_and_string_ids_apart(
    mock_server: MockServer, tmp_path: Path
) -> None:
    """1 and "1" are different ids: a finished file run again sends nothing twice."""
    pytest.importorskip("pyarrow")
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": 1, "prompt": "one"},
        {"id": "1", "prompt": "text one"},
        {"id": "a", "prompt": "a"},
    ]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    output = tmp_path / "out.parquet"
    first = run_batch(source, output, QUIET, api_key=KEY, base_url=mock_server.base_url)
    again = run_batch(source, output, QUIET, api_key=KEY, base_url=mock_server.base_url)
    extended = tmp_path / "more.jsonl"
    extended.write_text(source.read_text() + json.dumps({"id": 2, "prompt": "two"}) + "\n")
    more = run_batch(extended, output, QUIET, api_key=KEY, base_url=mock_server.base_url)
    assert (first.succeeded, again.skipped, again.written) == (3, 3, 0)
    assert (more.skipped, more.written) == (3, 1)
    pq = pytest.importorskip("pyarrow.parquet")
    assert pq.read_table(output).num_rows == 4


def test_an_unreachable_service_stops_the_run(tmp_path: Path) -> None:
    source = _prompts(tmp_path / "in.jsonl", 5)
    output = tmp_path / "out.jsonl"
    options = BatchOptions(max_retries=1, progress="none")
    with pytest.raises(BatchAborted, match="failed") as caught:
        run_batch(source, output, options, api_key=KEY, base_url="http://127.0.0.1:9")
    assert caught.value.summary.written == 0
    assert output.read_text() == ""


def test_an_empty_input_is_a_finished_run(mock_server: MockServer, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n\n")
    summary = run_batch(
        source, tmp_path / "out.jsonl", QUIET, api_key=KEY, base_url=mock_server.base_url
    )
    assert (summary.total, summary.complete) == (0, True)
