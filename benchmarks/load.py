"""``make load``: many concurrent connections against the mock, every answer checked.

    python -m benchmarks.load                      # 200 connections x 25 requests per mode
    python -m benchmarks.load --requests 10 --connections 50

Starts the mock in its own process (``MockProcess`` on a free loopback
port), then drives it with httpx2 from this process: ``--connections``
connections opened at once, each sending its requests back to back, first
plain then streamed requests (a 14-word answer: 15 events plus
``[DONE]``). Every response is checked, not just counted: a success must
be 201 and complete (a JSON body naming ``chat.completion``, or a stream
ending in ``[DONE]``); any error makes the exit status 1. Besides the rate
it prints the CPU time the mock spent per request, read from ``/proc``
(Linux): the mock's own cost, whatever the load generator manages.

:func:`run_load` is also what ``tests/test_mock_load.py`` asserts zero
errors with, so the published rate is measured the way the test exercises
the mock. It lives here, not in the mock package, because it is tooling
about the mock, not part of it. The load generator shares the machine
with the mock, so on a small machine the rate is a floor: the HTTP
client spends more CPU per request than the mock does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import ssl
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx2

from claude_3_sonnet.mock import CHAT_PATH, MockConfig, MockProcess

from .loopback import process_cpu

API_KEY = "load-key"


@dataclass(slots=True)
class LoadResult:
    """What one load run saw."""

    connections: int
    stream: bool
    requests: int = 0
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Requests that raised, answered other than 201, or came back incomplete."""
        return len(self.errors)

    @property
    def rate(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        kind = "streaming" if self.stream else "non-streaming"
        return (
            f"{kind}: {self.requests} requests over {self.connections} connections in "
            f"{self.seconds:.2f} s = {self.rate:,.0f} req/s, {self.failed} errors"
        )


def body(words: int = 12, *, stream: bool = False) -> dict[str, Any]:
    """A small valid request whose answer has ``words + 2`` words (one stream chunk each)."""
    text = " ".join(f"w{i}" for i in range(words))
    return {
        "model": "claude-3-sonnet-latest",
        "messages": [{"role": "user", "content": text}],
        "stream": stream,
    }


async def run_load(
    base_url: str,
    *,
    api_key: str,
    connections: int = 200,
    requests_per_connection: int = 10,
    stream: bool = False,
    words: int = 12,
    timeout: float = 60.0,
) -> LoadResult:
    """Open ``connections`` connections at once; each sends its requests one after another."""
    result = LoadResult(connections=connections, stream=stream)
    payload = body(words, stream=stream)
    headers = {"Authorization": f"Bearer {api_key}"}
    # One client per connection: a shared pool of hundreds of connections
    # costs the client more CPU per request than the mock spends answering it.
    limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
    tls = ssl.create_default_context()  # unused over http://, but built once, not per client

    async def one(client: httpx2.AsyncClient) -> None:
        try:
            response = await client.post(CHAT_PATH, json=payload)
        except httpx2.HTTPError as exc:
            result.errors.append(f"{type(exc).__name__}: {exc}")
            return
        result.statuses[response.status_code] += 1
        complete = (
            response.text.endswith("data: [DONE]\n\n")
            if stream
            else b'"object":"chat.completion"' in response.content
        )
        if response.status_code != 201 or not complete:
            result.errors.append(f"{response.status_code}: {response.text[:200]}")
        else:
            result.requests += 1

    async def connection(ready: asyncio.Event) -> None:
        async with httpx2.AsyncClient(
            base_url=base_url, limits=limits, timeout=timeout, headers=headers, verify=tls
        ) as client:
            await ready.wait()
            for _ in range(requests_per_connection):
                await one(client)

    ready = asyncio.Event()
    workers = [asyncio.create_task(connection(ready)) for _ in range(connections)]
    await asyncio.sleep(0)
    started = time.perf_counter()
    ready.set()
    await asyncio.gather(*workers)
    result.seconds = time.perf_counter() - started
    return result


def _one_mode(mock: MockProcess, args: argparse.Namespace, *, stream: bool) -> LoadResult:
    """A short warm-up (imports, first connections), then the measured run, reported."""
    asyncio.run(
        run_load(
            mock.base_url, api_key=API_KEY, connections=10, requests_per_connection=2, stream=stream
        )
    )
    before = process_cpu(mock.pid)
    result = asyncio.run(
        run_load(
            mock.base_url,
            api_key=API_KEY,
            connections=args.connections,
            requests_per_connection=args.requests,
            stream=stream,
            words=args.words,
        )
    )
    after = process_cpu(mock.pid)
    line = result.summary()
    if before is not None and after is not None and result.requests:
        per_request = (after - before) / result.requests
        line += f"; mock CPU {per_request * 1e3:.2f} ms/request"
        if per_request > 0:
            line += f" (~{1 / per_request:,.0f} req/s per core)"
    print(line)
    for error in result.errors[:5]:
        print(f"  error: {error}")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--requests", type=int, default=25, help="per connection and mode")
    parser.add_argument("--words", type=int, default=12, help="words in each request")
    args = parser.parse_args(argv)
    if not (1 <= args.connections <= 1000 and 1 <= args.requests <= 1000):
        parser.error("--connections and --requests must be between 1 and 1000")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    failed = 0
    with MockProcess(MockConfig(api_key=API_KEY), host="127.0.0.1") as mock:
        print(f"mock: {mock.base_url} (pid {mock.pid})")
        for stream in (False, True):
            failed += _one_mode(mock, args, stream=stream).failed
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
