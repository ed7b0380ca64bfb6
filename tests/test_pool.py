"""The async client's connection pool keeps httpcore's limits and semantics."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from claude_3_sonnet import AsyncClaude3Sonnet
from claude_3_sonnet._pool import SUPPORTED, AsyncTransport, LinearAsyncConnectionPool
from claude_3_sonnet.mock import MockServer

from .mock_helpers import MOCK_API_KEY

HELLO = [{"role": "user", "content": "Hello"}]


def test_the_async_client_uses_the_linear_pool_where_supported() -> None:
    client = AsyncClaude3Sonnet(api_key=MOCK_API_KEY, base_url="http://127.0.0.1:9")
    pool = client._http._transport._pool  # type: ignore[attr-defined]
    assert isinstance(pool, LinearAsyncConnectionPool) is SUPPORTED
    asyncio.run(client.close())


@pytest.mark.parametrize("stream", [False, True], ids=["complete", "stream"])
def test_limits_hold_under_concurrency(mock_server: MockServer, stream: bool) -> None:
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=2)

    async def main() -> tuple[int, int, int]:
        transport = AsyncTransport(limits=limits)
        pool = transport._pool
        peak = 0
        running = True

        async def watch() -> None:
            nonlocal peak
            while running:
                peak = max(peak, len(pool.connections))
                await asyncio.sleep(0)

        async with httpx.AsyncClient(transport=transport) as http:
            client = AsyncClaude3Sonnet(
                api_key=MOCK_API_KEY, base_url=mock_server.base_url, http_client=http
            )
            watcher = asyncio.create_task(watch())

            async def one(i: int) -> str:
                if stream:
                    s = await client.chat.completions.create(
                        messages=[{"role": "user", "content": f"n{i}"}],
                        stream=True,
                        extra_headers={"X-Mock-Fault": "latency=0.02"},
                    )
                    return await s.get_final_text()
                return await client.ask(f"n{i}", extra_headers={"X-Mock-Fault": "latency=0.02"})

            answers = await asyncio.gather(*(one(i) for i in range(40)))
            running = False
            await watcher
            idle_after = len(pool.connections)
        return len(set(answers)), peak, idle_after

    distinct, peak, idle_after = asyncio.run(main())
    assert distinct == 40
    assert 1 <= peak <= 4
    assert idle_after <= 2
