"""What the mock received: each request as sent, judged by the contract, without the key.

A test of an application asks two things of the requests its code sent:
what they said (the messages, the tools, the headers) and whether the
service would have accepted them. The mock records each request to the
chat endpoint (and to any path the service does not have, since a wrong
base URL is a common mistake) as a :class:`RecordedRequest`: immutable,
with the body as received, the status the mock answered, the scripted step
that answered it, and every contract violation
(``core.validation.violations``), including a missing bearer token.

The key never stays in memory: credential headers are stored as
``<redacted>``, and the presented token and the mock's own key are scrubbed
from every other header, the query and the body (tokens of 8 characters or
more, as everywhere in the package). Memory is bounded against a hostile
peer: the newest ``record_limit`` requests are kept, and no more than
:data:`MAX_RECORDED_BYTES` of bodies.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from claude_3_sonnet.core.secrets import MIN_SECRET_LENGTH, scrub, scrub_data
from claude_3_sonnet.core.validation import Violation

REDACTED = "<redacted>"
CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "api-key", "cookie"}
)
MAX_RECORDED_BYTES = 64 * 1024 * 1024
"""Bodies kept in all, at most (the newest request is always kept, whatever its size)."""


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request the mock received; read-only, safe to keep after the mock stops."""

    method: str
    path: str
    """The URL's path, ``/v1/chat/completions`` for the chat endpoint."""
    query: str
    """The URL's query string (``""`` when there is none)."""
    header_items: tuple[tuple[str, str], ...]
    """Headers in the order sent, names in lower case, credentials ``<redacted>``."""
    content: bytes
    """The body as received (``b""`` when the mock did not read it: too large, unknown path)."""
    status: int
    """The status the mock answered (for a dropped answer, the status it started with)."""
    violations: tuple[Violation, ...] = ()
    """How the request breaks the contract (empty: valid)."""
    scripted: str | None = None
    """The scripted step that answered it (``reply 'Hi'``, ``error 429``), or ``None``."""

    # -- views -------------------------------------------------------------------------
    @property
    def headers(self) -> dict[str, str]:
        """The headers as a dict (a fresh copy; repeated headers joined with ``, ``)."""
        found: dict[str, str] = {}
        for name, value in self.header_items:
            found[name] = f"{found[name]}, {value}" if name in found else value
        return found

    def header(self, name: str) -> str | None:
        """One header's value, by case-insensitive name."""
        return self.headers.get(name.lower())

    @property
    def body(self) -> Any:
        """The body parsed as JSON (a fresh copy on each access), or ``None`` if it is not JSON."""
        try:
            return json.loads(self.content)
        except (ValueError, RecursionError):
            return None

    def _field(self, name: str) -> Any:
        body = self.body
        return body.get(name) if isinstance(body, dict) else None

    @property
    def messages(self) -> list[Any]:
        """The request's ``messages`` (``[]`` when absent or not a list)."""
        messages = self._field("messages")
        return messages if isinstance(messages, list) else []

    @property
    def tools(self) -> list[Any]:
        """The request's ``tools`` (``[]`` when absent)."""
        tools = self._field("tools")
        return tools if isinstance(tools, list) else []

    @property
    def tool_names(self) -> list[str]:
        """The names of the declared tools, in either request shape."""
        names = []
        for tool in self.tools:
            if isinstance(tool, dict):
                function = tool.get("function")
                name = function.get("name") if isinstance(function, dict) else tool.get("name")
                if isinstance(name, str):
                    names.append(name)
        return names

    @property
    def model(self) -> str | None:
        model = self._field("model")
        return model if isinstance(model, str) else None

    @property
    def stream(self) -> bool:
        """Did the request ask for a stream?"""
        return self._field("stream") is True

    @property
    def system(self) -> str | None:
        """The top-level ``system`` prompt."""
        system = self._field("system")
        return system if isinstance(system, str) else None

    @property
    def user_text(self) -> str:
        """The text of the last user message (its ``text`` blocks joined by spaces)."""
        for message in reversed(self.messages):
            if isinstance(message, dict) and message.get("role") == "user":
                return _text_of(message.get("content"))
        return ""

    @property
    def valid(self) -> bool:
        return not self.violations

    def describe(self) -> str:
        """``POST /v1/chat/completions -> 201 (scripted: reply 'Hi')``."""
        path = f"{self.path}?{self.query}" if self.query else self.path
        scripted = f" (scripted: {self.scripted})" if self.scripted else ""
        return f"{self.method} {path} -> {self.status}{scripted}"

    def __repr__(self) -> str:
        return f"<RecordedRequest {self.describe()}>"

    # -- JSON, for ``GET /_mock/requests`` ---------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": [list(pair) for pair in self.header_items],
            "content": self.content.decode("utf-8", "replace"),
            "status": self.status,
            "violations": [
                {
                    "path": v.path,
                    "message": v.message,
                    "expected": v.expected,
                    "received": v.received,
                }
                for v in self.violations
            ],
            "scripted": self.scripted,
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> RecordedRequest:
        return cls(
            method=str(value["method"]),
            path=str(value["path"]),
            query=str(value["query"]),
            header_items=tuple((str(n), str(v)) for n, v in value["headers"]),
            content=str(value["content"]).encode("utf-8"),
            status=int(value["status"]),
            violations=tuple(Violation(**v) for v in value["violations"]),
            scripted=value.get("scripted"),
        )


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [
            block["text"]
            for block in content
            if isinstance(block, dict)
            and block.get("type") == "text"
            and isinstance(block.get("text"), str)
        ]
        return " ".join(texts)
    return ""


