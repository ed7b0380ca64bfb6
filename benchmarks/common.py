"""What every measurement shares: settings, the request, timing, rounds, ratios.

The method, which every module follows:

- **Same run, interleaved rounds.** Each contender runs one batch per round
  and a different contender goes first each round (:func:`rotated`), so a
  busy machine (other engineers' tests on the same two cores) slows all of
  them alike instead of whichever happened to run during the spike.
- **Medians.** A figure is the median over the rounds.
- **Paired ratios.** A ratio is the median of the per-round ratios to the
  floor measured *in that same round* (:func:`paired_ratios`): microseconds
  drift from run to run on a shared machine, ratios within a round much
  less.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from claude_3_sonnet_client.params import UserMessageParam

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-key"
MODEL = "claude-3-sonnet-latest"
BASE_URL = "http://bench.invalid"
PATH = "/v1/chat/completions"
URL = BASE_URL + PATH
AUTH = {"Authorization": f"Bearer {API_KEY}"}
BODY: dict[str, Any] = {"model": MODEL, "messages": [{"role": "user", "content": "Hello"}]}
"""The request every contender sends: the smallest valid one."""


def messages() -> list[UserMessageParam]:
    """A fresh copy of the request's messages (no contender can change another's)."""
    return [{"role": "user", "content": "Hello"}]


@dataclass(frozen=True)
class Settings:
    """How much to measure. ``--quick`` shrinks everything to a smoke run."""

    quick: bool
    rounds: int
    """Rounds of every in-process comparison."""
    calls: int
    """Calls per contender per round, in process."""
    chunks: int
    """Text pieces of the streamed answer (each one chunk; the stream has two more)."""
    e2e_rounds: int
    """Rounds of the loopback comparisons (each round opens fresh clients)."""
    e2e_calls: int
    """Sequential calls per contender per round over loopback."""
    async_requests: int
    """Requests per contender per round with ``in_flight`` in flight."""
    in_flight: int
    batch_seconds: float
    """A loopback batch stops early after this long (it then counts what it finished)."""
    import_runs: int
    generate_runs: int

    @classmethod
    def make(cls, quick: bool, rounds: int | None = None) -> Settings:
        if quick:
            r = rounds or 2
            return cls(
                quick=True,
                rounds=r,
                calls=20,
                chunks=200,
                e2e_rounds=r,
                e2e_calls=10,
                async_requests=64,
                in_flight=64,
                batch_seconds=5.0,
                import_runs=2,
                generate_runs=1,
            )
        r = rounds or 7
        return cls(
            quick=False,
            rounds=r,
            calls=1000,
            chunks=20_000,
            e2e_rounds=min(r, 5),
            e2e_calls=300,
            async_requests=512,
            in_flight=64,
            batch_seconds=5.0,
            import_runs=r + 2,
            generate_runs=3,
        )


# -- rounds and ratios --------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rotated(names: Sequence[str], round_index: int) -> list[str]:
    """A different starting contender each round, so none always runs first."""
    k = round_index % len(names)
    return [*names[k:], *names[:k]]


def interleaved(names: Sequence[str], rounds: int, run: Callable[[str], T]) -> dict[str, list[T]]:
    """``run(name)`` once per contender per round, the order rotated each round."""
    results: dict[str, list[T]] = {name: [] for name in names}
    for r in range(rounds):
        for name in rotated(names, r):
            results[name].append(run(name))
    return results


async def ainterleaved(
    names: Sequence[str], rounds: int, run: Callable[[str], Awaitable[T]]
) -> dict[str, list[T]]:
    """:func:`interleaved` for contenders that are measured on an event loop."""
    results: dict[str, list[T]] = {name: [] for name in names}
    for r in range(rounds):
        for name in rotated(names, r):
            results[name].append(await run(name))
    return results


def paired_ratios(
    rounds: Mapping[str, Sequence[float]], floor: str, *, invert: bool = False
) -> dict[str, float]:
    """Median over rounds of ``x / floor`` in the same round (``floor / x`` if ``invert``).

    ``invert`` turns costs (seconds per chunk) into throughput ratios: 0.5
    means half the floor's chunks per second.
    """
    out: dict[str, float] = {}
    for name, values in rounds.items():
        pairs = zip(values, rounds[floor], strict=True)
        out[name] = median([(f / v) if invert else (v / f) for v, f in pairs if v > 0 and f > 0])
    return out


# -- timing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One batch of one contender: seconds per unit, wall clock and this process's CPU."""

    wall: float
    cpu: float


def timed(fn: Callable[[], object], count: int, units: int | None = None) -> Sample:
    """Run ``fn`` ``count`` times; seconds per unit (``units`` defaults to ``count``).

    A full collection first, so garbage left by the previous contender is not
    collected on this one's time.
    """
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(count):
        fn()
    wall = time.perf_counter() - start
    used = time.process_time() - cpu
    per = units or count
    return Sample(wall / per, used / per)


def variants_table(
    samples: Mapping[str, Sequence[Sample]],
    floor: str,
    unit: str,
    scale: float,
    *,
    throughput: bool = False,
) -> dict[str, Any]:
    """One JSON entry per contender: median, every round, CPU, ratio to the floor.

    With ``throughput`` the ratio is the floor's time over the contender's
    (``throughput_ratio_to_floor``, higher is better); otherwise the
    contender's cost over the floor's (``ratio_to_floor``, lower is better).
    """
    walls = {name: [s.wall for s in values] for name, values in samples.items()}
    ratios = paired_ratios(walls, floor, invert=throughput)
    key = "throughput_ratio_to_floor" if throughput else "ratio_to_floor"
    table: dict[str, Any] = {}
    for name, values in walls.items():
        table[name] = {
            "median": median(values) * scale,
            "unit": unit,
            "rounds": [v * scale for v in values],
            "cpu_median": median([s.cpu for s in samples[name]]) * scale,
            key: ratios[name],
        }
    return table


def canned_transport(library: Any, status: int, pieces: Sequence[bytes], content_type: str) -> Any:
    """An in-process transport of ``library`` (httpx or httpx2) answering every request alike.

    The body is handed over in ``pieces`` as a socket would, through an
    iterator, so the client reads it as a stream and not as preloaded
    content; no network, so the client's own work is what is measured.
    """
    headers = {"content-type": content_type, "x-request-id": "req_bench"}

    def handler(request: Any) -> Any:
        return library.Response(status, content=iter(pieces), headers=headers)

    return library.MockTransport(handler)


def split(body: bytes, piece: int) -> list[bytes]:
    """``body`` in pieces of ``piece`` bytes (the last one shorter)."""
    return [body[i : i + piece] for i in range(0, len(body), piece)]
