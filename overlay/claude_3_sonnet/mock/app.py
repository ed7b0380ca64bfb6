"""The mock's ASGI app: ``POST /v1/chat/completions`` as the service answers it.

Every decision about the body comes from the bundled contract
(``claude_3_sonnet.core.contract``), the same document the client's models are
generated from, so the mock, the client and the contract cannot drift apart.
A request goes through these steps, and the first that objects answers:

1. body larger than ``max_body_bytes`` -> 413;
2. a malformed ``X-Mock-Fault`` header -> 400 naming the parameter;
3. the fault's ``key`` is counted, its ``latency`` (plus the server's) slept;
4. a scripted failure (``script.error`` / ``script.malformed``) -> that answer;
5. a fault ``status`` / ``html`` / ``malformed`` -> that answer;
6. no or wrong ``Authorization: Bearer`` -> 401;
7. not ``application/json``, not UTF-8, not JSON, or any contract
   violation -> 400 ``Body validation error!``;
8. a random failure (``failure_rate``) -> 500, 502 or 503;
9. the answer: the next scripted one (``script.reply`` / ``drop`` /
   ``delay``) or the mock's own; 201 JSON, or 201 ``text/event-stream``
   with ``stream: true``.

Anything else is 404 (the service's answer to an unknown endpoint and to a
known one with the wrong method). Client mistakes never produce a 5xx.
Every request to the chat path, and to a path the service does not have,
is recorded (``records.py``) before its answer is sent (and before any
wait), so a test sees it even when its client gave up waiting.

Control endpoints, not part of the service, under ``/_mock/``: ``health``,
``attempts/{key}`` (GET), ``attempts`` (DELETE), ``requests`` (GET,
DELETE), ``script`` (GET, POST a step or a list of steps, DELETE) and
``reset`` (POST: counts, script and requests).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import math
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from claude_3_sonnet.core.contract import chat_path
from claude_3_sonnet.core.validation import Violation, violations

from . import errors, payloads
from .config import MockConfig
from .faults import FAULT_HEADER, Fault, FaultError, parse_fault
from .generation import Answer, answer
from .records import credential_violations, record
from .responses import (
    PartsResponse,
    RequestIdMiddleware,
    install_log_filter,
    json_response,
    wait_for_disconnect,
)
from .script import ScriptedError, ScriptError, Step
from .state import MockState
from .wire import SSE_DONE, json_bytes, sse_event

CHAT_PATH = chat_path()
REQUEST_SCHEMA = "ChatCompletionRequest"
CONTROL_PREFIX = "/_mock/"


class MockApp(Starlette):
    """The Starlette app, with ``x-request-id`` added outside every other layer."""

    config: MockConfig
    mock_state: MockState

    def build_middleware_stack(self) -> ASGIApp:
        return RequestIdMiddleware(super().build_middleware_stack())


def create_app(config: MockConfig | None = None) -> MockApp:
    """A fresh mock app; each app has its own counters, dice, script and records."""
    config = config or MockConfig()
    state = MockState(config.failure_rate, config.seed, config.record_limit)
    chat = _ChatEndpoint(config, state)

    async def not_found(request: Request, exc: Exception) -> Response:
        path = request.url.path
        if not path.startswith(CONTROL_PREFIX):
            state.recorder.add(
                record(
                    method=request.method,
                    path=path,
                    query=request.url.query,
                    headers=request.scope["headers"],
                    content=b"",
                    status=404,
                    violations=[_not_an_operation(request.method, path)],
                    secrets=(_token(request.headers.get("authorization")), config.api_key),
                )
            )
        return json_response(404, errors.not_found_body(request.method, path))

    app = MockApp(
        routes=[
            Route(CHAT_PATH, chat.handle, methods=["POST"]),
            *_control_routes(state, config.max_body_bytes),
        ],
        exception_handlers={404: not_found, 405: not_found, Exception: _server_error},
    )
    app.router.redirect_slashes = False
    app.config = config
    app.mock_state = state
    install_log_filter()
    return app


def _control_routes(state: MockState, max_body_bytes: int) -> list[Route]:
    async def health(request: Request) -> Response:
        return json_response(200, {"status": "ok"})

    async def attempts(request: Request) -> Response:
        key = request.path_params["key"]
        return json_response(200, {"key": key, "attempts": state.attempts(key)})

    async def reset_attempts(request: Request) -> Response:
        state.reset_attempts()
        return json_response(200, {"reset": True})

    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            state.recorder.clear()
            return json_response(200, {"cleared": True})
        records = [entry.to_json() for entry in state.recorder.snapshot()]
        return json_response(200, {"requests": records, "evicted": state.recorder.evicted})

    async def script(request: Request) -> Response:
        if request.method == "DELETE":
            state.script.clear()
        elif request.method == "POST":
            body = await _read_body(request, max_body_bytes)
            if body is None:
                return _error(413, f"Request body too large: the limit is {max_body_bytes} bytes")
            try:
                value = json.loads(body)
                steps = [Step.from_json(v) for v in (value if isinstance(value, list) else [value])]
                state.script.extend(steps)
            except (ValueError, RecursionError) as exc:  # ScriptError is a ValueError
                message = str(exc) if isinstance(exc, ScriptError) else f"not JSON: {exc}"
                return json_response(400, errors.error_body(400, f"Invalid script step: {message}"))
        steps_left = [{**step.to_json(), "left": left} for step, left in state.script.steps()]
        return json_response(200, {"pending": state.script.pending, "steps": steps_left})

    async def reset(request: Request) -> Response:
        state.reset()
        return json_response(200, {"reset": True})

    return [
        Route("/_mock/health", health, methods=["GET"]),
        Route("/_mock/attempts/{key}", attempts, methods=["GET"]),
        Route("/_mock/attempts", reset_attempts, methods=["DELETE"]),
        Route("/_mock/requests", requests, methods=["GET", "DELETE"]),
        Route("/_mock/script", script, methods=["GET", "POST", "DELETE"]),
        Route("/_mock/reset", reset, methods=["POST"]),
    ]


async def _server_error(request: Request, exc: Exception) -> Response:
    return json_response(500, errors.error_body(500))


def _error(
    status: int, message: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    return json_response(status, errors.error_body(status, message), headers)


def _not_an_operation(method: str, path: str) -> Violation:
    wanted = f"POST {CHAT_PATH}"
    return Violation(
        "request",
        f"{method} {path} is not an operation of the contract",
        wanted,
        f"{method} {path}",
    )


def _token(authorization: str | None) -> str | None:
    return (authorization or "").partition(" ")[2].strip() or None


@dataclass(frozen=True, slots=True)
class _Parsed:
    """The body as JSON and how it breaks the contract (no value: not a JSON object at all)."""

    value: dict[str, Any] | None
    problems: list[Violation]

    def rejection(self) -> Response | None:
        """The service's 400 for these problems, if any."""
        if not self.problems:
            return None
        lines = (f"{p.path}: Expected {p.expected}, received {p.received}" for p in self.problems)
        return _error(400, errors.validation_message(lines))


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What one chat request gets, decided before any waiting."""

    response: Any
    delay: float = 0.0
    parsed: _Parsed | None = None
    step: Step | None = None


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
        outcome = self._decide(request, body)
        if self.state.recorder.enabled:
            self._record(request, body, outcome)
        if outcome.delay > 0:
            await _pause(request, outcome.delay)
        return outcome.response

    def _decide(self, request: Request, body: bytes | None) -> _Outcome:
        if body is None:
            limit = self.config.max_body_bytes
            return _Outcome(_error(413, f"Request body too large: the limit is {limit} bytes"))
        try:
            fault = parse_fault(_joined(request, FAULT_HEADER))
        except FaultError as exc:
            return _Outcome(_error(400, f"Invalid X-Mock-Fault header: {exc}"))
        if fault.key is not None:
            number = self.state.count_attempt(fault.key)
            if fault.times is not None and number > fault.times:
                fault = Fault()
        delay = self.config.latency + fault.latency
        parsed = _parse(request.headers.get("content-type"), body)
        step = self.state.script.take("failure")
        if step is not None:
            assert step.error is not None
            return _Outcome(_failure(step.error), delay + step.delay, parsed, step)
        if fault.fails:
            return _Outcome(_fault_response(fault), delay, parsed)
        if not self._authorized(request.headers.get("authorization")):
            return _Outcome(_error(401), delay, parsed)
        rejection = parsed.rejection()
        if rejection is not None:
            return _Outcome(rejection, delay, parsed)
        status = self.state.random_failure()
        if status is not None:
            return _Outcome(_error(status), delay, parsed)
        payload = parsed.value
        assert payload is not None  # no problems: a JSON object valid under the contract
        step = self.state.script.take("answer")
        if step is None:
            return _Outcome(
                _answer(answer(payload), payload, fault.drop_after, fault.chunk_latency),
                delay,
                parsed,
            )
        result = step.reply.answer(payload) if step.reply is not None else answer(payload)
        drop_after = step.drop_after if step.drop_after is not None else fault.drop_after
        pause = fault.chunk_latency + step.chunk_delay
        return _Outcome(
            _answer(result, payload, drop_after, pause), delay + step.delay, parsed, step
        )

    def _record(self, request: Request, body: bytes | None, outcome: _Outcome) -> None:
        authorization = request.headers.get("authorization")
        found = credential_violations(authorization)
        if outcome.parsed is not None:
            found.extend(outcome.parsed.problems)
        self.state.recorder.add(
            record(
                method=request.method,
                path=request.url.path,
                query=request.url.query,
                headers=request.scope["headers"],
                content=body or b"",
                status=outcome.response.status_code,
                violations=found,
                scripted=outcome.step.describe() if outcome.step is not None else None,
                secrets=(_token(authorization), self.config.api_key),
            )
        )

    def _authorized(self, header: str | None) -> bool:
        scheme, _, token = (header or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return False
        if self.config.api_key is None:
            return True
        return hmac.compare_digest(token.encode("utf-8"), self.config.api_key.encode("utf-8"))


def _answer(result: Answer, payload: dict[str, Any], drop_after: int | None, pause: float) -> Any:
    """A success, plain or streamed as the request asked, optionally paced or cut short."""
    if payload.get("stream") is True:
        options = payload.get("stream_options")
        include_usage = isinstance(options, dict) and options.get("include_usage") is True
        events = [
            sse_event(chunk) for chunk in payloads.chunks(result, include_usage=include_usage)
        ]
        drop = drop_after is not None
        if drop_after is not None:
            events = events[:drop_after]
        else:
            events.append(SSE_DONE)
        headers = {"cache-control": "no-cache"}
        return PartsResponse(
            201, "text/event-stream", events, headers=headers, pause=pause, drop=drop
        )
    content = json_bytes(payloads.completion(result))
    if drop_after is not None:
        part = content[: min(drop_after, len(content) - 1)]
        return PartsResponse(
            201, "application/json", [part], drop=True, content_length=len(content)
        )
    return Response(content, 201, media_type="application/json")


async def _pause(request: Request, seconds: float) -> None:
    """Wait ``seconds``, or less if the client hangs up: nobody is left to answer, and a
    task still sleeping when the server stops would be cancelled with a traceback."""
    watcher = asyncio.ensure_future(wait_for_disconnect(request.receive))
    try:
        await asyncio.wait({watcher}, timeout=seconds)
    finally:
        watcher.cancel()


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


def _not_json(expected: str, received: str) -> _Parsed:
    return _Parsed(
        None, [Violation("body", f"expected {expected}, received {received}", expected, received)]
    )


def _parse(content_type: str | None, body: bytes) -> _Parsed:
    """The request as JSON and its contract violations (the service's 400 lines)."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        return _not_json("content type application/json", content_type or "no content type")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _not_json("UTF-8 JSON", f"a byte that is not UTF-8 at {exc.start}")
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        return _not_json("JSON", f"invalid JSON ({exc.msg} at {where})")
    except RecursionError:
        return _not_json("JSON", "JSON nested too deeply")
    except ValueError as exc:
        return _not_json("JSON", f"invalid JSON ({exc})")
    problems = violations(value, REQUEST_SCHEMA)
    if problems or not isinstance(value, dict):
        return _Parsed(None, problems)
    return _Parsed(value, [])


def _failure(error: ScriptedError) -> Response:
    """A scripted failure, answered as the equivalent ``X-Mock-Fault`` would be."""
    if error.malformed:
        return _fault_response(Fault(malformed=True))
    fault = Fault(
        status=None if error.html else error.status,
        html=error.status if error.html else None,
        retry_after=error.retry_after,
        retry_after_ms=error.retry_after_ms,
    )
    return _fault_response(fault, error.message)


def _fault_response(fault: Fault, message: str | None = None) -> Response:
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
    return _error(status, message, headers=headers)
