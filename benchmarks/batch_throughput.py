"""Batch throughput: records per second against a mock that takes 200 ms per answer.

Issue 15, item 7. :func:`measure` starts its own mock (``MockProcess`` with
``latency=0.2``, so the server's own CPU is not this process's) and runs
whole batches through :func:`claude_3_sonnet.batch.arun_batch`, input file
to output file, exactly as a user's run:

- **concurrency 1, 16, 64, 256**: the ideal is ``concurrency / latency``
  (5, 80, 320, 1,280 records/s); the gap to it, and this process's CPU
  time per record, show where the client's CPU becomes the bound;
- **10% of attempts answered 429** (``X-Mock-Fault: status=429;
  retry_after=1``, added to every tenth request by an httpx2 event hook)
  at concurrency 64, twice: with the shared back-off and adaptive
  concurrency (the default), and with each request backing off alone
  (``adaptive=False``). These 429s come whatever the pace, so backing off
  cannot make them rarer: this measures what politeness costs when the
  service's 429s are noise.
- **a real rate limit**: the same hook answers 429 (with the wait in
  ``retry-after-ms``) to every attempt beyond ``LIMIT_PER_S`` a second,
  as a service's limiter would. Here backing off together is what keeps
  the run from hammering: compare the 429s per record.

``python -m benchmarks.batch_throughput [--quick]`` prints the result as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import tempfile
import time
from pathlib import Path
from typing import Any, Literal

import httpx2

from claude_3_sonnet import AsyncClaude3Sonnet
from claude_3_sonnet.batch import BatchOptions, BatchSummary, arun_batch
from claude_3_sonnet.batch.limits import TokenBucket
from claude_3_sonnet.mock import MockConfig, MockProcess
from claude_3_sonnet.transport.http import async_transport

API_KEY = "bench-batch-key"
LATENCY = 0.2
CONCURRENCY = (1, 16, 64, 256)
FAULT_EVERY = 10
"""One attempt in this many is answered 429."""
RETRY_AFTER = 1
LIMIT_PER_S = 150.0
"""The emulated service limit, well under the 320/s that 64 in flight could reach."""
SECONDS_PER_RUN = 6.0
"""Each run is sized to take about this long at its ideal rate."""


def _write_prompts(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as file:
        for n in range(count):
            file.write(json.dumps({"id": n, "prompt": f"Prompt number {n}"}) + "\n")


Inject = Literal["none", "noise", "limit"]


def _client(base_url: str, inject: Inject) -> AsyncClaude3Sonnet:
    """Our client; the request hook asks the mock for 429s as ``inject`` says."""
    sent = 0
    limit = TokenBucket(LIMIT_PER_S * 60, burst_seconds=0.1)  # a strict limiter

    async def noise(request: httpx2.Request) -> None:
        nonlocal sent
        sent += 1
        if sent % FAULT_EVERY == 0:
            request.headers["X-Mock-Fault"] = f"status=429; retry_after={RETRY_AFTER}"

    async def limiter(request: httpx2.Request) -> None:
        wait = limit.reserve(1)
        if wait > 0:
            limit.adjust(-1)  # refused: it does not count against the limit
            millis = max(1, math.ceil(wait * 1000))
            request.headers["X-Mock-Fault"] = f"status=429; retry_after_ms={millis}"

    hooks = {"none": {}, "noise": {"request": [noise]}, "limit": {"request": [limiter]}}[inject]
    http = httpx2.AsyncClient(transport=async_transport(), event_hooks=hooks, timeout=60.0)
    return AsyncClaude3Sonnet(api_key=API_KEY, base_url=base_url, http_client=http)


async def _run(
    base_url: str, folder: Path, count: int, options: BatchOptions, inject: Inject = "none"
) -> dict[str, Any]:
    source = folder / f"in-{count}.jsonl"
    output = folder / f"out-{time.monotonic_ns()}.jsonl"
    _write_prompts(source, count)
    client = _client(base_url, inject)
    cpu = time.process_time()
    started = time.perf_counter()
    try:
        summary: BatchSummary = await arun_batch(source, output, options, client=client)
    finally:
        await client._http.aclose()
    wall = time.perf_counter() - started
    used = time.process_time() - cpu
    return {
        "records": summary.written,
        "errors": summary.failed,
        "seconds": round(wall, 3),
        "records_per_s": round(summary.written / wall, 1),
        "client_cpu_ms_per_record": round(1000 * used / max(summary.written, 1), 3),
        "rate_limited": summary.rate_limited,
        "retries": summary.retries,
    }


async def _measure(base_url: str, folder: Path, quick: bool) -> dict[str, Any]:
    scale = 0.25 if quick else 1.0
    by_concurrency: dict[str, Any] = {}
    for concurrency in CONCURRENCY:
        ideal = concurrency / LATENCY
        count = max(int(ideal * SECONDS_PER_RUN * scale), 2 * concurrency, 5)
        result = await _run(
            base_url, folder, count, BatchOptions(concurrency=concurrency, progress="none")
        )
        result["ideal_per_s"] = ideal
        result["share_of_ideal"] = round(result["records_per_s"] / ideal, 3)
        by_concurrency[str(concurrency)] = result
    noise: dict[str, Any] = {
        "concurrency": 64,
        "fault": f"1 in {FAULT_EVERY} attempts: 429, Retry-After {RETRY_AFTER}",
    }
    limited: dict[str, Any] = {
        "concurrency": 64,
        "fault": f"429 beyond {LIMIT_PER_S:g} attempts/s (retry-after-ms: the wait)",
    }
    for name, adaptive in (("shared_backoff", True), ("independent_backoff", False)):
        options = BatchOptions(concurrency=64, adaptive=adaptive, max_retries=20, progress="none")
        noise[name] = await _run(base_url, folder, 100 if quick else 300, options, "noise")
        limited[name] = await _run(base_url, folder, 300 if quick else 1500, options, "limit")
    for result in (*_results(noise), *_results(limited)):
        # Attempts beyond one per record: how hard the run pushed into the limit.
        result["extra_attempts_per_record"] = round(
            result["retries"] / max(result["records"], 1), 3
        )
    return {
        "latency_s": LATENCY,
        "quick": quick,
        "by_concurrency": by_concurrency,
        "with_10pct_429": noise,
        "with_rate_limit": limited,
    }


def _results(section: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in section.values() if isinstance(v, dict)]


def measure(quick: bool) -> dict[str, Any]:
    """Throughput at each concurrency, and under 10% 429s; a JSON-ready dict."""
    with (
        MockProcess(MockConfig(api_key=API_KEY, latency=LATENCY)) as mock,
        tempfile.TemporaryDirectory(prefix="batch-bench-") as folder,
    ):
        return asyncio.run(_measure(mock.base_url, Path(folder), quick))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run, a few seconds")
    args = parser.parse_args()
    print(json.dumps(measure(args.quick), indent=2))


if __name__ == "__main__":
    main()
