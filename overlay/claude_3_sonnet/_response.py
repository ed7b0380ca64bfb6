"""Turn what the service sent into a result or an exception. Pure functions.

Parsing is tolerant: unknown fields are kept by the generated models, any
``finish_reason`` is accepted, and ``200`` and ``201`` both mean success.
Error bodies come in many shapes (a JSON ``message`` string or list, a nested
``error`` object, plain text, a proxy's HTML page); ``service_message`` finds
the human words in each.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx

from claude_3_sonnet_client.models import ChatCompletion

from ._errors import APIStatusError, ResponseValidationError, status_error_class
from ._fastparse import parse_completion_data

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
MESSAGE_LIMIT = 500
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_REQUEST_ID_IN_TEXT = re.compile(r"request\s*id[\s:#=]*([A-Za-z0-9][\w-]{5,})", re.IGNORECASE)


def request_id(headers: httpx.Headers, body: Any = None) -> str | None:
    """The request id from the headers, else from a JSON error body."""
    for name in REQUEST_ID_HEADERS:
        header: str | None = headers.get(name)
        if header:
            return header
    if isinstance(body, dict):
        for key in ("requestId", "request_id", "id"):
            value = body.get(key)
            if isinstance(value, str) and value and key != "id":
                return value
    return None


def _shorten(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _message_from_json(body: Any) -> str | None:
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        parts = [m for m in (_message_from_json(item) for item in body) if m]
        return "; ".join(parts) or None
    if not isinstance(body, dict):
        return None
    for key in ("message", "error", "detail", "details", "msg", "title"):
        if key in body:
            found = _message_from_json(body[key])
            if found:
                return found
    return None


def decode_body(response: httpx.Response) -> Any:
    """The JSON body, or the text when it is not JSON."""
    text = response.text
    try:
        return json.loads(text)
    except ValueError:
        return text


def service_message(body: Any, content_type: str = "") -> str:
    """The service's own words from any error body shape."""
    if not isinstance(body, str):
        found = _message_from_json(body)
        if found:
            return _shorten(found)
        return _shorten(json.dumps(body)) if body not in (None, "", {}) else ""
    if "html" in content_type or body.lstrip().lower().startswith(("<!doctype", "<html")):
        match = _TITLE.search(body) or _H1.search(body)
        text = match.group(1) if match else _TAG.sub(" ", body)
        return _shorten(html.unescape(_TAG.sub(" ", text)))
    return _shorten(body)


def status_error(response: httpx.Response) -> APIStatusError:
    """The exception for an error response whose body has been read."""
    body = decode_body(response)
    words = service_message(body, response.headers.get("content-type", ""))
    rid = request_id(response.headers, body)
    if rid is None:
        found = _REQUEST_ID_IN_TEXT.search(words)
        rid = found.group(1) if found else None
    reason = response.reason_phrase or "error"
    message = f"{response.status_code} {reason}"
    if words:
        message += f": {words}"
    if rid:
        message += f" (request id {rid})"
    cls = status_error_class(response.status_code)
    return cls(message, response=response, body=body, service_message=words, request_id=rid)


def parse_completion(response: httpx.Response) -> ChatCompletion:
    """A success response's ``ChatCompletion``, or ``ResponseValidationError``."""
    content = response.content
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise _unparseable(response, f"the body is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise _unparseable(response, f"the body is a JSON {type(data).__name__}, not an object")
    try:
        return parse_completion_data(data)
    except _PARSE_ERRORS as exc:
        raise _unparseable(
            response, f"it does not match ChatCompletion ({_describe(exc)})"
        ) from None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return f"{type(exc).__name__}: {exc}"


def _unparseable(response: httpx.Response, why: str) -> ResponseValidationError:
    rid = request_id(response.headers)
    suffix = f" (request id {rid})" if rid else ""
    return ResponseValidationError(
        f"{response.status_code} answer could not be parsed: {why}{suffix}",
        raw=response.content[: ResponseValidationError.RAW_LIMIT].decode("utf-8", "replace"),
        status_code=response.status_code,
        request_id=rid,
    )
