"""Build one logical call: body, validation, HTTP request, retry state. Pure.

Keyword parameters are checked against the properties of
``ChatCompletionRequest`` in the bundled contract, so a field added to the
spec is accepted after ``make generate`` without touching this code. Values
may be plain dicts and lists or generated models (anything with
``to_dict()``).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Final

import attrs
import httpx

from claude_3_sonnet_client.types import Unset

from ._config import scrub_error
from ._contract import component_schema
from ._errors import APIConnectionError, APIError, APITimeoutError, RequestValidationError
from ._response import status_error
from ._retry import RetryPolicy, is_retryable_status, retry_delay
from ._validation import Violation, format_path, violations

logger = logging.getLogger("claude_3_sonnet")

REQUEST_SCHEMA: Final = "ChatCompletionRequest"


class NotGiven:
    """Marks a per-call option the caller left out (``None`` can be a real value)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Final = NotGiven()


@cache
def request_fields() -> frozenset[str]:
    """The request body's property names, read from the contract."""
    return frozenset(
        component_schema(REQUEST_SCHEMA)["components"]["schemas"][REQUEST_SCHEMA]["properties"]
    )


MAX_DEPTH = 100
"""Deeper nesting than any request needs; past it a value is refused, not recursed into."""


class Unsendable(Exception):
    """A value that cannot travel as JSON; ``path`` says where it sits."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str | int] = []


def to_json(value: Any, depth: int = 0) -> Any:
    """Plain JSON data from dicts, iterables and generated models (``Unset`` dropped).

    Raises ``Unsendable`` (with the path to the culprit) for what JSON cannot
    carry: bytes, non-string keys, NaN and infinity, endless nesting.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float or isinstance(value, float):
        if value - value != 0.0:  # NaN or infinity
            raise Unsendable(f"{value!r} is not a JSON number")
        return value
    if isinstance(value, str | int):  # str and int subclasses (enums)
        return value
    if depth > MAX_DEPTH:
        raise Unsendable(f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise Unsendable(f"object keys must be strings, got {type(key).__name__} {key!r}")
            if isinstance(item, Unset):
                continue
            try:
                out[key] = to_json(item, depth + 1)
            except Unsendable as exc:
                exc.path.insert(0, key)
                raise
        return out
    if isinstance(value, bytes | bytearray | memoryview):
        raise Unsendable("bytes are not JSON (images: claude_3_sonnet.images.image_block)")
    if isinstance(value, set | frozenset):
        raise Unsendable("a set has no order; pass a list")
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_json(to_dict(), depth + 1)
    if isinstance(value, Iterable):
        items: list[Any] = []
        for index, item in enumerate(value):
            try:
                items.append(to_json(item, depth + 1))
            except Unsendable as exc:
                exc.path.insert(0, index)
                raise
        return items
    raise Unsendable(f"a {type(value).__name__} cannot be sent as JSON")


def build_body(
    params: Mapping[str, Any], extra_body: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON body from keyword parameters; unknown names are an error."""
    unknown = params.keys() - request_fields()
    if unknown:
        names = ", ".join(repr(n) for n in sorted(unknown))
        known = ", ".join(sorted(request_fields()))
        raise TypeError(
            f"unknown request parameter {names}; the contract knows {known} "
            "(use extra_body={...} to send other fields anyway)"
        )
    body: dict[str, Any] = {}
    fields = [(k, v) for k, v in params.items() if v is not None and v is not NOT_GIVEN]
    if extra_body:
        fields.extend(extra_body.items())
    for name, value in fields:
        if isinstance(value, Unset):
            continue
        try:
            body[name] = to_json(value)
        except Unsendable as exc:
            where = format_path([name, *exc.path])
            raise RequestValidationError(
                [Violation(where, exc.reason, "JSON data", type(value).__name__)]
            ) from None
    return body


def check_body(body: Mapping[str, Any]) -> None:
    """Raise ``RequestValidationError`` listing every contract violation."""
    found = violations(body, REQUEST_SCHEMA)
    if found:
        raise RequestValidationError(found)


def encode(body: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON; text that UTF-8 cannot carry is a validation error."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end].encode("unicode_escape").decode("ascii")
        raise RequestValidationError(
            [
                Violation(
                    "body",
                    f"text contains {bad}, a lone surrogate that UTF-8 cannot encode",
                    "valid Unicode text",
                    bad,
                )
            ]
        ) from None


def connection_error(exc: httpx.RequestError) -> APIConnectionError:
    """Our exception for a transport failure (no body, so no request id)."""
    try:
        where = f"{exc.request.method} {exc.request.url}"
    except RuntimeError:
        where = "the request"
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"{where} timed out ({type(exc).__name__}: {detail})")
    return APIConnectionError(f"{where} failed: {type(exc).__name__}: {detail}")


@attrs.define
class Attempts:
    """The retry state of one logical call: decides, never sleeps or sends."""

    policy: RetryPolicy
    secret: str = attrs.field(default="", repr=False)
    """Scrubbed from every error before it is logged or raised."""
    attempt: int = 1
    started: float = attrs.field(factory=time.monotonic)

    def next_delay(self, outcome: httpx.Response | httpx.RequestError) -> float:
        """Seconds to wait before trying again; raises the final error instead."""
        if isinstance(outcome, httpx.Response):
            error: APIError = status_error(outcome)
            retryable = is_retryable_status(outcome.status_code)
            headers: Mapping[str, str] | None = outcome.headers
        else:
            error = connection_error(outcome)
            retryable, headers = True, None
        scrub_error(error, self.secret)
        elapsed = time.monotonic() - self.started
        if not retryable or self.attempt > self.policy.max_retries:
            if logger.isEnabledFor(logging.INFO):
                logger.info(
                    "giving up after attempt %d (%.3f s): %s", self.attempt, elapsed, error.message
                )
            raise error
        delay = retry_delay(self.policy, self.attempt, headers)
        logger.info(
            "attempt %d failed (%s); retrying in %.2f s (elapsed %.3f s)",
            self.attempt,
            error.message,
            delay,
            elapsed,
        )
        self.attempt += 1
        return delay


def redacted_headers(headers: httpx.Headers) -> dict[str, str]:
    """Headers safe to log: credentials replaced."""
    return {
        name: "<redacted>" if name.lower() in SECRET_HEADERS else value
        for name, value in headers.items()
    }


SECRET_HEADERS = frozenset({"authorization", "x-api-key", "proxy-authorization", "cookie"})


def log_response(request: httpx.Request, response: httpx.Response, attempts: Attempts) -> None:
    """One DEBUG line per attempt (formatted only when DEBUG is on: this is the hot path)."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %d (attempt %d, %.3f s) request headers %s",
            request.method,
            request.url,
            response.status_code,
            attempts.attempt,
            time.monotonic() - attempts.started,
            redacted_headers(request.headers),
        )
