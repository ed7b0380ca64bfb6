"""Build a small JSON value that satisfies a tool's ``input_schema``.

When the mock calls a tool, the arguments must validate against the schema
the request declared for it, or the client under test would reject a call
the real model could have made. Hypothesis is not an option here (the mock
must be deterministic and cheap), so this walks the schema once: required
properties only, the first ``enum`` value, ``const``, the smallest count a
bound allows. It understands the keywords tool schemas use in practice
(``type``, ``properties``, ``required``, ``items``, ``prefixItems``,
``min*``/``max*``, ``multipleOf``, ``format``, ``$ref``, ``allOf``,
``anyOf``, ``oneOf``); ``pattern`` and ``not`` are beyond it.

The input is whatever the request sent, so nothing here trusts its shape:
any value, however odd, gives some JSON value and never an exception.
"""

from __future__ import annotations

import math
from typing import Any

MAX_DEPTH = 24
MAX_ITEMS = 64
MAX_STRING = 1024
MAX_VALUES = 10_000
"""Values built per call at most: nested ``minItems`` cannot blow up the answer."""
PLACEHOLDER = "example"

_FORMATS = {
    "date": "2024-01-01",
    "date-time": "2024-01-01T00:00:00Z",
    "time": "00:00:00Z",
    "duration": "P1D",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "uri": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "iri-reference": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "regex": ".*",
    "json-pointer": "",
}


class _Context:
    """The schema being instantiated (for ``$ref``) and what is left of the budget."""

    def __init__(self, root: Any, text: str | None) -> None:
        self.root = root
        self.left = MAX_VALUES
        self.text = text


def minimal_instance(schema: Any, text: str | None = None) -> Any:
    """A small value valid under ``schema`` (a JSON Schema, trusted for nothing).

    ``text``, when given, is used for plain strings (no format) that it fits.
    """
    try:
        return _instance(schema, _Context(schema, text), 0)
    except (RecursionError, ValueError, TypeError, OverflowError):
        return {}


def _instance(schema: Any, ctx: _Context, depth: int) -> Any:
    ctx.left -= 1
    if depth > MAX_DEPTH or ctx.left < 0 or not isinstance(schema, dict):
        return None
    schema = _flatten(schema, ctx, depth)
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return enum[0]
    kind = _type_of(schema)
    if kind == "object":
        return _object(schema, ctx, depth)
    if kind == "array":
        return _array(schema, ctx, depth)
    if kind == "string":
        return _string(schema, ctx.text)
    if kind == "integer":
        return _integer(schema)
    if kind == "number":
        return _number(schema)
    if kind == "boolean":
        return False
    return None


def _flatten(schema: dict[str, Any], ctx: _Context, depth: int) -> dict[str, Any]:
    """Inline ``$ref`` and fold ``allOf`` / the first ``anyOf``/``oneOf`` branch."""
    for _ in range(MAX_DEPTH):
        ctx.left -= 1
        if depth > MAX_DEPTH or ctx.left < 0:
            return schema
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = _resolve(ref, ctx.root)
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **rest} if isinstance(target, dict) else rest
            continue
        all_of = schema.get("allOf")
        if isinstance(all_of, list):
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in all_of:
                if isinstance(part, dict):
                    merged = _merge(merged, _flatten(part, ctx, depth + 1))
            schema = merged
            continue
        for keyword in ("anyOf", "oneOf"):
            branches = schema.get(keyword)
            if isinstance(branches, list):
                rest = {k: v for k, v in schema.items() if k != keyword}
                first = next((b for b in branches if isinstance(b, dict)), {})
                schema = _merge(rest, first)
                break
        else:
            return schema
    return schema


