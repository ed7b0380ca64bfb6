"""Turn what the service sent into a result or an exception. Pure.

Parsing is tolerant where the service varies (unknown fields are kept, any
``finish_reason`` is accepted, ``200`` and ``201`` both mean success) and
strict where the caller would otherwise trip later (a field of the wrong
type is an error naming its path). Error bodies come in many shapes (a
JSON ``message`` string or list, a nested ``error`` object, plain text, a
proxy's HTML page); ``service_message`` finds the human words in each.

Everything here takes plain values (status, a header mapping, bytes), so
the HTTP library stays in the transport layer.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from claude_3_sonnet_client.models import ChatCompletion

from .errors import APIStatusError, ResponseValidationError, status_error_class
from .parsing import ParseError, completion_from_data, loads
from .secrets import scrub, scrub_error

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
MESSAGE_LIMIT = 500
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_REQUEST_ID_IN_TEXT = re.compile(r"request\s*id[\s:#=]*([A-Za-z0-9][\w-]{5,})", re.IGNORECASE)


def request_id(headers: Mapping[str, str], body: Any = None, *, secret: str = "") -> str | None:
    """The request id from the headers, else from a JSON error body.

    A server may put anything there, the ``Authorization`` it received
    included: ``secret`` is scrubbed from what is returned.
    """
    for name in REQUEST_ID_HEADERS:
        header = headers.get(name)
        if header:
            return scrub(header, secret)
    if isinstance(body, dict):
        for key in ("requestId", "request_id"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return scrub(value, secret)
    return None


def _shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _message_from_json(body: Any, depth: int = 0) -> str | None:
    if depth > 20:
        return None
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        parts = [m for m in (_message_from_json(item, depth + 1) for item in body) if m]
        return "; ".join(parts) or None
    if not isinstance(body, dict):
        return None
    for key in ("message", "error", "detail", "details", "msg", "title"):
        if key in body:
            found = _message_from_json(body[key], depth + 1)
            if found:
                return found
    return None


def decode_body(content: bytes) -> Any:
    """The JSON body, or its text when it is not JSON."""
    try:
        return loads(content)
    except (ValueError, RecursionError):
        return content.decode("utf-8", "replace")


def service_message(body: Any, content_type: str = "") -> str:
    """The service's own words from any error body shape."""
    if not isinstance(body, str):
        found = _message_from_json(body)
        if found:
            return _shorten(found)
        if body in (None, "", {}):
            return ""
        try:
            return _shorten(json.dumps(body, ensure_ascii=False))
        except (ValueError, TypeError, RecursionError):
            return _shorten(repr(body))
    if "html" in content_type or body.lstrip().lower().startswith(("<!doctype", "<html")):
        match = _TITLE.search(body) or _H1.search(body)
        text = match.group(1) if match else _TAG.sub(" ", body)
        return _shorten(html.unescape(_TAG.sub(" ", text)))
    return _shorten(body)


def status_error(
    status_code: int,
    reason: str,
    headers: Mapping[str, str],
    content: bytes,
    *,
    secret: str = "",
    truncated: bool = False,
) -> APIStatusError:
    """The exception for an error answer whose (bounded) body is ``content``."""
    body = decode_body(content)
    words = service_message(body, headers.get("content-type", ""))
    rid = request_id(headers, body)
    if rid is None:
        found = _REQUEST_ID_IN_TEXT.search(words)
        rid = found.group(1) if found else None
    message = f"{status_code} {reason or 'error'}"
    if words:
        message += f": {words}"
    if truncated:
        message += " (error body truncated)"
    if rid:
        message += f" (request id {rid})"
    cls = status_error_class(status_code)
    error = cls(
        message,
        status_code=status_code,
        headers={k.lower(): v for k, v in headers.items()},
        body=body,
        service_message=words,
        request_id=rid,
    )
    scrub_error(error, secret)
    return error


def parse_completion(
    content: bytes, status_code: int, headers: Mapping[str, str], *, secret: str = ""
) -> ChatCompletion:
    """A success answer's ``ChatCompletion``, or ``ResponseValidationError`` saying why not."""
    problem: str
    try:
        data = loads(content)
    except (ValueError, RecursionError) as exc:
        problem = f"the body is not JSON ({exc})"
    else:
        try:
            completion = completion_from_data(data)
        except ParseError as exc:
            problem = f"it does not match ChatCompletion ({exc})"
        except RecursionError:
            problem = "it is nested too deeply"
        else:
            completion._request_id = request_id(headers, secret=secret)
            return completion
    # Raised outside the handlers: the decoder's exception (which holds the
    # whole document) must not ride along as __context__.
    raise unparseable(content, problem, status_code, headers, secret=secret)


def unparseable(
    content: bytes,
    why: str,
    status_code: int | None,
    headers: Mapping[str, str],
    *,
    secret: str = "",
) -> ResponseValidationError:
    rid = request_id(headers)
    suffix = f" (request id {rid})" if rid else ""
    where = f"{status_code} answer" if status_code is not None else "answer"
    error = ResponseValidationError(
        f"{where} could not be parsed: {why}{suffix}",
        raw=content[: ResponseValidationError.RAW_LIMIT].decode("utf-8", "replace"),
        status_code=status_code,
        request_id=rid,
    )
    scrub_error(error, secret)
    return error
