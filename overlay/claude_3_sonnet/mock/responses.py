"""ASGI responses the mock needs beyond Starlette's: paced and broken ones.

Starlette's responses always finish what they start. A client's tests also
need a stream that pauses between events and one that stops half way with
the connection cut (no ``[DONE]``, no final chunk of the chunked encoding),
so the client sees a protocol error as it would when a proxy dies. ASGI has
no "reset the connection" message; returning without the final body
message makes uvicorn close the socket, which is exactly that. uvicorn logs
such an ending as an error, so :func:`install_log_filter` silences that one
line for the responses that end this way on purpose, and only for them.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .wire import json_bytes

_DROPPING: ContextVar[bool] = ContextVar("claude_3_sonnet_mock_dropping", default=False)
_INCOMPLETE = "ASGI callable returned without completing response"


class _QuietDeliberateDrops(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (_DROPPING.get() and record.getMessage().startswith(_INCOMPLETE))


_FILTER = _QuietDeliberateDrops()


def install_log_filter() -> None:
    """Hide uvicorn's error line for connections the mock drops on purpose (idempotent)."""
    logger = logging.getLogger("uvicorn.error")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    """A compact JSON response."""
    return Response(json_bytes(body), status, headers=headers, media_type="application/json")


class PartsResponse:
    """Send a body in parts, optionally pausing between them or dropping the connection.

    ``content_length`` announces a length (so a truncated body is detectably
    short); without it the body goes out chunked, as the service's streams do.
    """

    def __init__(
        self,
        status: int,
        media_type: str,
        parts: Sequence[bytes],
        *,
        headers: dict[str, str] | None = None,
        pause: float = 0.0,
        drop: bool = False,
        content_length: int | None = None,
    ) -> None:
        self.status_code = status
        self.parts = parts
        self.pause = pause
        self.drop = drop
        raw = [(b"content-type", media_type.encode("latin-1"))]
        if content_length is not None:
            raw.append((b"content-length", str(content_length).encode("latin-1")))
        raw.extend(
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()
        )
        self.raw_headers = raw

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        # A client may hang up at any point. Without listening for that, and
        # without ever yielding to the event loop, the loop would keep writing
        # to a dead socket (asyncio logs every failed write) and stall the
        # server's other connections until the last part.
        watcher = asyncio.ensure_future(wait_for_disconnect(receive))
        try:
            for number, part in enumerate(self.parts):
                if number and self.pause > 0:
                    await asyncio.sleep(self.pause)
                if watcher.done():
                    return
                await send({"type": "http.response.body", "body": part, "more_body": True})
                await asyncio.sleep(0)  # let a lost connection (and other requests) be handled
            if watcher.done():
                return
        finally:
            watcher.cancel()
        if self.drop:
            _DROPPING.set(True)
            return
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def wait_for_disconnect(receive: Receive) -> None:
    """Return once the client has gone (call only after the request body was read)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


class RequestIdMiddleware:
    """Add an ``x-request-id`` (a random UUID, like the gateway's) to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = str(uuid.uuid4()).encode("latin-1")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-request-id", request_id)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)
