"""Emit ``claude_3_sonnet_client/parsers.py``: fast, checked parsers for the response models.

The generated ``from_dict`` methods are correct but slow on the hot path
(about 11 us per stream chunk: a closure and a union probe per field, local
imports) and trusting (a ``content`` that is a number passes through as a
number). The emitted functions read the contract's response schemas once,
at ``make generate`` time, and build the same generated classes directly:

* every property the schema declares is read and its JSON type checked
  (``string``, ``integer``, ``null``, a nested model, a list of models);
  a mismatch raises ``ParseError`` with the JSON path of the value;
* required properties missing raise ``ParseError`` naming them;
* keys the schema does not declare go to ``additional_properties``, as the
  generated ``from_dict`` does, so nothing is dropped;
* a property marked ``x-lenient: true`` in the contract (reports about an
  answer, such as ``usage`` or ``logprobs``) does not fail its model: a
  value that does not parse reads as ``None`` and is kept, as sent, in
  ``additional_properties`` under its key, so a malformed report never
  costs the answer it came with;
* a property marked ``x-absent-reads-empty: true`` (a stream chunk's
  ``delta``) reads as an empty model when absent or null, as the model's
  own default (``openapi/templates/model.py.jinja``) does;
* classes are built with positional arguments, in the order of their
  generated ``__init__`` (read from the model's source by
  :func:`init_order`): keyword arguments cost about 0.15 us an object,
  which a stream pays three times a chunk;
* a property shape this emitter does not know (a union of several models)
  makes the whole model fall back to its generated ``from_dict``.

Because the functions are derived from the contract, a field added to the
spec is parsed, typed and checked after ``make generate`` with no edit to
the overlay. ``tests/test_parsers.py`` holds them equal to ``from_dict``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from openapi_python_client.strings import ClassName, PythonIdentifier

ROOTS = ("ChatCompletion", "ChatCompletionChunk")
"""The response components whose parsers are emitted (with everything they reach)."""

FIELD_PREFIX = "field_"
CLASS_PREFIX = ""

_PY_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "int, float",
    "boolean": "bool",
    "null": "type(None)",
    "array": "list",
    "object": "dict",
}
_TYPE_ORDER = ("string", "integer", "number", "boolean", "array", "object", "null")

HEADER = '''\
"""Fast, checked parsers for the response models. Emitted by ``make generate``; do not edit.

Each function builds the generated attrs class from decoded JSON, checking
every declared property's JSON type; a mismatch raises :class:`ParseError`
with the path of the value. See ``scripts/emit_parsers.py``.
"""

from __future__ import annotations

from typing import Any

from .models import {imports}

__all__ = ["ParseError", {exports}]


class ParseError(ValueError):
    """A value does not fit the contract; ``path`` locates it (``choices[0].delta.content``)."""

    def __init__(self, path: list[str | int], problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem

    def location(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{{part}}]" if isinstance(part, int) else (f".{{part}}" if out else part)
        return out or "(top level)"

    def __str__(self) -> str:
        return f"{{self.location()}}: {{self.problem}}"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {{str: "string", bool: "boolean", int: "integer", float: "number", list: "array", dict: "object"}}.get(
        type(value), type(value).__name__
    )


def _wrong(key: str | int, expected: str, value: Any) -> ParseError:
    return ParseError([key], f"expected {{expected}}, received {{_kind(value)}}")


def _items(values: Any, parse: Any, key: str) -> list[Any]:
    if type(values) is not list:
        raise _wrong(key, "array", values)
    try:
        return [parse(item) for item in values]
    except ParseError as error:
        for index, item in enumerate(values):
            try:
                parse(item)
            except ParseError:
                error.path[:0] = [key, index]
                break
        raise
'''


def _ref_name(schema: Any) -> str | None:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[1]
    return None


def _is_model(schemas: dict[str, Any], name: str) -> bool:
    """Does openapi-python-client make a class for this component?"""
    schema = schemas[name]
    return schema.get("type") == "object" and not any(k in schema for k in ("oneOf", "anyOf"))


def _types(schema: dict[str, Any]) -> set[str] | None:
    """The JSON types a non-model schema allows (None: anything)."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    if "const" in schema:
        value = schema["const"]
        return {"null" if value is None else "string" if isinstance(value, str) else "number"}
    return None


class _Unsupported(Exception):
    """A property shape the emitter leaves to the generated ``from_dict``."""


