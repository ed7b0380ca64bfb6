"""The mock on loopback for the end-to-end measurements, and how a batch is metered.

The server is the project's own ``MockProcess``: the mock app in a child
Python process, so it does not share this process's GIL with the clients
being measured. A batch records wall time, this process's CPU and the
server's CPU (from ``/proc/<pid>/stat``), so a rate can be read as client
cost or server cost.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx2

from claude_3_sonnet.mock import MockConfig, MockProcess

from .common import API_KEY, AUTH, BODY, PATH, median

STALL_SECONDS = 0.02
"""A warm loopback call slower than this means the server stalls, not computes.

An early mock did: Nagle's algorithm on its socket added 40 ms to every call.
"""


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int | None


@contextlib.contextmanager
def mock_server() -> Iterator[Server]:
    """The mock in its own process on 127.0.0.1 (a free port), accepting ``API_KEY``."""
    with MockProcess(MockConfig(api_key=API_KEY), host="127.0.0.1", port=0) as process:
        yield Server(process.base_url.rstrip("/"), process.pid)


def process_cpu(pid: int | None) -> float | None:
    """CPU seconds used so far by another process (Linux), else ``None``."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Batch:
    """One contender's batch over loopback."""

    requests: int
    wall: float
    client_cpu: float
    server_cpu: float | None

    @property
    def rate(self) -> float:
        return self.requests / self.wall if self.wall > 0 else 0.0


class Meter:
    """``with Meter(pid) as meter: ...`` then ``meter.batch(requests_done)``."""

    def __init__(self, server_pid: int | None) -> None:
        self.pid = server_pid
        self.wall = self.client_cpu = 0.0
        self.server_cpu: float | None = None

    def __enter__(self) -> Meter:
        gc.collect()
        self._server = process_cpu(self.pid)
        self._cpu = time.process_time()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.wall = time.perf_counter() - self._start
        self.client_cpu = time.process_time() - self._cpu
        after = process_cpu(self.pid)
        self.server_cpu = None if after is None or self._server is None else after - self._server

    def batch(self, requests: int) -> Batch:
        return Batch(requests, self.wall, self.client_cpu, self.server_cpu)


def probe_stall(base_url: str) -> float:
    """Median seconds of a few warm calls with raw httpx2 (a healthy one takes about 1 ms)."""
    with httpx2.Client() as client:
        times = []
        for _ in range(6):
            start = time.perf_counter()
            client.post(base_url + PATH, json=BODY, headers=AUTH).raise_for_status()
            times.append(time.perf_counter() - start)
    return median(times[1:])
