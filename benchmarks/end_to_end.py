"""End to end: calls per second over loopback against the mock in another process.

Two measurements, each in interleaved rounds with a fresh client per
contender per round (so every one starts with the same empty pool):

- **sequential**: ``e2e_calls`` calls one after another on one kept-alive
  connection (the connection is opened before the clock starts);
- **async, 64 in flight**: ``async_requests`` requests shared by 64 tasks
  on one event loop; the connections are opened inside the measurement.

Contenders: our client, raw httpx2 (the floor: the HTTP library ours is
built on, with the same pool limits), raw httpx 0.28 with the same limits
(issue 12 item 3: its stock httpcore 1.0 pool is known to slow down with
many requests in flight) and the openai SDK. A batch stops after
``batch_seconds`` and counts what it finished, so a slow contender cannot
stall the run. Targets compare ours with the openai SDK.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import httpx2
import openai

from claude_3_sonnet import AsyncClaude3Sonnet, Claude3Sonnet

from .common import (
    API_KEY,
    AUTH,
    BODY,
    MODEL,
    PATH,
    Settings,
    ainterleaved,
    interleaved,
    median,
    messages,
    paired_ratios,
)
from .loopback import STALL_SECONDS, Batch, Meter, Server, mock_server, probe_stall
from .per_call import completion_text

FLOOR = "raw_httpx2"
SyncContender = tuple[Callable[[], object], Callable[[], None]]
AsyncContender = tuple[Callable[[], Awaitable[object]], Callable[[], Awaitable[None]]]


class ContenderError(RuntimeError):
    """A contender's call failed during a batch: which mode, which contender, what."""

    def __init__(self, mode: str, name: str, exc: BaseException) -> None:
        detail = " ".join(str(exc).split()) or repr(exc)
        super().__init__(f"{mode} contender {name}: {type(exc).__name__}: {detail}")


def _limits(library: Any) -> Any:
    """The pool limits of ours and of the openai SDK, for the raw contenders."""
    return library.Limits(max_connections=1000, max_keepalive_connections=100)


# -- contenders: each factory opens a fresh client ----------------------------------------


def _sync_raw(library: Any) -> Callable[[str], SyncContender]:
    def factory(base_url: str) -> SyncContender:
        client = library.Client(limits=_limits(library))

        def call() -> object:
            response = client.post(base_url + PATH, json=BODY, headers=AUTH)
            response.raise_for_status()
            return response.json()

        return call, client.close

    return factory


def _sync_ours(base_url: str) -> SyncContender:
    client = Claude3Sonnet(api_key=API_KEY, base_url=base_url)

    def call() -> object:
        return client.chat.completions.create(model=MODEL, messages=messages())

    return call, client.close


def _sync_openai(base_url: str) -> SyncContender:
    client = openai.OpenAI(api_key=API_KEY, base_url=base_url + "/v1")

    def call() -> object:
        return client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Hello"}]
        )

    return call, client.close


def sync_contenders() -> dict[str, Callable[[str], SyncContender]]:
    return {
        FLOOR: _sync_raw(httpx2),
        "raw_httpx": _sync_raw(httpx),
        "ours": _sync_ours,
        "openai_sdk": _sync_openai,
    }


def _async_raw(library: Any) -> Callable[[str], AsyncContender]:
    def factory(base_url: str) -> AsyncContender:
        client = library.AsyncClient(limits=_limits(library))

        async def call() -> object:
            response = await client.post(base_url + PATH, json=BODY, headers=AUTH)
            response.raise_for_status()
            return response.json()

        async def close() -> None:
            await client.aclose()

        return call, close

    return factory


def _async_ours(base_url: str) -> AsyncContender:
    client = AsyncClaude3Sonnet(api_key=API_KEY, base_url=base_url)

    async def call() -> object:
        return await client.chat.completions.create(model=MODEL, messages=messages())

    return call, client.close


def _async_openai(base_url: str) -> AsyncContender:
    client = openai.AsyncOpenAI(api_key=API_KEY, base_url=base_url + "/v1")

    async def call() -> object:
        return await client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Hello"}]
        )

    return call, client.close


def async_contenders() -> dict[str, Callable[[str], AsyncContender]]:
    return {
        FLOOR: _async_raw(httpx2),
        "raw_httpx": _async_raw(httpx),
        "ours": _async_ours,
        "openai_sdk": _async_openai,
    }


