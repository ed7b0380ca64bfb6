"""Parse the ``X-Mock-Fault`` request header.

A client's tests need the service's bad days on demand: a 429 with
``Retry-After``, a 502 page from a proxy, a stream that breaks half way. The
header asks for one such fault per request, so one mock serves every test
at once and nothing is configured out of band.

Grammar: ``name=value`` pairs separated by ``;`` (spaces around either are
ignored, names are case-insensitive)::

    X-Mock-Fault: status=429; retry_after=2
    X-Mock-Fault: status=503; times=2; key=job-7

A value that does not parse is the caller's mistake; :class:`FaultError`
names the parameter so the mock can answer 400 with it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

FAULT_HEADER = "x-mock-fault"

_KEY = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_INTEGER = re.compile(r"[0-9]{1,9}")
_NUMBER = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6})?|\.[0-9]{1,6}")

MAX_LATENCY = 60.0
MAX_CHUNK_LATENCY = 10.0


class FaultError(ValueError):
    """The fault header is malformed; ``parameter`` is the culprit."""

    def __init__(self, parameter: str, problem: str) -> None:
        super().__init__(f"{parameter}: {problem}")
        self.parameter = parameter
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Fault:
    """What one request asked to go wrong. The default asks for nothing."""

    status: int | None = None
    """Answer with this status and the service's JSON error body for it."""
    html: int | None = None
    """Answer with this status and a proxy's HTML error page."""
    malformed: bool = False
    """Answer 201 with a body that is not valid JSON."""
    drop_after: int | None = None
    """Send this many stream events (or body bytes) of a success, then drop the connection."""
    retry_after: int | None = None
    """``Retry-After`` seconds on the error (429 sends 1 when not given)."""
    retry_after_ms: int | None = None
    """Also send ``retry-after-ms`` with this many milliseconds."""
    latency: float = 0.0
    """Seconds to wait before answering."""
    chunk_latency: float = 0.0
    """Seconds to wait between stream events."""
    times: int | None = None
    """Only the first ``times`` requests carrying ``key`` get the fault."""
    key: str | None = None
    """Names a logical request, so its retries are counted together."""

    @property
    def fails(self) -> bool:
        """Does this fault replace the answer with an error?"""
        return self.status is not None or self.html is not None or self.malformed


_OUTCOMES = ("status", "html", "malformed", "drop_after")


def _integer(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not _INTEGER.fullmatch(text) or not (low <= int(text) <= high):
            raise ValueError(f"expected an integer from {low} to {high}")
        return int(text)

    return parse


def _seconds(high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"expected a number of seconds from 0 to {high:g}")
        value = float(text)
        if not (math.isfinite(value) and 0 <= value <= high):
            raise ValueError(f"expected a number of seconds from 0 to {high:g}")
        return value

    return parse


def _flag(text: str) -> bool:
    lowered = text.lower()
    if lowered in {"1", "true"}:
        return True
    if lowered in {"0", "false"}:
        return False
    raise ValueError("expected 1 or 0")


def _key(text: str) -> str:
    if not _KEY.fullmatch(text):
        raise ValueError("expected 1 to 128 characters from A-Z a-z 0-9 . _ : -")
    return text


_PARSERS: dict[str, Callable[[str], Any]] = {
    "status": _integer(400, 599),
    "html": _integer(400, 599),
    "malformed": _flag,
    "drop_after": _integer(0, 1_000_000),
    "retry_after": _integer(0, 86_400),
    "retry_after_ms": _integer(0, 86_400_000),
    "latency": _seconds(MAX_LATENCY),
    "chunk_latency": _seconds(MAX_CHUNK_LATENCY),
    "times": _integer(0, 1_000_000),
    "key": _key,
}
PARAMETERS = tuple(_PARSERS)
assert set(PARAMETERS) == {f.name for f in fields(Fault)}


def parse_fault(header: str | None) -> Fault:
    """The fault one ``X-Mock-Fault`` value asks for (``None``: no fault).

    Raises :class:`FaultError` for an unknown, repeated, malformed or
    contradictory parameter.
    """
    fault = Fault()
    if header is None:
        return fault
    seen: set[str] = set()
    for part in header.split(";"):
        item = part.strip()
        if not item:
            continue
        name, sign, raw = item.partition("=")
        name = name.strip().lower()
        if not sign:
            raise FaultError(name or item, "expected name=value")
        if name not in _PARSERS:
            raise FaultError(name, f"unknown fault parameter (known: {', '.join(PARAMETERS)})")
        if name in seen:
            raise FaultError(name, "given more than once")
        seen.add(name)
        value = raw.strip()
        try:
            parsed = _PARSERS[name](value)
        except ValueError as exc:
            raise FaultError(name, f"{exc}, received {value!r}") from None
        fault = replace(fault, **{name: parsed})
    _check_combination(fault, seen)
    return fault


def _check_combination(fault: Fault, seen: set[str]) -> None:
    outcomes = [name for name in _OUTCOMES if name in seen and name != "malformed"]
    if fault.malformed:
        outcomes.append("malformed")
    if len(outcomes) > 1:
        raise FaultError(outcomes[1], f"cannot be combined with {outcomes[0]}")
    for name in ("retry_after", "retry_after_ms"):
        if name in seen and fault.status is None and fault.html is None:
            raise FaultError(name, "needs status or html")
    if fault.times is not None and fault.key is None:
        raise FaultError("times", "needs key, which names the requests to count")
