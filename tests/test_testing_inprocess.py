"""The in-process mock: the app behind httpx2 transports, failing as a network would."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, cast

import httpx2
import pytest

from claude_3_sonnet import APIConnectionError, APITimeoutError, AsyncClaude3Sonnet
from claude_3_sonnet.mock import MockApp
from claude_3_sonnet.testing import AsyncInProcessTransport, InProcessMock, InProcessTransport
from claude_3_sonnet.testing.inprocess import IN_PROCESS_URL

from .mock_helpers import CHAT, request

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def _app(handler: Callable[[Scope, Receive, Send], Awaitable[None]]) -> MockApp:
    """A bare ASGI app where the transports expect the mock's."""
    return cast("MockApp", handler)


async def _crashes(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("a bug in the app")


async def _says_nothing(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()


async def _stops_half_way(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"half", "more_body": True})


async def _hangs(scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(60)


def test_sync_client_default_and_scripted_answers() -> None:
    with InProcessMock() as mock, mock.client() as client:
        assert client.base_url == IN_PROCESS_URL
        assert client.ask("Hello") == "You said: Hello"
        mock.script.reply("Scripted")
        assert (
            "".join(
                client.chat.completions.stream(messages=[{"role": "user", "content": "x"}])
                .__enter__()
                .text_stream
            )
            == "Scripted"
        )
        assert [r.stream for r in mock.requests] == [False, True]


def test_a_plain_httpx2_client_works_too() -> None:
    with (
        InProcessMock() as mock,
        httpx2.Client(transport=mock.transport(), base_url=mock.base_url) as http,
    ):
        response = http.post(CHAT, json=request("x"), headers={"Authorization": "Bearer mock-key"})
        assert response.status_code == 201
        assert response.headers["x-request-id"]
        assert http.get("/_mock/health").json() == {"status": "ok"}


def test_the_app_failing_is_a_500_and_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    transport = InProcessTransport(_app(_crashes))
    with (
        httpx2.Client(transport=transport, base_url="http://x") as http,
        caplog.at_level(logging.ERROR),
    ):
        response = http.get("/")
    assert (response.status_code, response.text) == (500, "Internal Server Error")
    assert "the mock's app failed" in caplog.text


@pytest.mark.parametrize(
    ("app", "words"),
    [(_says_nothing, "without sending a response"), (_stops_half_way, "complete message body")],
)
def test_an_unfinished_answer_is_a_protocol_error(app: Any, words: str) -> None:
    with (
        httpx2.Client(transport=InProcessTransport(_app(app)), base_url="http://x") as http,
        pytest.raises(httpx2.RemoteProtocolError, match=words),
    ):
        http.get("/").read()


def test_read_timeout_applies() -> None:
    with httpx2.Client(
        transport=InProcessTransport(_app(_hangs)), base_url="http://x", timeout=0.2
    ) as http:
        started = time.monotonic()
        with pytest.raises(httpx2.ReadTimeout):
            http.get("/")
        assert time.monotonic() - started < 2


def test_the_clients_total_budget_applies() -> None:
    """No per-read timeout, but the call's total_timeout: the wait is cut to what is left."""
    with (
        InProcessMock() as mock,
        mock.client(timeout=None, max_retries=0, total_timeout=0.3) as client,
    ):
        mock.script.delay(5)
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.ask("x")
        assert time.monotonic() - started < 2


def test_closing_a_stream_early_stops_the_app() -> None:
    with InProcessMock() as mock, mock.client() as client:
        mock.script.reply(" ".join(["word"] * 50), chunk_delay=0.05)
        with client.chat.completions.stream(messages=[{"role": "user", "content": "x"}]) as stream:
            first = next(iter(stream.text_stream))
        assert first == "word"
        assert client.ask("again") == "You said: again"  # nothing left behind blocks it


def test_closing_the_mock_cancels_what_it_runs() -> None:
    mock = InProcessMock()
    client = mock.client(timeout=0.1, max_retries=0)
    mock.script.delay(30)
    with pytest.raises(APITimeoutError):
        client.ask("x")
    started = time.monotonic()
    mock.close()
    mock.close()  # idempotent
    assert time.monotonic() - started < 1


async def _read_stream(client: AsyncClaude3Sonnet, text: str) -> str:
    async with client.chat.completions.stream(
        messages=[{"role": "user", "content": text}], max_retries=0
    ) as stream:
        return "".join([piece async for piece in stream.text_stream])


async def _async_exercise(mock: InProcessMock, client: AsyncClaude3Sonnet) -> None:
    assert await client.ask("Hi") == "You said: Hi"
    mock.script.drop(after=2)
    with pytest.raises(APIConnectionError) as broken:
        await _read_stream(client, "a b c")
    assert broken.value.partial_text == "You"
    mock.script.delay(5)
    with pytest.raises(APITimeoutError):
        await client.ask("slow", timeout=0.2, max_retries=0)


def test_async_client_in_the_callers_loop() -> None:
    with InProcessMock() as mock:
        asyncio.run(_async_exercise(mock, mock.async_client()))


def test_async_transport_unfinished_answers() -> None:
    async def main() -> None:
        for app in (_says_nothing, _stops_half_way):
            transport = AsyncInProcessTransport(_app(app))
            async with httpx2.AsyncClient(transport=transport, base_url="http://x") as http:
                with pytest.raises(httpx2.RemoteProtocolError):
                    await (await http.get("/")).aread()
        transport = AsyncInProcessTransport(_app(_hangs))
        async with httpx2.AsyncClient(
            transport=transport, base_url="http://x", timeout=0.1
        ) as http:
            with pytest.raises(httpx2.ReadTimeout):
                await http.get("/")

    asyncio.run(main())


def test_the_sync_client_works_inside_a_running_loop() -> None:
    """An async application may call sync code: the app runs on its own thread's loop."""

    async def main() -> str:
        with InProcessMock() as mock, mock.client() as client:
            return client.ask("from a coroutine")

    assert asyncio.run(main()) == "You said: from a coroutine"
