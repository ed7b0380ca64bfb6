"""Build one request body: keyword arguments in, checked JSON bytes out. Pure.

Keyword parameters are checked against the properties of
``ChatCompletionRequest`` in the bundled contract, so a field added to the
spec is accepted after ``make generate`` without touching this code. Values
may be plain dicts and lists or generated models (anything with
``to_dict()``); a completion's message (``completion.choices[0].message``)
can go straight back into ``messages``, as openai users are used to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Final

from claude_3_sonnet_client.models import CompletionMessage

from .contract import REQUEST_SCHEMA, request_fields
from .errors import RequestValidationError
from .validation import Violation, format_path, violations


class NotGiven:
    """Marks an option the caller left out (``None`` can be a real value)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

MAX_DEPTH = 100
"""Deeper nesting than any request needs; past it a value is refused, not recursed into."""


class Unsendable(Exception):
    """Internal: a value that cannot travel as JSON; ``path`` says where it sits."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str | int] = []


def _message_param(message: CompletionMessage) -> dict[str, Any]:
    """A completion's message as the assistant turn of a request (no response-only fields)."""
    content = message.content if isinstance(message.content, str) else None
    turn: dict[str, Any] = {"role": "assistant", "content": content}
    if message.tool_calls:
        turn["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.function.name, "arguments": call.function.arguments},
            }
            for call in message.tool_calls
        ]
    return turn


def to_json(value: Any, depth: int = 0) -> Any:
    """Plain JSON data from dicts, iterables and generated models.

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
    if isinstance(value, CompletionMessage):
        return to_json(_message_param(value), depth + 1)
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


def plain(value: Any, *where: str | int) -> Any:
    """``to_json(value)``, or a ``RequestValidationError`` naming where the culprit sits."""
    try:
        return to_json(value)
    except Unsendable as exc:
        path = format_path([*where, *exc.path])
        error = RequestValidationError([Violation(path, exc.reason, "JSON data", "")])
    raise error


def build_body(
    params: Mapping[str, Any], extra_body: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON body from keyword parameters; an unknown name is a ``TypeError`` naming it."""
    unknown = params.keys() - request_fields()
    if unknown:
        names = ", ".join(repr(n) for n in sorted(unknown))
        raise TypeError(
            f"unknown request parameter {names} (the contract's fields are listed in "
            "claude_3_sonnet_client.params.ChatCompletionRequestParam; "
            "use extra_body={...} to send other fields anyway)"
        )
    body: dict[str, Any] = {}
    fields = [(k, v) for k, v in params.items() if v is not None and v is not NOT_GIVEN]
    if extra_body:
        fields.extend(extra_body.items())
    for name, value in fields:
        body[name] = plain(value, name)
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
        problem = Violation(
            "body", f"text contains {bad}, a lone surrogate that UTF-8 cannot encode", "", bad
        )
    raise RequestValidationError([problem])