# -- measurements ------------------------------------------------------------------------


def rate_table(rounds: dict[str, list[Batch]]) -> dict[str, Any]:
    """Calls/s per contender, with paired ratios to the floor and to the openai SDK."""
    rates = {name: [b.rate for b in batches] for name, batches in rounds.items()}
    ratios = paired_ratios(rates, FLOOR)
    vs_openai = paired_ratios(rates, "openai_sdk")
    table: dict[str, Any] = {}
    for name, batches in rounds.items():
        server = [b.server_cpu / b.requests for b in batches if b.server_cpu and b.requests]
        table[name] = {
            "median": median(rates[name]),
            "unit": "calls/s",
            "rounds": rates[name],
            "ratio_to_floor": ratios[name],
            "ratio_to_openai": vs_openai[name],
            "client_cpu_us_per_call": median(
                [b.client_cpu / b.requests * 1e6 for b in batches if b.requests]
            ),
            "server_cpu_us_per_call": median(server) * 1e6 if server else None,
        }
    return table


def sequential(settings: Settings, server: Server) -> dict[str, Any]:
    factories = sync_contenders()
    for name, factory in factories.items():
        call, close = factory(server.base_url)
        if not completion_text(call()):
            raise RuntimeError(f"end-to-end contender {name} got no answer text")
        close()

    def one(name: str) -> Batch:
        call, close = factories[name](server.base_url)
        try:
            call()  # connect outside the measurement
            done = 0
            with Meter(server.pid) as meter:
                deadline = time.perf_counter() + settings.batch_seconds
                while done < settings.e2e_calls and time.perf_counter() < deadline:
                    call()
                    done += 1
        except Exception as exc:
            raise ContenderError("sequential", name, exc) from exc
        finally:
            close()
        return meter.batch(done)

    rounds = interleaved(list(factories), settings.e2e_rounds, one)
    return {
        "description": "sequential calls on one kept-alive connection, a fresh client each round",
        "floor": FLOOR,
        "calls_per_round": settings.e2e_calls,
        "variants": rate_table(rounds),
    }


async def concurrent(settings: Settings, server: Server) -> dict[str, Any]:
    factories = async_contenders()

    async def batch(call: Callable[[], Awaitable[object]]) -> Batch:
        """``in_flight`` workers share ``async_requests`` requests (or stop at the time limit)."""
        remaining = settings.async_requests
        done = 0
        deadline = time.perf_counter() + settings.batch_seconds

        async def worker() -> None:
            nonlocal remaining, done
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                await call()
                done += 1

        with Meter(server.pid) as meter:
            await asyncio.gather(*(worker() for _ in range(settings.in_flight)))
        return meter.batch(done)

    for name, factory in factories.items():
        call, close = factory(server.base_url)
        if not completion_text(await call()):
            raise RuntimeError(f"async contender {name} got no answer text")
        await close()

    async def one(name: str) -> Batch:
        call, close = factories[name](server.base_url)
        try:
            return await batch(call)
        except Exception as exc:
            raise ContenderError("async", name, exc) from exc
        finally:
            await close()

    rounds = await ainterleaved(list(factories), settings.e2e_rounds, one)
    return {
        "description": (
            f"{settings.in_flight} requests in flight on one event loop, a fresh client each "
            "round (its connections are opened inside the measurement)"
        ),
        "floor": FLOOR,
        "requests_per_round": settings.async_requests,
        "in_flight": settings.in_flight,
        "variants": rate_table(rounds),
    }


def measure(settings: Settings) -> dict[str, Any]:
    with mock_server() as server:
        warm_call = probe_stall(server.base_url)
        result: dict[str, Any] = {
            "description": "over loopback against the mock server (MockProcess) in another process",
            "server": "MockProcess",
            "warm_call_ms": warm_call * 1e3,
            "sequential": sequential(settings, server),
            "async": asyncio.run(concurrent(settings, server)),
        }
    if warm_call > STALL_SECONDS:
        result["warning"] = (
            f"a warm loopback call takes {warm_call * 1e3:.0f} ms: the server stalls "
            "(typically Nagle's algorithm on its socket against delayed ACKs), so these "
            "rates measure the stall, not the clients"
        )
    return result
