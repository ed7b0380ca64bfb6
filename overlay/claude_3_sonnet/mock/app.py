"""The mock's ASGI app: ``POST /v1/chat/completions`` as the service answers it.

Every decision about the body comes from the bundled contract
(``claude_3_sonnet.core.contract``), the same document the client's models are
generated from, so the mock, the client and the contract cannot drift apart.
A request goes through these steps, and the first that objects answers:

1. body larger than ``max_body_bytes`` -> 413;
2. a malformed ``X-Mock-Fault`` header -> 400 naming the parameter;
3. the fault's ``key`` is counted, its ``latency`` (plus the server's) slept;
4. a fault ``status`` / ``html`` / ``malformed`` -> that answer;
5. no or wrong ``Authorization: Bearer`` -> 401;
6. not ``application/json``, not UTF-8, not JSON, or any contract
   violation -> 400 ``Body validation error!``;
7. a random failure (``failure_rate``) -> 500, 502 or 503;
8. the answer: 201 JSON, or 201 ``text/event-stream`` with ``stream: true``.

Anything else is 404 (the service's answer to an unknown endpoint and to a
known one with the wrong method). Client mistakes never produce a 5xx.

Control endpoints, not part of the service: ``GET /_mock/health``,
``GET /_mock/attempts/{key}`` and ``DELETE /_mock/attempts``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import math
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from claude_3_sonnet.core.contract import chat_path
from claude_3_sonnet.core.validation import violations

from . import errors, payloads
from .config import MockConfig
from .faults import FAULT_HEADER, Fault, FaultError, parse_fault
from .generation import answer
from .responses import PartsResponse, RequestIdMiddleware, install_log_filter, json_response
from .state import MockState
from .wire import SSE_DONE, json_bytes, sse_event

CHAT_PATH = chat_path()
REQUEST_SCHEMA = "ChatCompletionRequest"


class MockApp(Starlette):
    """The Starlette app, with ``x-request-id`` added outside every other layer."""

    config: MockConfig
    mock_state: MockState

    def build_middleware_stack(self) -> ASGIApp:
        return RequestIdMiddleware(super().build_middleware_stack())


def create_app(config: MockConfig | None = None) -> MockApp:
    """A fresh mock app; each app has its own attempt counters and failure dice."""
    config = config or MockConfig()
    state = MockState(config.failure_rate, config.seed)
    chat = _ChatEndpoint(config, state)

    async def attempts(request: Request) -> Response:
        key = request.path_params["key"]
        return json_response(200, {"key": key, "attempts": state.attempts(key)})

    async def reset(request: Request) -> Response:
        state.reset()
        return json_response(200, {"reset": True})

    async def health(request: Request) -> Response:
        return json_response(200, {"status": "ok"})

    app = MockApp(
        routes=[
            Route(CHAT_PATH, chat.handle, methods=["POST"]),
            Route("/_mock/health", health, methods=["GET"]),
            Route("/_mock/attempts/{key}", attempts, methods=["GET"]),
            Route("/_mock/attempts", reset, methods=["DELETE"]),
        ],
        exception_handlers={404: _not_found, 405: _not_found, Exception: _server_error},
    )
    app.router.redirect_slashes = False
    app.config = config
    app.mock_state = state
    install_log_filter()
    return app


async def _not_found(request: Request, exc: Exception) -> Response:
    return json_response(404, errors.not_found_body(request.method, request.url.path))


async def _server_error(request: Request, exc: Exception) -> Response:
    return json_response(500, errors.error_body(500))


def _error(
    status: int, message: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    return json_response(status, errors.error_body(status, message), headers)


def _invalid(*lines: str) -> Response:
    return _error(400, errors.validation_message(lines))


class _ChatEndpoint:
    """``POST /v1/chat/completions``; the steps are listed in the module docstring."""

    def __init__(self, config: MockConfig, state: MockState) -> None:
        self.config = config
        self.state = state

    async def handle(self, request: Request) -> Any:
        try:
            body = await _read_body(request, self.config.max_body_bytes)
        except ClientDisconnect:  # nobody is left to answer; keep it out of the error log
            return _error(400, "The client disconnected before sending the whole body")
        if body is None:
            limit = self.config.max_body_bytes
            return _error(413, f"Request body too large: the limit is {limit} bytes")
        try:
            fault = parse_fault(_joined(request, FAULT_HEADER))
        except FaultError as exc:
            return _error(400, f"Invalid X-Mock-Fault header: {exc}")
        if fault.key is not None:
            number = self.state.count_attempt(fault.key)
            if fault.times is not None and number > fault.times:
                fault = Fault()
        delay = self.config.latency + fault.latency
        if delay > 0:
            await asyncio.sleep(delay)
        if fault.fails:
            return _fault_response(fault)
        if not self._authorized(request.headers.get("authorization")):
            return _error(401)
        payload = _parse(request.headers.get("content-type"), body)
        if isinstance(payload, Response):
            return payload
        status = self.state.random_failure()
        if status is not None:
            return _error(status)
        result = answer(payload)
        if payload.get("stream") is True:
            options = payload.get("stream_options")
            include_usage = isinstance(options, dict) and options.get("include_usage") is True
            events = [
                sse_event(chunk) for chunk in payloads.chunks(result, include_usage=include_usage)
            ]
            drop = fault.drop_after is not None
            if drop:
                events = events[: fault.drop_after]
            else:
                events.append(SSE_DONE)
            headers = {"cache-control": "no-cache"}
            return PartsResponse(
                201,
                "text/event-stream",
                events,
                headers=headers,
                pause=fault.chunk_latency,
                drop=drop,
            )
        content = json_bytes(payloads.completion(result))
        if fault.drop_after is not None:
            part = content[: min(fault.drop_after, len(content) - 1)]
            return PartsResponse(
                201, "application/json", [part], drop=True, content_length=len(content)
            )
        return Response(content, 201, media_type="application/json")

    def _authorized(self, header: str | None) -> bool:
        scheme, _, token = (header or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return False
        if self.config.api_key is None:
            return True
        return hmac.compare_digest(token.encode("utf-8"), self.config.api_key.encode("utf-8"))


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The whole body, or ``None`` past ``limit`` (the rest is read and dropped,
    so the client gets the answer instead of a reset while still sending)."""
    parts: list[bytes] = []
    size = 0
    async for part in request.stream():
        size += len(part)
        if size <= limit:
            parts.append(part)
    return b"".join(parts) if size <= limit else None