def _plan(schemas: dict[str, Any], schema: dict[str, Any]) -> tuple[str, Any, bool]:
    """How to read one property: ("model"|"models"|"check", detail, nullable)."""
    branches = schema.get("anyOf") or schema.get("oneOf")
    nullable = False
    if branches is not None:
        rest = []
        for branch in branches:
            if isinstance(branch, dict) and branch.get("type") == "null":
                nullable = True
            else:
                rest.append(branch)
        if len(rest) != 1:
            types: set[str] = set()
            for branch in rest:
                if _ref_name(branch) is not None or "items" in branch:
                    raise _Unsupported
                found = _types(branch)
                if found is None:
                    return ("check", None, nullable)
                types |= found
            return ("check", types | ({"null"} if nullable else set()), nullable)
        schema = rest[0]
    name = _ref_name(schema)
    if name is not None:
        if _is_model(schemas, name):
            return ("model", name, nullable)
        target = schemas[name]
        if "oneOf" in target or "anyOf" in target:
            raise _Unsupported
        found = _types(target)
        return (
            "check",
            None if found is None else found | ({"null"} if nullable else set()),
            nullable,
        )
    if schema.get("type") == "array":
        item = _ref_name(schema.get("items", {}))
        if item is not None and _is_model(schemas, item):
            return ("models", item, nullable)
        if item is not None:
            raise _Unsupported
    found = _types(schema)
    return ("check", None if found is None else found | ({"null"} if nullable else set()), nullable)


def _reachable(schemas: dict[str, Any], roots: tuple[str, ...]) -> list[str]:
    seen: list[str] = []

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            name = _ref_name(node)
            if name is not None:
                yield name
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    todo = list(roots)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.append(name)
        todo.extend(n for n in walk(schemas[name]) if n not in seen)
    return [n for n in seen if _is_model(schemas, n)]


def _func(name: str) -> str:
    return "parse_" + PythonIdentifier(name, prefix=FIELD_PREFIX)


def _check(types: set[str], var: str, key: str) -> list[str]:
    """Lines raising ``ParseError`` unless ``var`` has one of the JSON ``types``."""
    ordered = [t for t in _TYPE_ORDER if t in types]
    expected = " or ".join(ordered)
    if ordered == ["null"]:
        condition = f"{var} is not None"
    elif len(ordered) == 1 and ordered[0] != "number":
        condition = f"type({var}) is not {_PY_TYPES[ordered[0]]}"
    else:
        allowed = ", ".join(_PY_TYPES[t] for t in ordered)
        condition = f"type({var}) not in ({allowed})"
    return [f"    if {condition}:", f"        raise _wrong({key!r}, {expected!r}, {var})"]


def _emit_model(
    schemas: dict[str, Any], name: str, init_orders: Mapping[str, Sequence[str]] | None
) -> list[str]:
    schema = schemas[name]
    cls = ClassName(name, prefix=CLASS_PREFIX)
    properties: dict[str, Any] = schema.get("properties", {})
    required = [p for p in schema.get("required", []) if p in properties]
    keys_const = f"_{PythonIdentifier(name, prefix=FIELD_PREFIX).upper()}_KEYS"
    lines = [
        f"{keys_const} = frozenset({sorted(properties)!r})",
        "",
        "",
        f"def {_func(name)}(d: Any) -> {cls}:",
        f'    """A ``{cls}`` from decoded JSON, checked against the contract."""',
        "    if type(d) is not dict:",
        f'        raise ParseError([], f"expected an object for {name}, received {{_kind(d)}}")',
    ]
    try:
        plans = {prop: _plan(schemas, sub) for prop, sub in properties.items()}
    except _Unsupported:
        return [*lines, f"    return {cls}.from_dict(d)", ""]
    if required:
        lines += ["    try:"]
        lines += [f"        {_var(p)} = d[{p!r}]" for p in required]
        lines += [
            "    except KeyError as missing:",
            '        raise ParseError([], f"missing required field {missing.args[0]!r}") from None',
        ]
    if len(required) < len(properties):
        lines.append("    get = d.get")
    lenient = [p for p in properties if properties[p].get("x-lenient") is True]
    if lenient:
        lines.append("    kept: dict[str, Any] | None = None")
    for prop, sub in properties.items():
        lines += _read_property(prop, sub, plans[prop], optional=prop not in required)
    lines += _construct(cls, keys_const, list(properties), init_orders)
    if lenient:
        lines += ["    if kept is not None:", "        obj.additional_properties.update(kept)"]
    lines += ["    return obj", ""]
    return lines