def _merge(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    merged = {**left, **right}
    left_props, right_props = left.get("properties"), right.get("properties")
    if isinstance(left_props, dict) and isinstance(right_props, dict):
        merged["properties"] = {**left_props, **right_props}
    left_req, right_req = left.get("required"), right.get("required")
    if isinstance(left_req, list) and isinstance(right_req, list):
        merged["required"] = [*left_req, *(r for r in right_req if r not in left_req)]
    return merged


def _resolve(ref: str, root: Any) -> Any:
    """A local JSON pointer (``#/$defs/Name``); anything else resolves to ``{}``."""
    if not ref.startswith("#"):
        return {}
    node = root
    for raw in ref[1:].split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return {}
    return node


def _type_of(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        names = [k for k in kind if isinstance(k, str)]
        kind = next((k for k in names if k != "null"), names[0] if names else None)
    if isinstance(kind, str):
        return kind
    if any(k in schema for k in ("properties", "required", "additionalProperties")):
        return "object"
    if any(k in schema for k in ("items", "prefixItems", "minItems")):
        return "array"
    if any(k in schema for k in ("minLength", "maxLength", "pattern", "format")):
        return "string"
    if any(k in schema for k in ("minimum", "maximum", "multipleOf")):
        return "number"
    return None


def _object(schema: dict[str, Any], ctx: _Context, depth: int) -> dict[str, Any]:
    properties = schema.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    extra = schema.get("additionalProperties")
    extra_schema = extra if isinstance(extra, dict) else {}
    required = schema.get("required")
    names = [n for n in required if isinstance(n, str)] if isinstance(required, list) else []
    minimum = _count(schema.get("minProperties"))
    for name in properties:
        if len(names) >= minimum:
            break
        if name not in names:
            names.append(name)
    return {name: _instance(properties.get(name, extra_schema), ctx, depth + 1) for name in names}


def _array(schema: dict[str, Any], ctx: _Context, depth: int) -> list[Any]:
    count = min(_count(schema.get("minItems")), MAX_ITEMS)
    prefix = schema.get("prefixItems")
    prefix = prefix if isinstance(prefix, list) else []
    items = schema.get("items")
    values: list[Any] = []
    for index in range(count):
        item_schema = prefix[index] if index < len(prefix) else items
        values.append(_instance(item_schema, ctx, depth + 1))
    return values


def _count(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return 0


def _string(schema: dict[str, Any], hint: str | None) -> str:
    fmt = schema.get("format")
    plain = hint if hint and "pattern" not in schema else PLACEHOLDER
    text = _FORMATS.get(fmt, PLACEHOLDER) if isinstance(fmt, str) else plain
    longest = schema.get("maxLength")
    if isinstance(longest, int) and not isinstance(longest, bool) and longest >= 0:
        text = text[:longest]
    shortest = min(_count(schema.get("minLength")), MAX_STRING)
    return text + "x" * (shortest - len(text)) if len(text) < shortest else text


def _bounds(schema: dict[str, Any]) -> tuple[float | None, bool, float | None, bool]:
    """(low, low is exclusive, high, high is exclusive), each ``None`` when unbounded."""

    def number(key: str) -> float | None:
        value = schema.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value) if math.isfinite(value) else None

    low, low_open = number("minimum"), False
    exclusive_low = number("exclusiveMinimum")
    if exclusive_low is not None and (low is None or exclusive_low >= low):
        low, low_open = exclusive_low, True
    high, high_open = number("maximum"), False
    exclusive_high = number("exclusiveMaximum")
    if exclusive_high is not None and (high is None or exclusive_high <= high):
        high, high_open = exclusive_high, True
    return low, low_open, high, high_open


def _integer(schema: dict[str, Any]) -> int:
    low, low_open, high, high_open = _bounds(schema)
    step = schema.get("multipleOf")
    step_int = int(step) if isinstance(step, int | float) and not isinstance(step, bool) else 1
    step_int = step_int if step_int >= 1 and step_int == step else 1
    smallest = None if low is None else (math.floor(low) + 1 if low_open else math.ceil(low))
    largest = None if high is None else (math.ceil(high) - 1 if high_open else math.floor(high))
    value = 0
    if smallest is not None and value < smallest:
        value = -(-smallest // step_int) * step_int
    elif largest is not None and value > largest:
        value = (largest // step_int) * step_int
    return value


def _number(schema: dict[str, Any]) -> int | float:
    if "multipleOf" in schema:
        return _integer(schema)
    low, low_open, high, high_open = _bounds(schema)
    above_low = low is None or low < 0 or (low == 0 and not low_open)
    below_high = high is None or high > 0 or (high == 0 and not high_open)
    if above_low and below_high:
        return 0
    if low is not None and high is not None:
        return low if not low_open else (low + high) / 2
    if low is not None:
        return low if not low_open else low + 1
    assert high is not None
    return high if not high_open else high - 1