def _joined(request: Request, name: str) -> str | None:
    values = request.headers.getlist(name)
    return ";".join(values) if values else None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value


def _parse(content_type: str | None, body: bytes) -> dict[str, Any] | Response:
    """The request as a dict valid under the contract, or the 400 that says why not."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        received = content_type or "no content type"
        return _invalid(f"body: Expected content type application/json, received {received}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _invalid(
            f"body: Expected UTF-8 JSON, received a byte that is not UTF-8 at {exc.start}"
        )
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        return _invalid(f"body: Expected JSON, received invalid JSON ({exc.msg} at {where})")
    except RecursionError:
        return _invalid("body: Expected JSON, received JSON nested too deeply")
    except ValueError as exc:
        return _invalid(f"body: Expected JSON, received invalid JSON ({exc})")
    problems = violations(value, REQUEST_SCHEMA)
    if problems:
        return _invalid(
            *(f"{p.path}: Expected {p.expected}, received {p.received}" for p in problems)
        )
    assert isinstance(value, dict)
    return value


def _fault_response(fault: Fault) -> Response:
    """The error a fault asked for (status, HTML page or broken JSON)."""
    if fault.malformed:
        return Response(b'{"id": "broken', 201, media_type="application/json")
    status = fault.status if fault.status is not None else fault.html
    assert status is not None
    headers: dict[str, str] = {}
    if fault.retry_after is not None or status == 429:
        headers["retry-after"] = str(1 if fault.retry_after is None else fault.retry_after)
    if fault.retry_after_ms is not None:
        headers["retry-after-ms"] = str(fault.retry_after_ms)
    if fault.html is not None:
        page = errors.html_page(status).encode("utf-8")
        return Response(page, status, headers=headers, media_type="text/html")
    return _error(status, headers=headers)