def _read_property(
    prop: str, schema: dict[str, Any], plan: tuple[str, Any, bool], *, optional: bool
) -> list[str]:
    """Lines reading one property into ``v_<name>``, checked, parsed or kept aside."""
    var = _var(prop)
    kind, detail, nullable = plan
    lines = [f"    {var} = get({prop!r})"] if optional else []
    if kind == "check":
        if detail is None:
            return lines
        types = set(detail) | ({"null"} if optional else set())
        return lines if set(_PY_TYPES) <= types else lines + _check(types, var, prop)
    guard = optional or nullable
    inner = "        " if guard else "    "
    if guard:
        lines.append(f"    if {var} is not None:")
    call = (
        f"{_func(detail)}({var})"
        if kind == "model"
        else f"_items({var}, {_func(detail)}, {prop!r})"
    )
    if schema.get("x-lenient") is True:
        lines += [
            f"{inner}try:",
            f"{inner}    {var} = {call}",
            f"{inner}except ParseError:",
            f"{inner}    kept = {{**(kept or {{}}), {prop!r}: {var}}}",
            f"{inner}    {var} = None",
        ]
    elif kind == "model":
        lines += [
            f"{inner}try:",
            f"{inner}    {var} = {call}",
            f"{inner}except ParseError as error:",
            f"{inner}    error.path.insert(0, {prop!r})",
            f"{inner}    raise",
        ]
    else:
        lines.append(f"{inner}{var} = {call}")
    if guard and kind == "model" and schema.get("x-absent-reads-empty") is True:
        lines += ["    else:", f"        {var} = {ClassName(detail, prefix=CLASS_PREFIX)}()"]
    return lines


def _construct(
    cls: str,
    keys_const: str,
    properties: list[str],
    init_orders: Mapping[str, Sequence[str]] | None,
) -> list[str]:
    """Lines building ``obj``: positionally when the class's ``__init__`` order is known."""
    names: dict[str, str] = {PythonIdentifier(p, prefix=FIELD_PREFIX): p for p in properties}
    order = (init_orders or {}).get(cls)
    if order is not None and sorted(order) == sorted(names):
        args = ", ".join(_var(names[field]) for field in order)
    else:
        args = ", ".join(f"{field}={_var(p)}" for field, p in names.items())
    return [
        f"    obj = {cls}({args})",
        f"    if not d.keys() <= {keys_const}:",
        f"        obj.additional_properties = {{k: v for k, v in d.items() if k not in {keys_const}}}",
    ]


def _var(prop: str) -> str:
    return "v_" + PythonIdentifier(prop, prefix=FIELD_PREFIX)


def init_order(source: str) -> dict[str, list[str]]:
    """Each attrs class in a generated model module, with its ``__init__`` parameters in order.

    The generator orders a model's fields its own way (required ones without a
    default first); reading the order back from what it wrote keeps the
    positional calls right whatever that rule becomes.
    """
    orders: dict[str, list[str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            orders[node.name] = [
                statement.target.id
                for statement in node.body
                if isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and not _init_false(statement.value)
            ]
    return orders


def _init_false(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Call) and any(
        k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in value.keywords
    )


def init_orders(models: Path) -> dict[str, list[str]]:
    """:func:`init_order` for every module of a generated ``models`` folder."""
    orders: dict[str, list[str]] = {}
    for module in sorted(models.glob("*.py")):
        orders.update(init_order(module.read_text(encoding="utf-8")))
    return orders


def emit_parsers(
    spec: dict[str, Any], init_orders: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The source of ``parsers.py`` for ``spec`` (an OpenAPI document as a dict).

    ``init_orders`` (class name: ``__init__`` parameters, see :func:`init_orders`)
    lets the parsers call the classes positionally; without it they use keywords.
    """
    schemas: dict[str, Any] = spec["components"]["schemas"]
    names = _reachable(schemas, ROOTS)
    classes = sorted(ClassName(n, prefix=CLASS_PREFIX) for n in names)
    exports = ", ".join(repr(_func(n)) for n in sorted(names, key=_func))
    out = [HEADER.format(imports=", ".join(classes), exports=exports), ""]
    for name in names:
        out += ["", *_emit_model(schemas, name, init_orders)]
    return "\n".join(out).rstrip() + "\n"
