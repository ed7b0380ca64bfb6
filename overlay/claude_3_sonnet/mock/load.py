"""Drive many concurrent connections at a mock and count what came back.

Shared by the load test (which asserts zero errors) and
``scripts/load_mock.py`` (which reports the request rate), so the number
that is published is measured the way the test exercises it. Every
response is checked, not just counted: a success must be 201 and complete
(a JSON body naming ``chat.completion``, or a stream ending in ``[DONE]``).
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

CHAT_PATH = "/v1/chat/completions"


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
    # costs httpx more CPU per request than the mock spends answering it.
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    tls = ssl.create_default_context()  # unused over http://, but built once, not per client

    async def one(client: httpx.AsyncClient) -> None:
        try:
            response = await client.post(CHAT_PATH, json=payload)
        except httpx.HTTPError as exc:
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
        async with httpx.AsyncClient(
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
