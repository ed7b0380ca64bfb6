"""Measure the mock's request rate with 200 concurrent connections.

Starts the mock in its own process (``MockProcess`` on a free loopback
port), then drives it with ``httpx.AsyncClient`` from this process: 200
connections opened at once, each sending its requests back to back, first
plain then streamed requests (a 14-word answer, 15 events plus
``[DONE]``). Every response is checked (201 and complete); any error makes
the exit status 1. Besides the rate it prints the CPU time the mock spent
per request, read from ``/proc`` (Linux), which is the mock's own cost
whatever the load generator manages.

    python scripts/load_mock.py                     # 200 x 25 requests per mode
    python scripts/load_mock.py --requests 10 --connections 50

The load generator shares the machine with the mock, so on a small machine
the rate is a floor: httpx spends more CPU per request than the mock does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from claude_3_sonnet.mock import MockConfig, MockProcess
from claude_3_sonnet.mock.load import LoadResult, run_load

API_KEY = "load-key"


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, or ``None`` without ``/proc``."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--requests", type=int, default=25, help="per connection and mode")
    parser.add_argument("--words", type=int, default=12, help="words in each request")
    args = parser.parse_args(argv)
    if not (1 <= args.connections <= 1000 and 1 <= args.requests <= 1000):
        parser.error("--connections and --requests must be between 1 and 1000")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    failed = 0
    with MockProcess(MockConfig(api_key=API_KEY), host="127.0.0.1") as mock:
        assert mock.pid is not None
        print(f"mock: {mock.base_url} (pid {mock.pid})")
        for stream in (False, True):
            # A short warm-up, so imports and first connections are not measured.
            asyncio.run(
                run_load(
                    mock.base_url,
                    api_key=API_KEY,
                    connections=10,
                    requests_per_connection=2,
                    stream=stream,
                )
            )
            before = cpu_seconds(mock.pid)
            result: LoadResult = asyncio.run(
                run_load(
                    mock.base_url,
                    api_key=API_KEY,
                    connections=args.connections,
                    requests_per_connection=args.requests,
                    stream=stream,
                    words=args.words,
                )
            )
            after = cpu_seconds(mock.pid)
            line = result.summary()
            if before is not None and after is not None and result.requests:
                per_request = (after - before) / result.requests
                line += f"; mock CPU {per_request * 1e3:.2f} ms/request (~{1 / per_request:,.0f} req/s per core)"
            print(line)
            for error in result.errors[:5]:
                print(f"  error: {error}")
            failed += result.failed
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
