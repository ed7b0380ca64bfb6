"""Soak: many concurrent calls, half streamed, against a mock that fails at random.

``make soak`` runs 1,000 calls at once through one ``AsyncClaude3Sonnet``
against ``MockProcess`` with a 20% failure rate (500/502/503 at random), then
checks that every call is accounted for: its answer (text as the mock would
say it), or ``InternalServerError`` after exactly ``max_retries + 1``
attempts, the documented outcome when every attempt failed. Then it checks
that nothing is left open: the client's file descriptors are back to where
they started, and the mock holds no connection from it.

A reduced run (``tests/test_soak.py``) is part of ``make test``.
Usage: ``python scripts/soak.py [--calls N] [--failure-rate F] [--seed S]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx2

from claude_3_sonnet import AsyncClaude3Sonnet, Claude3SonnetError, InternalServerError
from claude_3_sonnet.mock import MockConfig, MockProcess
from claude_3_sonnet_client.params import MessageParam

KEY = "soak-key-0001"
MAX_RETRIES = 2


def open_fds(pid: int | None = None) -> int:
    """File descriptors open in a process (Linux ``/proc``)."""
    return len(os.listdir(f"/proc/{pid or os.getpid()}/fd"))


@dataclass
class SoakReport:
    calls: int
    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    unexplained: list[str] = field(default_factory=list)
    client_fds_left: int = 0
    server_fds_left: int = 0

    @property
    def clean(self) -> bool:
        accounted = sum(self.outcomes.values()) == self.calls
        return (
            accounted
            and not self.unexplained
            and self.client_fds_left <= 0
            and (self.server_fds_left <= 0)
        )

    def summary(self) -> str:
        return (
            f"{self.calls} calls in {self.seconds:.1f} s: {dict(self.outcomes)}; "
            f"unexplained: {len(self.unexplained)}; file descriptors left open: "
            f"client {self.client_fds_left}, mock {self.server_fds_left}"
        )


async def _one(client: AsyncClaude3Sonnet, number: int, report: SoakReport) -> None:
    text = f"call {number}"
    expected = f"You said: {text}"
    messages: list[MessageParam] = [{"role": "user", "content": text}]
    try:
        if number % 2:
            stream = await client.chat.completions.create(messages=messages, stream=True)
            got = await stream.get_final_text()
            kind = "streamed"
        else:
            completion = await client.chat.completions.create(messages=messages)
            got = completion.choices[0].message.content or ""
            kind = "plain"
    except InternalServerError as error:
        report.outcomes["failed every attempt"] += 1
        if error.attempts != MAX_RETRIES + 1:
            report.unexplained.append(f"call {number}: gave up after {error.attempts} attempts")
        return
    except Claude3SonnetError as error:
        report.outcomes[type(error).__name__] += 1
        report.unexplained.append(f"call {number}: {type(error).__name__}: {error}")
        return
    report.outcomes[kind] += 1
    if got != expected:
        report.unexplained.append(f"call {number}: answered {got!r}, expected {expected!r}")


async def soak(base_url: str, calls: int) -> SoakReport:
    report = SoakReport(calls)
    before = open_fds()
    started = time.perf_counter()
    async with AsyncClaude3Sonnet(
        api_key=KEY, base_url=base_url, max_retries=MAX_RETRIES, total_timeout=300
    ) as client:
        client._sleep = lambda seconds: asyncio.sleep(min(seconds, 0.05))  # same retries, less idle
        await asyncio.gather(*(_one(client, n, report) for n in range(calls)))
    report.seconds = time.perf_counter() - started
    report.client_fds_left = open_fds() - before
    return report


def run(calls: int, failure_rate: float, seed: int) -> SoakReport:
    config = MockConfig(api_key=KEY, failure_rate=failure_rate, seed=seed)
    with MockProcess(config) as mock:
        assert mock.pid is not None
        httpx2.get(f"{mock.base_url}/_mock/health").raise_for_status()  # its event loop is up
        server_before = open_fds(mock.pid)
        report = asyncio.run(soak(mock.base_url, calls))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the mock closes each connection as it sees EOF
            report.server_fds_left = open_fds(mock.pid) - server_before
            if report.server_fds_left <= 0:
                break
            time.sleep(0.1)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--failure-rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    report = run(args.calls, args.failure_rate, args.seed)
    print(report.summary())
    for line in report.unexplained[:20]:
        print("  " + line)
    print("soak: clean" if report.clean else "soak: FAILED")
    return 0 if report.clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
