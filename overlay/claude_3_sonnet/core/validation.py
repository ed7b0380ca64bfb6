"""Explain why a JSON value does not match a schema of the contract.

A raw JSON Schema error for a union (``anyOf`` / ``oneOf``) says only "not
valid under any of the schemas", which helps nobody. This module walks into
the union and keeps the branches the value plausibly meant (the ones whose
JSON type and ``type`` discriminator match), so the user reads
``messages[0].content[1].source.media_type: 'image/bmp' is not one of ...``
instead. Used by the client (before sending) and the mock server (to answer
400 the way the service does).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .contract import validator

_JSON_TYPE_NAMES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}


@attrs.frozen
class Violation:
    """One way a value breaks the contract, located by its JSON path."""

    path: str
    """Where, as ``messages[0].content[1].source``; ``body`` for the whole value."""
    message: str
    """What is wrong, in one sentence."""
    expected: str
    """What the contract wants there."""
    received: str
    """What was there (abridged)."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def format_path(parts: Iterable[str | int]) -> str:
    """``["messages", 0, "content"]`` -> ``messages[0].content``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def describe(value: Any, limit: int = 60) -> str:
    """A short, readable rendering of a received value."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    text = repr(value) if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def json_type(value: Any) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _typed(value: Any, received: str) -> str:
    """``integer 5``, ``string 'x'``; just ``object`` / ``array`` / ``null``."""
    kind = json_type(value)
    return kind if received in (kind, "null") or value is None else f"{kind} {received}"


def _quoted(values: Sequence[Any]) -> str:
    return ", ".join(repr(v) if isinstance(v, str) else json.dumps(v) for v in values)


DISCRIMINATORS = ("type", "role")
"""Properties whose ``const`` tells the branches of a union apart (block ``type``, message ``role``)."""


def _rules_out(error: Any, union_path: Sequence[str | int]) -> bool:
    """Does this branch error show the value was never meant for the branch?"""
    path = list(error.instance_path)
    kind = type(error.kind).__name__
    if kind == "Type" and path == list(union_path):
        return True
    at_discriminator = len(path) == len(union_path) + 1 and path[-1] in DISCRIMINATORS
    # A mismatched discriminator (TextBlock vs ImageBlock, a user vs a tool message),
    # or a catch-all branch that excludes this discriminator's value.
    if kind in ("Constant", "Not") and at_discriminator and path[:-1] == list(union_path):
        return True
    # A branch whose discriminator the value lacks altogether (a function tool for `{name}`).
    if (
        kind == "Required"
        and path == list(union_path)
        and getattr(error.kind, "property", None) in DISCRIMINATORS
    ):
        return True
    # A closed branch that has no discriminator at all (an Anthropic tool vs a function tool).
    return (
        kind == "AdditionalProperties"
        and path == list(union_path)
        and any(name in DISCRIMINATORS for name in getattr(error.kind, "unexpected", ()))
    )


def _leaf(error: Any) -> Violation:
    kind_name = type(error.kind).__name__
    kind = error.kind
    parts = list(error.instance_path)
    value = error.instance
    received = describe(value)
    if kind_name == "Required":
        name = kind.property
        return Violation(
            format_path([*parts, name]), "is required but missing", "a value", "nothing"
        )
    if kind_name == "AdditionalProperties":
        names = ", ".join(repr(n) for n in kind.unexpected)
        return Violation(
            format_path(parts), f"unexpected property {names}", "no other properties", names
        )
    if kind_name == "Enum":
        options = _quoted(kind.options)
        return Violation(
            format_path(parts), f"{received} is not one of {options}", f"one of {options}", received
        )
    if kind_name == "Constant":
        expected = _quoted([kind.expected_value])
        return Violation(format_path(parts), f"{received} is not {expected}", expected, received)
    if kind_name == "Type":
        types = " or ".join(kind.types)
        return Violation(
            format_path(parts),
            f"expected {types}, received {_typed(value, received)}",
            types,
            f"{json_type(value)}",
        )
    if kind_name in {"Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum"}:
        relation = {
            "Minimum": ">=",
            "Maximum": "<=",
            "ExclusiveMinimum": ">",
            "ExclusiveMaximum": "<",
        }[kind_name]
        expected = f"a number {relation} {kind.limit}"
        return Violation(format_path(parts), f"{received} is not {expected}", expected, received)
    return Violation(format_path(parts), error.message, kind_name, received)


def _explain(error: Any) -> list[Violation]:
    branches = getattr(error.kind, "context", None)
    if not branches:
        return [_leaf(error)]
    union_path = list(error.instance_path)
    plausible = [b for b in branches if not any(_rules_out(e, union_path) for e in b)]
    if len(plausible) == 1:
        return [v for e in plausible[0] for v in _explain(e)]
    # Nothing (or several things) fit: say what would have.
    value = error.instance
    wanted: list[str] = []
    for branch in branches:
        for e in branch:
            kind_name = type(e.kind).__name__
            if kind_name == "Type" and list(e.instance_path) == union_path:
                wanted.extend(t for t in e.kind.types if t not in wanted)
            elif (
                kind_name == "Constant"
                and len(e.instance_path) == len(union_path) + 1
                and list(e.instance_path)[:-1] == union_path
                and e.instance_path[-1] in DISCRIMINATORS
            ):
                label = f"{e.instance_path[-1]} {e.kind.expected_value!r}"
                if label not in wanted:
                    wanted.append(label)
    expected = " | ".join(wanted) if wanted else "one of the documented shapes"
    received = describe(value) if not isinstance(value, dict) else _describe_object(value)
    return [
        Violation(
            format_path(union_path),
            f"expected {expected}, received {received}",
            expected,
            received,
        )
    ]


def _describe_object(value: dict[str, Any]) -> str:
    for key in DISCRIMINATORS:
        tag = value.get(key)
        if isinstance(tag, str):
            return f"object with {key} {tag!r}"
    return "object"


MAX_LISTED = 100
"""Violations listed for one value; the rest are counted in a last one."""


def violations(value: Any, schema_name: str) -> list[Violation]:
    """Every violation of ``components/schemas/<schema_name>`` by ``value``.

    Empty when the value is valid; the fast path is one compiled check.
    """
    check = validator(schema_name)
    if check.is_valid(value):
        return []
    # A dict keeps the first of each, in order, in linear time: a body with thousands
    # of bad messages must not cost the square of their number.
    found = dict.fromkeys(
        violation for error in check.iter_errors(value) for violation in _explain(error)
    )
    listed = list(found)[:MAX_LISTED]
    more = len(found) - len(listed)
    if more:
        listed.append(
            Violation("body", f"... and {more} more violations", "the contract", "more of the same")
        )
    return listed