def record(
    *,
    method: str,
    path: str,
    query: str,
    headers: Iterable[tuple[bytes, bytes]],
    content: bytes,
    status: int,
    violations: Iterable[Violation] = (),
    scripted: str | None = None,
    secrets: Iterable[str | None] = (),
) -> RecordedRequest:
    """A :class:`RecordedRequest` with credentials removed (see the module docstring)."""
    keys = sorted({s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)
    items = []
    for raw_name, raw_value in headers:
        name = raw_name.decode("latin-1").lower()
        value = (
            REDACTED if name in CREDENTIAL_HEADERS else _scrub(raw_value.decode("latin-1"), keys)
        )
        items.append((name, value))
    return RecordedRequest(
        method=method,
        path=_scrub(path, keys),
        query=_scrub(query, keys),
        header_items=tuple(items),
        content=_scrub_body(content, keys),
        status=status,
        violations=tuple(_scrub_violation(v, keys) for v in violations),
        scripted=scripted,
    )


def _scrub(text: str, keys: list[str]) -> str:
    for key in keys:
        text = scrub(text, key)
    return text


def _scrub_violation(violation: Violation, keys: list[str]) -> Violation:
    """A violation quotes the value it rejects, the key included if that is what was sent."""
    for key in keys:
        violation = scrub_data(violation, key)
    return violation


def _scrub_body(content: bytes, keys: list[str]) -> bytes:
    """The body without the keys; JSON stays JSON (scrubbed value by value)."""
    found = [key for key in keys if key.encode("utf-8") in content]
    if not found:
        return content
    try:
        value = json.loads(content)
    except (ValueError, RecursionError):
        for key in found:
            content = content.replace(key.encode("utf-8"), REDACTED.encode("ascii"))
        return content
    for key in found:
        value = scrub_data(value, key)
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "replace")


def credential_violations(authorization: str | None) -> list[Violation]:
    """The contract's security requirement (``Authorization: Bearer <key>``), as violations."""
    if authorization is None:
        return [
            Violation("headers.authorization", "is required but missing", "Bearer <key>", "nothing")
        ]
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        received = f"a {scheme!r} credential" if scheme and token else "no bearer token"
        return [
            Violation(
                "headers.authorization",
                f"expected Bearer <key>, received {received}",
                "Bearer <key>",
                received,
            )
        ]
    return []


MAX_EVICTED_LISTED = 100
"""Evicted invalid requests whose problem lines are kept; later ones are only counted."""


class Recorder:
    """The requests received so far, newest last, bounded (thread-safe)."""

    def __init__(self, limit: int, max_bytes: int = MAX_RECORDED_BYTES) -> None:
        self._limit = limit
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._records: deque[RecordedRequest] = deque()
        self._bytes = 0
        self._evicted = 0
        self._evicted_invalid: list[str] = []
        self._evicted_invalid_unlisted = 0
        """Invalid requests evicted after ``MAX_EVICTED_LISTED`` were kept: counted only."""

    @property
    def enabled(self) -> bool:
        return self._limit > 0

    def add(self, entry: RecordedRequest) -> None:
        if self._limit <= 0:
            return
        with self._lock:
            self._records.append(entry)
            self._bytes += len(entry.content)
            while len(self._records) > self._limit or (
                self._bytes > self._max_bytes and len(self._records) > 1
            ):
                old = self._records.popleft()
                self._bytes -= len(old.content)
                self._evicted += 1
                if not old.violations:
                    continue
                if len(self._evicted_invalid) < MAX_EVICTED_LISTED:
                    self._evicted_invalid.append(_problem_lines(old, None))
                else:
                    self._evicted_invalid_unlisted += 1

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._records)

    @property
    def evicted(self) -> int:
        """How many older requests are no longer kept."""
        with self._lock:
            return self._evicted

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
            self._bytes = 0
            self._evicted = 0
            self._evicted_invalid.clear()
            self._evicted_invalid_unlisted = 0

    def assert_all_valid(self) -> None:
        """Raise ``AssertionError`` listing every request that broke the contract."""
        with self._lock:
            records = list(self._records)
            evicted = list(self._evicted_invalid)
            unlisted = self._evicted_invalid_unlisted
            total = len(records) + self._evicted
        assert_all_valid(records, evicted_problems=evicted, unlisted=unlisted, total=total)


def _problem_lines(entry: RecordedRequest, number: int | None) -> str:
    label = f"requests[{number}]: " if number is not None else "an older request (no longer kept): "
    lines = [label + entry.describe()]
    lines.extend(f"    {violation}" for violation in entry.violations)
    return "\n".join(lines)


def assert_all_valid(
    records: Iterable[RecordedRequest],
    *,
    evicted_problems: Iterable[str] = (),
    unlisted: int = 0,
    total: int | None = None,
) -> None:
    """Raise ``AssertionError`` naming each invalid request and its violations.

    ``unlisted`` counts older invalid requests whose lines were not kept.
    """
    records = list(records)
    problems = [
        _problem_lines(entry, number) for number, entry in enumerate(records) if entry.violations
    ]
    problems.extend(evicted_problems)
    if problems or unlisted:
        count = len(records) if total is None else total
        more = [f"... and {unlisted} more older requests (no longer kept)"] if unlisted else []
        raise AssertionError(
            f"{len(problems) + unlisted} of the {count} requests the mock received break the "
            "contract:\n  " + "\n  ".join(problems + more)
        )
