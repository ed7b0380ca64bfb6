"""Turn input rows into requests, each checked before anything is sent.

A row is an object with an ``id`` (a string or an integer, unique in the
file) and either a ``prompt`` (a string: one user message) or ``messages``
(the request's messages; in Parquet also a JSON string, since a column has
one type). Every other field is a request parameter for that row, overriding
the run's defaults (``model``, ``system``, ``max_tokens``, ``temperature``,
...), except the fields the caller asked to *keep*: those are copied into
the output record and not sent (an expected label next to the prompt, say).

The request is built and checked exactly as the client would
(``core.request.build_body`` + ``check_body`` against the bundled
contract), so a row that would be refused is found while reading, with its
line number, and a whole run is never spent discovering a typo on line
9,000. :func:`scan` is the first pass over the input (problems and ids, no
request kept in memory); :func:`requests` the second, streaming the
requests to send.
"""

from __future__ import annotations

import math
from collections.abc import Container, Iterator, Mapping, Sequence
from typing import Any

import attrs
import orjson

from ..core.config import DEFAULT_MODEL
from ..core.contract import REQUEST_SCHEMA, request_fields, schemas
from ..core.errors import RequestValidationError
from ..core.request import build_body, check_body, encode
from .errors import InputProblem, RecordId
from .sources import RowError, Source

ID, PROMPT, MESSAGES = "id", "prompt", "messages"
OUTPUT_FIELDS = frozenset(
    {"id", "status", "text", "finish_reason", "usage", "cost", "attempts", "completion", "error"}
)
"""Keys of an output record; a kept input field may not shadow one."""
NOT_IN_A_BATCH = frozenset({"stream", "stream_options"})
"""Request fields a batch refuses: answers are written whole."""

MAX_PROBLEMS_KEPT = 10_000
"""Problems kept in memory (a file of garbage has one per line); the rest are counted."""

CHARS_PER_TOKEN = 4
"""A rough, deliberately generous token estimate for English text."""
IMAGE_TOKENS = 1600
"""Anthropic's figure for a full-size image (width x height / 750, at most about 1,600)."""


@attrs.frozen
class Request:
    """One row, ready to send: ``params`` are ``create()``'s keyword arguments."""

    id: RecordId
    line: int
    params: dict[str, Any]
    kept: dict[str, Any]
    tokens: int
    """Tokens to book against a tokens-per-minute limit before the answer says."""


def default_max_tokens() -> int:
    """The service's default answer length, as the contract states it (512)."""
    prop = schemas()[REQUEST_SCHEMA]["properties"].get("max_tokens", {})
    value = prop.get("default", 512)
    return value if isinstance(value, int) else 512


def estimate_tokens(body: Mapping[str, Any]) -> int:
    """Tokens a request may use: its prompt, roughly, plus the longest answer allowed.

    An estimate, corrected by the answer's usage: characters / 4 for text,
    1,600 per image (never the size of its base64 data).
    """
    chars = 0
    images = 0
    stack: list[Any] = [body.get(name) for name in ("system", "messages", "tools")]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            chars += len(value)
        elif isinstance(value, Mapping):
            if value.get("type") in ("image", "image_url"):
                images += 1
            else:
                stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    answer = max(
        (body[n] for n in ("max_tokens", "max_completion_tokens") if isinstance(body.get(n), int)),
        default=default_max_tokens(),
    )
    return math.ceil(chars / CHARS_PER_TOKEN) + images * IMAGE_TOKENS + answer


