"""The batch's pure parts: rate limits, back-off, AIMD, input checks, the journal."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from claude_3_sonnet import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
)
from claude_3_sonnet.batch import BatchFileError, BatchOptions
from claude_3_sonnet.batch.dispatch import classify
from claude_3_sonnet.batch.errors import InputProblem
from claude_3_sonnet.batch.journal import Journal
from claude_3_sonnet.batch.limits import AdaptiveLimit, Schedule, TokenBucket
from claude_3_sonnet.batch.records import (
    Request,
    RequestBuilder,
    estimate_tokens,
    requests,
    scan,
)
from claude_3_sonnet.batch.sources import Source


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# -- rate limits ---------------------------------------------------------------------


def test_bucket_lets_a_second_through_then_paces() -> None:
    clock = Clock()
    bucket = TokenBucket(600, clock=clock)  # 10 a second, holds one second's worth
    assert [bucket.reserve(1) for _ in range(10)] == [0.0] * 10
    assert bucket.reserve(1) == pytest.approx(0.1)
    assert bucket.reserve(1) == pytest.approx(0.2)  # reservations queue up behind each other
    clock.now += 0.1  # refilled one: the queue moves up
    assert bucket.reserve(1) == pytest.approx(0.2)
    clock.now += 10.0  # refilled to the brim, never beyond one second's worth
    assert [bucket.reserve(1) for _ in range(10)] == [0.0] * 10
    assert bucket.reserve(1) == pytest.approx(0.1)


def test_bucket_takes_corrections_both_ways() -> None:
    clock = Clock()
    bucket = TokenBucket(60_000, clock=clock)  # 1,000 tokens a second
    assert bucket.reserve(1000) == 0.0
    bucket.adjust(500)  # the answer used 500 more than booked
    assert bucket.reserve(100) == pytest.approx(0.6)
    bucket.adjust(-600)  # the other way round: given back
    assert bucket.reserve(0) == 0.0


def test_a_request_larger_than_the_bucket_waits_instead_of_deadlocking() -> None:
    bucket = TokenBucket(60, clock=Clock())  # one token a second
    assert bucket.reserve(5) == pytest.approx(4.0)


def test_bucket_refuses_nonsense_rates() -> None:
    for rate in (0, -1, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="positive"):
            TokenBucket(rate)


def test_schedule_pause_holds_every_request_and_a_longer_one_wins() -> None:
    clock = Clock()
    schedule = Schedule(clock=clock)
    assert schedule.reserve(10) == 0.0
    schedule.pause(2.0)
    schedule.pause(1.0)  # a shorter pause does not shorten the first
    assert schedule.reserve(10) == pytest.approx(2.0)
    assert schedule.backoff.pauses == 1
    clock.now += 2.5
    assert schedule.reserve(10) == 0.0


def test_schedule_waits_for_the_slowest_limit() -> None:
    clock = Clock()
    schedule = Schedule(requests_per_minute=60, tokens_per_minute=60_000, clock=clock)
    assert schedule.reserve(500) == 0.0
    # second request: 1 s for the request bucket, 0 s for the tokens (500 left)
    assert schedule.reserve(400) == pytest.approx(1.0)
    schedule.adjust(-100)
    assert schedule.tokens is not None


# -- adaptive concurrency --------------------------------------------------------------


def test_aimd_halves_once_per_congestion_event_and_grows_back() -> None:
    async def scenario() -> None:
        clock = Clock()
        limit = AdaptiveLimit(64, clock=clock)
        started_before = clock.now
        clock.now += 1
        assert limit.overloaded(started_before)
        assert limit.allowed == 32
        # Other requests that were already in flight when it cut do not cut again.
        assert not limit.overloaded(started_before)
        assert limit.allowed == 32
        clock.now += 1
        assert limit.overloaded(clock.now)  # a request started after the cut: a new event
        assert limit.allowed == 16
        for _ in range(20):  # a round is ~16 successes: one more place
            await limit.succeeded()
        assert limit.allowed == 17
        for _ in range(10_000):
            await limit.succeeded()
        assert limit.allowed == 64  # never above the user's concurrency

    asyncio.run(scenario())


def test_aimd_never_goes_below_one_and_can_be_switched_off() -> None:
    clock = Clock()
    limit = AdaptiveLimit(4, clock=clock)
    for _ in range(10):
        clock.now += 1
        limit.overloaded(clock.now)
    assert limit.allowed == 1
    fixed = AdaptiveLimit(4, adaptive=False, clock=clock)
    clock.now += 1
    assert not fixed.overloaded(clock.now)
    assert fixed.allowed == 4


def test_slots_hold_requests_at_the_limit() -> None:
    async def scenario() -> int:
        limit = AdaptiveLimit(3)
        peak = 0

        async def request() -> None:
            nonlocal peak
            async with limit.slot():
                peak = max(peak, limit.in_flight)
                await asyncio.sleep(0.01)

        await asyncio.gather(*(request() for _ in range(20)))
        assert limit.in_flight == 0
        return peak

    assert asyncio.run(scenario()) == 3


# -- which failures do what -------------------------------------------------------------


def _status(cls: type[Any], code: int, headers: dict[str, str] | None = None) -> Any:
    return cls(f"{code} error", status_code=code, headers=headers or {})


def test_failures_are_classified() -> None:
    assert classify(_status(RateLimitError, 429)) == "rate_limited"
    assert classify(_status(InternalServerError, 503)) == "overloaded"
    assert classify(_status(InternalServerError, 500)) == "transient"
    assert classify(_status(BadRequestError, 400)) == "final"
    assert classify(_status(AuthenticationError, 401)) == "fatal"
    assert classify(_status(PermissionDeniedError, 403)) == "fatal"
    assert classify(APITimeoutError("slow")) == "transient"
    assert classify(APIConnectionError("refused")) == "unreachable"
    assert classify(ResponseValidationError("garbage")) == "final"


# -- input --------------------------------------------------------------------------------


def _write_lines(path: Path, *lines: Any) -> Path:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "in.jsonl",
        {"id": 1, "prompt": "fine"},
        {"id": 1, "prompt": "again"},
        "{not json",
        {"prompt": "who am I"},
        {"id": "t", "prompt": "hot", "temperature": 9},
        {"id": "u", "prompt": "x", "colour": "red"},
        {"id": "v", "prompt": "x", "messages": []},
        {"id": "w"},
        {"id": "s", "prompt": "x", "stream": True},
        "",
        {"id": ["no"], "prompt": "x"},
        {"id": "ok", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 5},
    )
    checked = scan(Source(path), RequestBuilder())
    found = {p.line: str(p) for p in checked.problems}
    assert sorted(found) == [2, 3, 4, 5, 6, 7, 8, 9, 11]
    assert "duplicate id (first on line 1)" in found[2]
    assert "not valid JSON" in found[3]
    assert "has no id" in found[4]
    assert 'line 5 (id "t"): temperature' in found[5]
    assert "unknown field 'colour'" in found[6]
    assert "both prompt and messages" in found[7]
    assert "neither prompt nor messages" in found[8]
    assert "stream is not supported" in found[9]
    assert "id must be a string or an integer" in found[11]
    assert set(checked.ids) == {1, "t", "u", "v", "w", "s", "ok"}
    assert checked.invalid_ids == 5
    assert checked.unrecordable == 4


def test_the_second_pass_yields_each_id_once_with_the_line_overriding_defaults(
    tmp_path: Path,
) -> None:
    path = _write_lines(
        tmp_path / "in.jsonl",
        {"id": "a", "prompt": "one"},
        {"id": "a", "prompt": "dup"},
        {"id": "b", "prompt": "two", "max_tokens": 7, "label": "x"},
        {"id": "c", "prompt": "three"},
    )
    builder = RequestBuilder({"max_tokens": 50, "system": "Be brief."}, keep=["label"])
    source = Source(path)
    checked = scan(source, builder)
    out = list(requests(source, builder, checked, skip={"c"}))
    assert [r.id for r in out] == ["a", "b"]
    first, second = out
    assert isinstance(first, Request)
    assert isinstance(second, Request)
    assert first.params["messages"] == [{"role": "user", "content": "one"}]
    assert first.params["max_tokens"] == 50
    assert first.params["model"] == "claude-3-sonnet-latest"
    assert second.params["max_tokens"] == 7
    assert second.params["system"] == "Be brief."
    assert second.kept == {"label": "x"}
    assert "label" not in second.params


def test_bad_defaults_are_refused_once(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown request field"):
        RequestBuilder({"colour": "red"})
    with pytest.raises(ValueError, match="temperature"):
        RequestBuilder({"temperature": 9})
    with pytest.raises(ValueError, match="cannot be a default"):
        RequestBuilder({"stream": True})
    with pytest.raises(ValueError, match="cannot keep"):
        RequestBuilder(keep=["status"])


def test_token_estimate_counts_text_images_and_the_longest_answer() -> None:
    image = {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": "A" * 10_000},
    }
    body = {
        "system": "x" * 40,
        "messages": [{"role": "user", "content": [{"type": "text", "text": "y" * 40}, image]}],
        "max_tokens": 100,
    }
    # 40 + 40 + "user" + "text" + "text"... roughly 90 chars / 4, one image, 100 answer tokens
    assert 1700 < estimate_tokens(body) < 1750
    assert estimate_tokens({"messages": [{"role": "user", "content": "hi"}]}) == 2 + 512


def test_an_unreadable_input_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BatchFileError, match="No such file"):
        Source(tmp_path / "missing.jsonl")
    with pytest.raises(BatchFileError, match="is a directory"):
        Source(tmp_path)


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="concurrency"):
        BatchOptions(concurrency=0)
    with pytest.raises(ValueError, match="rpm"):
        BatchOptions(rpm=-5)
    with pytest.raises(ValueError, match="on_invalid"):
        BatchOptions(on_invalid="ignore")  # type: ignore[arg-type]


def test_problem_text_names_the_unit() -> None:
    assert str(InputProblem(4, "has no id", None, "row")) == "row 4: has no id"


# -- the journal ----------------------------------------------------------------------------


def _record(record_id: Any, status: str = "ok") -> dict[str, Any]:
    return {"id": record_id, "status": status, "text": f"answer {record_id}"}


def test_journal_resumes_and_repairs_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with Journal(path).open() as journal:
        journal.append(_record("a"))
        journal.append(_record(2, "error"))
    intact = path.read_bytes()
    with path.open("ab") as file:
        file.write(b'{"id": "c", "status": "ok", "te')  # a kill in the middle of a write
    with Journal(path).open() as journal:
        assert journal.done == {"a": True, 2: False}
        assert any("torn" in w for w in journal.warnings)
        assert path.read_bytes() == intact
        journal.append(_record("c"))
    lines = path.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", 2, "c"]


def test_journal_refuses_damage_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(_record("a")) + "\nhello\n" + json.dumps(_record("b")) + "\n")
    with pytest.raises(BatchFileError, match="line 2 is not a batch record"):
        Journal(path).open()
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_journal_retry_errors_rewrites_without_them(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with Journal(path).open() as journal:
        for n in range(4):
            journal.append(_record(n, "error" if n % 2 else "ok"))
    with Journal(path).open(retry_errors=True) as journal:
        assert journal.done == {0: True, 2: True}
    assert [json.loads(line)["id"] for line in path.read_text().splitlines()] == [0, 2]


def test_one_run_at_a_time_per_output(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with Journal(path).open(), pytest.raises(BatchFileError, match="another batch run"):
        Journal(path).open()
    with Journal(path).open():  # released: the next run may go
        pass
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_appends_from_many_threads_stay_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    big = "x" * 100_000  # larger than any pipe or buffer size
    with Journal(path, fsync=False).open() as journal:

        def write(start: int) -> None:
            for n in range(start, start + 50):
                journal.append({**_record(n), "text": big})

        threads = [threading.Thread(target=write, args=(k * 50,)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert sorted(json.loads(line)["id"] for line in lines[:-1]) == list(range(200))


def test_an_unwritable_output_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BatchFileError, match="is a directory"):
        Journal(tmp_path).open()
    with pytest.raises(BatchFileError, match="No such file"):
        Journal(tmp_path / "missing" / "out.jsonl").open()
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "ro"
        locked.mkdir(mode=0o500)
        with pytest.raises(BatchFileError, match="ermission"):
            Journal(locked / "out.jsonl").open()


# -- progress and optional dependencies -------------------------------------------------------


def test_progress_bar_and_lines_render(tmp_path: Path) -> None:
    import io  # noqa: PLC0415

    from claude_3_sonnet.batch.progress import Lines, make_progress, status_line  # noqa: PLC0415
    from claude_3_sonnet.batch.stats import RunStats  # noqa: PLC0415

    stats = RunStats(output="out.jsonl", total=10, skipped=2, concurrency=8)
    stats.count({"status": "ok", "usage": {"prompt_tokens": 5, "completion_tokens": 7}})
    stats.count({"status": "error", "error": {}, "attempts": 3})
    stats.paused_for = 1.5
    line = status_line(stats)
    assert line.startswith("4/10 (40%)")
    assert "1 errors" in line
    assert "12 tokens" in line
    assert "paused 1.5 s" in line
    assert stats.retries == 2
    for mode in ("bar", "lines", "none"):
        stream = io.StringIO()
        view = make_progress(mode, stream)
        view.start(stats)
        view.note("hello")
        view.update(stats)
        view.finish(stats)
        assert ("hello" in stream.getvalue()) == (mode != "none")
    assert isinstance(make_progress("auto", io.StringIO()), Lines)  # not a terminal


def test_jsonl_batches_need_none_of_the_optional_packages(tmp_path: Path) -> None:
    """pyarrow, rich and Ray are extras: without them JSONL runs, Parquet says what to install."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "prompt": "hi"}\n', encoding="utf-8")
    script = f"""
import sys
for name in ("pyarrow", "rich", "ray", "pandas", "numpy"):
    sys.modules[name] = None  # as if not installed
from claude_3_sonnet.batch.cli import main
assert main([{str(source)!r}, "-o", {str(tmp_path / "out.jsonl")!r}, "--mock", "--progress", "bar"]) == 0
assert main([{str(source)!r}, "-o", {str(tmp_path / "out.parquet")!r}, "--mock"]) == 2
assert main([{str(source)!r}, "-o", {str(tmp_path / "x.jsonl")!r}, "--mock", "--ray"]) == 2
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "pip install 'claude-3-sonnet[parquet]'" in result.stderr
    assert "pip install 'claude-3-sonnet[ray]'" in result.stderr
    assert json.loads((tmp_path / "out.jsonl").read_text())["text"] == "You said: hi"