class RequestBuilder:
    """Builds (and checks) the request of each row from the run's defaults."""

    def __init__(self, defaults: Mapping[str, Any] | None = None, keep: Sequence[str] = ()) -> None:
        defaults = dict(defaults or {})
        fields = request_fields()
        unknown = sorted(set(defaults) - fields)
        if unknown:
            raise ValueError(f"unknown request field(s) in the defaults: {', '.join(unknown)}")
        refused = sorted(set(defaults) & (NOT_IN_A_BATCH | {MESSAGES}))
        if refused:
            raise ValueError(
                f"{', '.join(refused)} cannot be a default (messages come from each input line; "
                "a batch does not stream)"
            )
        clash = sorted(set(keep) & (OUTPUT_FIELDS | {PROMPT, MESSAGES}))
        if clash:
            raise ValueError(f"cannot keep {', '.join(clash)}: the output record uses that name")
        self.defaults = defaults
        self.keep = tuple(keep)
        self._fields = fields
        self._check_defaults()

    def _check_defaults(self) -> None:
        """A bad default would make every line invalid: say it once, about the default."""
        probe = {**self.defaults, MESSAGES: [{"role": "user", "content": "probe"}]}
        probe.setdefault("model", DEFAULT_MODEL)
        try:
            check_body(build_body(probe))
        except RequestValidationError as exc:
            problems = "; ".join(str(v) for v in exc.violations)
            raise ValueError(f"invalid request defaults: {problems}") from None

    def build(
        self, row: Mapping[str, Any], line: int, unit: str = "line"
    ) -> Request | InputProblem:
        """The row's request, or the problem that stops it from being sent."""
        record_id = row[ID]

        def problem(message: str) -> InputProblem:
            return InputProblem(line, message, record_id, unit)

        fields = {k: v for k, v in row.items() if v is not None and k != ID}
        kept = {name: fields.pop(name) for name in self.keep if name in fields}
        prompt = fields.pop(PROMPT, None)
        messages = fields.pop(MESSAGES, None)
        if prompt is not None and messages is not None:
            return problem("has both prompt and messages; give one of them")
        if prompt is None and messages is None:
            return problem("has neither prompt nor messages")
        if prompt is not None:
            if not isinstance(prompt, str) or not prompt.strip():
                return problem("prompt must be a non-empty string")
            messages = [{"role": "user", "content": prompt}]
        elif isinstance(messages, str):  # Parquet: one type per column, so JSON text
            try:
                messages = orjson.loads(messages)
            except orjson.JSONDecodeError as exc:
                return problem(f"messages is a string but not JSON ({exc})")
        streamed = sorted(set(fields) & NOT_IN_A_BATCH)
        if streamed:
            return problem(f"{', '.join(streamed)} is not supported in a batch")
        unknown = sorted(set(fields) - self._fields)
        if unknown:
            names = ", ".join(repr(n) for n in unknown)
            return problem(
                f"unknown field {names}: not a request field (to copy it to the output "
                "without sending it, keep it: --keep NAME)"
            )
        params = {**self.defaults, **fields, MESSAGES: messages}
        if params.get("model") is None:
            params["model"] = DEFAULT_MODEL
        try:
            body = build_body(params)
            check_body(body)
            encode(body)  # text UTF-8 cannot carry (a lone surrogate) is refused here
        except RequestValidationError as exc:
            return problem("; ".join(str(v) for v in exc.violations))
        return Request(record_id, line, body, kept, estimate_tokens(body))


def check_id(row: Mapping[str, Any]) -> str | None:
    """Why the row's ``id`` is unusable (``None``: it is fine)."""
    if ID not in row or row[ID] is None:
        return "has no id"
    value = row[ID]
    if isinstance(value, bool) or not isinstance(value, str | int):
        return f"id must be a string or an integer, got {orjson.dumps(value).decode()[:60]}"
    if isinstance(value, str) and not value.strip():
        return "id is an empty string"
    return None


@attrs.define
class Scan:
    """The first pass: which ids the input has, and every problem, by line."""

    source: str
    unit: str
    ids: dict[RecordId, int] = attrs.field(factory=dict)
    """Every id that gets a record, with the line it is on."""
    problems: list[InputProblem] = attrs.field(factory=list)
    problem_count: int = 0
    invalid_ids: int = 0
    """Ids whose request is invalid (an error record each, if asked)."""
    unrecordable: int = 0
    """Lines that cannot get a record of their own: no usable id, or a repeated one."""

    def add(self, problem: InputProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(problem)


def scan(source: Source, builder: RequestBuilder) -> Scan:
    """Read the whole input once: ids, duplicates, and each row's request checked."""
    result = Scan(str(source.path), source.unit)
    unit = source.unit
    for number, row in source.rows():
        if isinstance(row, RowError):
            result.unrecordable += 1
            result.add(InputProblem(number, str(row), None, unit))
            continue
        bad_id = check_id(row)
        if bad_id is not None:
            result.unrecordable += 1
            result.add(InputProblem(number, bad_id, None, unit))
            continue
        record_id = row[ID]
        first = result.ids.get(record_id)
        if first is not None:
            result.unrecordable += 1
            result.add(
                InputProblem(number, f"duplicate id (first on {unit} {first})", record_id, unit)
            )
            continue
        result.ids[record_id] = number
        built = builder.build(row, number, unit)
        if isinstance(built, InputProblem):
            result.invalid_ids += 1
            result.add(built)
    return result


def requests(
    source: Source, builder: RequestBuilder, checked: Scan, skip: Container[RecordId] = ()
) -> Iterator[Request | InputProblem]:
    """The second pass: each id's request (or its problem), once, in input order.

    Rows the scan found unusable (no id, a repeated id) are passed over, and
    so are the ids in ``skip`` (already in the output): they are not even
    rebuilt.
    """
    ids = checked.ids
    for number, row in source.rows():
        if isinstance(row, RowError) or check_id(row) is not None:
            continue
        record_id = row[ID]
        if ids.get(record_id) != number or record_id in skip:
            continue
        yield builder.build(row, number, source.unit)
