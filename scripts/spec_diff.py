"""Compare the chat-completions operation of two OpenAPI documents.

Usage::

    python scripts/spec_diff.py OLD NEW [--json] [--deviations FILE|none] [--strict-deviations]

Why: the gateway republishes its per-model specs often (fields added and
removed, paths moved), and this project keeps its own contract
(``openapi/claude-3-sonnet.yaml``) beside the vendor's files
(``openapi/vendor/``). This tool says, per field, what changed between two of
them and whether a caller would notice, so that a spec update or a contract
edit is a reviewed decision instead of a surprise.

OLD and NEW may be a vendor file as published (OpenAPI 3.0 JSON, inline
schemas, ``nullable``, bare ``enum``) or our contract (OpenAPI 3.1 YAML, named
components, type lists, ``const``). Both are first normalized into the same
shape (see `Node`), so that style differences are not reported as changes.

Paths
-----
Every change is reported at a path that reads like an accessor::

    operation.path                     the HTTP path of the compared operation
    operation.responses                its documented 2xx status codes
    request                            the request body
    response                           the first 2xx application/json response body
    .name                              a property
    []                                 the items of an array
    {}                                 the values of a map (additionalProperties)
    <label>                            one alternative of a union (anyOf/oneOf)

for example ``request.messages[]<role=user>.content<array>[]<type=image_url>.image_url.detail``,
``request.tool_choice<string>``, ``request.tools[]<{input_schema,name}>.name``,
``response.choices[].message.tool_calls[]<type=function>.function.arguments``.

Matching the alternatives of a union
------------------------------------
Alternatives are matched by label, never by position:

* an object alternative is labelled by its discriminator, a property whose
  schema allows exactly one value (``type`` first, then ``role``, then any
  other): ``type=image_url``, ``role=user``;
* an object whose ``type``/``role`` (or a property the other side
  discriminates on) allows several values is first split into one
  alternative per value, so that one message object with ``role: [user,
  assistant]`` matches a ``oneOf`` of per-role message objects;
* an object without a discriminator is labelled by its sorted required
  property names, ``{input_schema,name}``; if two such labels collide, by all
  its property names;
* anything else is labelled by its types: ``string``, ``array``,
  ``integer|string``, ``any``;
* labels still equal get ``#2``, ``#3``, ... in document order.

A schema that is not a union, compared with one, is a union of one. ``null``
is not an alternative: it is the nullability of the union itself, reported as
a ``type-changed`` at the union's path.

Classes
-------
``breaking`` on the request side means a request valid under OLD may be
refused under NEW (or sends a field NEW no longer documents); on the response
side, that a field a caller reads may disappear or change shape. Otherwise a
change is ``compatible``. A change that matches an entry of the deviations
file (``openapi/deviations.yaml`` by default) is ``deviation``: an accepted,
explained difference; the record keeps its original class in ``was``.

Records and values
------------------
A record is ``{"path", "change", "old", "new", "class"}`` (plus ``"was"`` and
``"reason"`` for a deviation). ``old``/``new`` are JSON values, null when
absent: type lists (null: any type) for ``type-changed``; only the values
removed/added for ``enum-values-*``; ``{"maximum": 1}`` for ``bound-changed``;
booleans for ``required-*`` and ``additional-properties-changed``; a short
summary such as ``"integer|null"`` for things added or removed. A property
added as required gives ``property-added`` and ``required-added``.

Deviations file
---------------
YAML, ``openapi/deviations.yaml`` unless ``--deviations FILE`` (or ``none``)::

    deviations:
      - path: request.messages[]*      # exact, or a glob: * and ? only, brackets are literal
        change: alternative-removed    # optional: a change kind (default: any)
        old: "claude-3-sonnet-*.json"  # optional glob on OLD's file name
        new: "claude-3-sonnet.yaml"    # optional glob on NEW's file name
        reason: Why this difference is accepted.   # required

The first matching entry applies. ``--strict-deviations`` lists entries that
matched nothing on stderr (stale explanations), without failing.

Exit status: 0 nothing breaking, 1 something breaking, 2 cannot compare (one
line on stderr: ``spec_diff: <file>: <problem>``).

Not compared: ``format``, ``readOnly``/``writeOnly``, ``not``,
``patternProperties``, conditionals, streaming (``text/event-stream``)
bodies, headers, parameters and error responses.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import NoReturn

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEVIATIONS = ROOT / "openapi" / "deviations.yaml"

CHANGE_KINDS = (
    "path-changed",
    "path-removed",
    "success-status-added",
    "success-status-removed",
    "property-added",
    "property-removed",
    "required-added",
    "required-removed",
    "type-changed",
    "enum-values-added",
    "enum-values-removed",
    "enum-added",
    "enum-removed",
    "bound-changed",
    "default-changed",
    "additional-properties-changed",
    "alternative-added",
    "alternative-removed",
    "schema-added",
    "schema-removed",
)
BREAKING, DEVIATION, COMPATIBLE = "breaking", "deviation", "compatible"
CLASSES = (BREAKING, DEVIATION, COMPATIBLE)

CHAT_COMPLETIONS = "/chat/completions"
PREFERRED_PATH = "/v1/chat/completions"

# Bounds whose raising narrows what is valid, and those whose lowering does.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
BOUNDS = (*LOWER_BOUNDS, *UPPER_BOUNDS, "pattern")

# Discriminator property names tried first, in this order.
DISCRIMINATORS = ("type", "role")


class SpecError(Exception):
    """A document (or deviations file) that cannot be compared; exit status 2."""

    def __init__(self, source: str | PurePath, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = str(source)
        self.message = _one_line(message)

    def line(self) -> str:
        return f"spec_diff: {self.source}: {self.message}"


def _one_line(text: str, limit: int = 300) -> str:
    """Errors are one line on stderr: parsers' messages span several."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


# --------------------------------------------------------------------- schema


@dataclass(eq=False)
class Node:
    """A schema after normalization: the only form the comparison looks at.

    ``types`` is the set of JSON types allowed (``None``: any), ``"null"``
    included when null is allowed and ``"integer"`` dropped when ``"number"``
    is present. ``enum`` holds the allowed non-null values (``const`` is a
    one-value enum). ``additional`` is ``True`` (anything allowed), ``False``
    or the schema of the extra values. ``alternatives`` is set for a union of
    two or more alternatives, none of them null or itself a union; the
    union's ``types`` is the union of theirs. Annotations are dropped.

    Nodes are identity-compared: nodes reached through the same ``$ref`` are
    the same object, which is what stops the comparison of recursive schemas.
    """

    types: frozenset[str] | None = None
    enum: tuple[object, ...] | None = None
    bounds: dict[str, object] = field(default_factory=dict)
    has_default: bool = False
    default: object = None
    properties: dict[str, Node] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    additional: Node | bool = True
    items: Node | None = None
    alternatives: tuple[Node, ...] | None = None
    # False while a recursive $ref is being normalized.
    ready: bool = True


ANY = Node()
NOTHING = Node(types=frozenset())

# Keywords that do not constrain instances (or that this tool does not compare).
_IGNORED = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "$comment",
        "$id",
        "$schema",
        "$anchor",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "xml",
        "format",
        "discriminator",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    }
)


def _constraint_keys(raw: Mapping[str, object]) -> set[str]:
    return {k for k in raw if k not in _IGNORED and not k.startswith("x-")}


def _is_any(node: Node) -> bool:
    return (
        node.ready
        and node.types is None
        and node.enum is None
        and not node.bounds
        and not node.properties
        and not node.required
        and node.additional is True
        and node.items is None
        and node.alternatives is None
    )


def _is_object(node: Node) -> bool:
    return (node.types is None and bool(node.properties)) or (
        node.types is not None and "object" in node.types
    )


def _normalize_types(types: Iterable[str]) -> frozenset[str]:
    result = set(types)
    if "number" in result:
        result.discard("integer")
    return frozenset(result)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _canonical(value: object) -> str:
    """A key for comparing JSON values: 1 == 1.0, key order does not matter."""

    def plain(item: object) -> object:
        if isinstance(item, float) and item.is_integer():
            return int(item)
        if isinstance(item, list):
            return [plain(v) for v in item]
        if isinstance(item, dict):
            return {str(k): plain(v) for k, v in item.items()}
        return item

    return json.dumps(plain(value), sort_keys=True, default=str)


def _intersect_types(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None:
        return b
    if b is None:
        return a
    result = a & b
    if ("integer" in a and "number" in b) or ("number" in a and "integer" in b):
        result |= {"integer"}
    return frozenset(result)


def _is_subtype_set(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """Whether every value of types ``a`` is also of types ``b`` (integer is a number)."""
    if b is None:
        return True
    if a is None:
        return False
    return all(t in b or (t == "integer" and "number" in b) for t in a)


def _type_list(types: frozenset[str] | None) -> list[str] | None:
    """Types as reported: sorted, ``null`` last; ``None`` means any type."""
    if types is None:
        return None
    return sorted(t for t in types if t != "null") + (["null"] if "null" in types else [])


def _type_text(types: frozenset[str] | None) -> str:
    listed = _type_list(types)
    if listed is None:
        return "any"
    return "|".join(listed) or "nothing"


def _tighter(key: str, a: object, b: object) -> object:
    if key in LOWER_BOUNDS and isinstance(a, int | float) and isinstance(b, int | float):
        return max(a, b)
    if key in UPPER_BOUNDS and isinstance(a, int | float) and isinstance(b, int | float):
        return min(a, b)
    return a


def _split_null(node: Node) -> tuple[bool, list[Node]]:
    """A node as (nullable, non-null alternatives); unions are flattened."""
    if not node.ready:
        return False, [node]
    if node.alternatives is not None:
        return node.types is not None and "null" in node.types, list(node.alternatives)
    if node.types is None or "null" not in node.types:
        return False, [node]
    if node.types == {"null"}:
        return True, []
    return True, [dataclasses.replace(node, types=node.types - {"null"})]


def _with_null(node: Node) -> Node:
    if node.types is None or "null" in node.types:
        return node
    return dataclasses.replace(node, types=node.types | {"null"})


def _merge(a: Node, b: Node) -> Node:
    """Both schemas at once (``allOf``; sibling keywords of a ``$ref`` or union)."""
    if not a.ready or not b.ready:
        # A part that refers back to the schema being built (allOf: [$ref: self]):
        # it adds nothing that is not already there.
        return a if a.ready else b
    if _is_any(a) and not a.has_default:
        return b
    if _is_any(b) and not b.has_default:
        return a
    if _is_any(a):
        return dataclasses.replace(
            b,
            has_default=b.has_default or a.has_default,
            default=b.default if b.has_default else a.default,
        )
    if _is_any(b):
        return dataclasses.replace(
            a,
            has_default=a.has_default or b.has_default,
            default=b.default if b.has_default else a.default,
        )
    has_default = a.has_default or b.has_default
    default = b.default if b.has_default else a.default
    if a.alternatives is not None or b.alternatives is not None:
        a_null, a_alts = _split_null(a)
        b_null, b_alts = _split_null(b)
        pairs = [_merge(x, y) for x in a_alts for y in b_alts]
        union = _make_union(pairs, nullable=a_null and b_null)
        return dataclasses.replace(union, has_default=has_default, default=default)
    if a.enum is None or b.enum is None:
        enum = a.enum if b.enum is None else b.enum
    else:
        allowed = {_canonical(v) for v in b.enum}
        enum = tuple(v for v in a.enum if _canonical(v) in allowed)
    bounds = dict(a.bounds)
    for key, value in b.bounds.items():
        bounds[key] = _tighter(key, bounds[key], value) if key in bounds else value
    properties = dict(a.properties)
    for name, schema in b.properties.items():
        properties[name] = _merge(properties[name], schema) if name in properties else schema
    additional: Node | bool
    if a.additional is False or b.additional is False:
        additional = False
    elif isinstance(a.additional, Node) and isinstance(b.additional, Node):
        additional = _merge(a.additional, b.additional)
    else:
        additional = a.additional if isinstance(a.additional, Node) else b.additional
    if a.items is not None and b.items is not None:
        items: Node | None = _merge(a.items, b.items)
    else:
        items = a.items if a.items is not None else b.items
    return Node(
        types=_intersect_types(a.types, b.types),
        enum=enum,
        bounds=bounds,
        has_default=has_default,
        default=default,
        properties=properties,
        required=a.required | b.required,
        additional=additional,
        items=items,
    )


def _fingerprint(node: Node, active: set[int], memo: dict[int, str]) -> str:
    """A structural key, so that identical alternatives count once."""
    if id(node) in memo:
        return memo[id(node)]
    if id(node) in active:
        return "@cycle"
    if not node.ready:
        return f"@pending{id(node)}"
    active.add(id(node))
    try:
        parts: dict[str, object] = {
            "t": _type_list(node.types),
            "e": None if node.enum is None else sorted(_canonical(v) for v in node.enum),
            "b": {k: _canonical(v) for k, v in node.bounds.items()},
            "d": _canonical(node.default) if node.has_default else None,
            "p": {k: _fingerprint(v, active, memo) for k, v in node.properties.items()},
            "r": sorted(node.required),
            "a": node.additional
            if isinstance(node.additional, bool)
            else _fingerprint(node.additional, active, memo),
            "i": None if node.items is None else _fingerprint(node.items, active, memo),
            "u": None
            if node.alternatives is None
            else sorted(_fingerprint(v, active, memo) for v in node.alternatives),
        }
    finally:
        active.discard(id(node))
    result = json.dumps(parts, sort_keys=True)
    if "@" not in result:
        memo[id(node)] = result
    return result


def _make_union(candidates: Sequence[Node], *, nullable: bool) -> Node:
    """Flatten, hoist null, drop duplicates and impossible alternatives, collapse a single one."""
    alternatives: list[Node] = []
    seen: set[str] = set()
    memo: dict[int, str] = {}  # by id(): every part stays referenced until the end
    kept: list[Node] = []
    for candidate in candidates:
        is_null, parts = _split_null(candidate)
        nullable = nullable or is_null
        kept.extend(parts)
        for part in parts:
            if part.ready and part.types == frozenset():
                continue
            key = _fingerprint(part, set(), memo)
            if key not in seen:
                seen.add(key)
                alternatives.append(part)
    if not alternatives:
        return Node(types=frozenset({"null"}) if nullable else frozenset())
    if len(alternatives) == 1:
        only = alternatives[0]
        return _with_null(only) if nullable and only.ready else only
    types: set[str] | None = set()
    for alternative in alternatives:
        if alternative.types is None or types is None:
            types = None
        else:
            types |= alternative.types
    if types is not None and nullable:
        types.add("null")
    return Node(
        types=None if types is None else _normalize_types(types),
        alternatives=tuple(alternatives),
    )


def _types_and_enum(
    raw: Mapping[str, object],
) -> tuple[frozenset[str] | None, tuple[object, ...] | None]:
    """``type``, ``nullable``-free; a bare ``enum``/``const`` gets the types of its values.

    Null is kept out of the enum: it is a type, so that 3.0's
    ``nullable: true`` beside an enum and 3.1's ``enum: [a, null]`` agree.
    """
    declared = raw.get("type")
    types: frozenset[str] | None = None
    if isinstance(declared, str):
        types = _normalize_types([declared])
    elif isinstance(declared, list):
        types = _normalize_types(t for t in declared if isinstance(t, str))
    listed = raw.get("enum")
    values: list[object] | None = list(listed) if isinstance(listed, list) else None
    if "const" in raw:
        const = _canonical(raw["const"])
        values = [raw["const"]] if values is None else [v for v in values if _canonical(v) == const]
    if values is None:
        return types, None
    unique: dict[str, object] = {}
    for value in values:
        if value is not None:
            unique.setdefault(_canonical(value), value)
    if types is None:
        found = [_json_type(v) for v in unique.values()]
        types = _normalize_types(found + (["null"] if None in values else []))
    if not unique:  # enum: [null]
        return frozenset({"null"}), None
    return types, tuple(unique.values())


def _bounds(raw: Mapping[str, object]) -> dict[str, object]:
    bounds: dict[str, object] = {}
    for key in BOUNDS:
        value = raw.get(key)
        if key == "pattern":
            if isinstance(value, str):
                bounds[key] = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            bounds[key] = value
    # OpenAPI 3.0 spells an exclusive bound as a flag beside the bound.
    for flag, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if raw.get(flag) is True and plain in bounds:
            bounds[flag] = bounds.pop(plain)
    return bounds


class _Normalizer:
    """Turns the raw schemas of one document into `Node` objects.

    Only what is reached from the operation is normalized, and every raw
    schema once (memoized by identity), so the 200 unrelated components of
    the vendor file cost nothing. A ``$ref`` being normalized is a
    placeholder node that is filled in when done: a recursive schema becomes
    a cyclic graph of nodes, not an endless recursion.
    """

    def __init__(self, document: object, source: str) -> None:
        self._document = document
        self._source = source
        self._memo: dict[int, Node] = {}
        self._following: set[int] = set()

    def resolve(self, ref: str) -> object:
        """The target of a local reference ``#/a/b``."""
        if not ref.startswith("#"):
            raise SpecError(
                self._source, f"unresolvable $ref {ref!r}: only local '#/...' refs are followed"
            )
        pointer = urllib.parse.unquote(ref[1:])
        target = self._document
        if pointer:
            if not pointer.startswith("/"):
                raise SpecError(self._source, f"unresolvable $ref {ref!r}")
            for token in pointer[1:].split("/"):
                key = token.replace("~1", "/").replace("~0", "~")
                if isinstance(target, dict) and key in target:
                    target = target[key]
                elif isinstance(target, list) and key.isdigit() and int(key) < len(target):
                    target = target[int(key)]
                else:
                    raise SpecError(self._source, f"unresolvable $ref {ref!r}")
        return target

    def follow(self, raw: object) -> object:
        """An object with its ``$ref`` chain followed (for request bodies and responses)."""
        seen: set[str] = set()
        while isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
            ref = raw["$ref"]
            if ref in seen:
                raise SpecError(self._source, f"circular $ref {ref!r}")
            seen.add(ref)
            raw = self.resolve(ref)
        return raw

    def schema(self, raw: object) -> Node:
        if raw is True:
            return ANY
        if raw is False:
            return NOTHING
        if not isinstance(raw, dict):
            return ANY
        found = self._memo.get(id(raw))
        if found is not None:
            return found
        ref = raw.get("$ref")
        if isinstance(ref, str) and _constraint_keys(raw) == {"$ref"}:
            if id(raw) in self._following:  # $ref chain that loops: no constraint at all
                return ANY
            self._following.add(id(raw))
            try:
                node = self.schema(self.resolve(ref))
            finally:
                self._following.discard(id(raw))
            self._memo[id(raw)] = node
            return node
        node = Node(ready=False)
        self._memo[id(raw)] = node
        built = self._build(raw)
        for item in dataclasses.fields(Node):
            setattr(node, item.name, getattr(built, item.name))
        node.ready = True
        return node

    def _is_null_only(self, raw: object) -> bool:
        """``{nullable: true}`` alone, as a union alternative, means "or null"."""
        try:
            raw = self.follow(raw)
        except SpecError:  # schema() reports a bad $ref, and tolerates a $ref loop
            return False
        return (
            isinstance(raw, dict)
            and raw.get("nullable") is True
            and _constraint_keys(raw) == {"nullable"}
        )

    def _build(self, raw: dict[str, object]) -> Node:
        node = self._local(raw)
        ref = raw.get("$ref")
        if isinstance(ref, str):  # 3.1: a $ref with sibling keywords is an allOf
            node = _merge(self.schema(self.resolve(ref)), node)
        all_of = raw.get("allOf")
        if isinstance(all_of, list):
            for part in all_of:
                node = _merge(node, self.schema(part))
        for key in ("anyOf", "oneOf"):  # the same thing here: alternatives
            alternatives = raw.get(key)
            if isinstance(alternatives, list):
                node = self._union(node, alternatives)
        if raw.get("nullable") is True:
            node = _with_null(node) if node.alternatives is None else self._nullable_union(node)
        return node

    @staticmethod
    def _nullable_union(node: Node) -> Node:
        if node.types is None:
            return node
        return dataclasses.replace(node, types=node.types | {"null"})

    def _union(self, base: Node, raws: list[object]) -> Node:
        nullable = False
        candidates: list[Node] = []
        for raw in raws:
            if self._is_null_only(raw):
                nullable = True
                continue
            candidates.append(self.schema(raw))
        # Siblings of anyOf/oneOf apply to every alternative; a default stays on the union.
        shared = dataclasses.replace(base, has_default=False, default=None)
        base_null = base.types is None or "null" in base.types
        merged: list[Node] = []
        for candidate in candidates:
            is_null, parts = _split_null(candidate)
            nullable = nullable or is_null
            merged.extend(_merge(shared, part) for part in parts)
        union = _make_union(merged, nullable=nullable and base_null)
        return dataclasses.replace(union, has_default=base.has_default, default=base.default)

    def _local(self, raw: dict[str, object]) -> Node:
        """The keywords of one schema object, without its $ref, allOf and unions."""
        types, enum = _types_and_enum(raw)
        properties: dict[str, Node] = {}
        declared_properties = raw.get("properties")
        if isinstance(declared_properties, dict):
            for name, schema in declared_properties.items():
                properties[str(name)] = self.schema(schema)
        declared_required = raw.get("required")
        required = (
            frozenset(n for n in declared_required if isinstance(n, str))
            if isinstance(declared_required, list)
            else frozenset()
        )

        additional: Node | bool = True
        declared_additional = raw.get("additionalProperties")
        if declared_additional is False:
            additional = False
        elif isinstance(declared_additional, dict):
            extra = self.schema(declared_additional)
            additional = (
                True if _is_any(extra) or self._is_null_only(declared_additional) else extra
            )

        items: Node | None = None
        declared_items = raw.get("items")
        if isinstance(declared_items, dict | bool):
            items = self.schema(declared_items)
            if _is_any(items):
                items = None

        return Node(
            types=types,
            enum=enum,
            bounds=_bounds(raw),
            has_default="default" in raw,
            default=raw.get("default"),
            properties=properties,
            required=required,
            additional=additional,
            items=items,
        )


# ------------------------------------------------------------------ documents


@dataclass(frozen=True)
class Endpoint:
    """The compared parts of one ``post`` operation."""

    path: str
    request: Node
    response: Node | None
    success: tuple[str, ...]


@dataclass(frozen=True)
class Operation:
    """The chat-completions operations of one document, by path in document order."""

    source: str
    endpoints: dict[str, Endpoint]

    @property
    def name(self) -> str:
        return PurePath(self.source).name


def _read_document(path: str | PurePath) -> object:
    """JSON (fast, for the 1.5 MB vendor file) or YAML."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(path, "no such file") from None
    except IsADirectoryError:
        raise SpecError(path, "is a directory, not a file") from None
    except UnicodeDecodeError:
        raise SpecError(path, "not JSON or YAML: not UTF-8 text") from None
    except OSError as exc:
        raise SpecError(path, f"cannot read: {exc.strerror or exc}") from None
    if not text.strip():
        raise SpecError(path, "empty file")
    json_error: json.JSONDecodeError | None = None
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            json_error = exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # a safe loader: plain data only
    except yaml.YAMLError as exc:
        problem = json_error if json_error is not None else exc
        raise SpecError(path, f"not JSON or YAML: {problem}") from None


def _json_media(content: object) -> object:
    """The schema of the JSON media type of a ``content`` map, if any."""
    if not isinstance(content, dict):
        return None
    for media, body in content.items():
        kind = str(media).split(";")[0].strip().lower()
        is_json = kind == "application/json" or kind.endswith("+json")
        if is_json and isinstance(body, dict) and "schema" in body:
            return body["schema"]
    return None


def load_operation(path: str | PurePath) -> Operation:
    """Read a document and normalize its ``post .../chat/completions`` operations.

    Raises `SpecError` for anything that makes a comparison impossible.
    """
    source = str(path)
    document = _read_document(path)
    if not isinstance(document, dict):
        raise SpecError(source, f"not an OpenAPI document (top level is {_json_type(document)})")
    version = document.get("openapi")
    if not isinstance(version, str) or not version.startswith("3"):
        found = f"'openapi: {version}'" if version is not None else "no 'openapi' field"
        if "swagger" in document:
            found = "Swagger 2.0"
        raise SpecError(source, f"not an OpenAPI 3 document ({found})")
    paths = document.get("paths")
    if not isinstance(paths, dict):
        raise SpecError(source, "not an OpenAPI document (no 'paths' object)")
    normalizer = _Normalizer(document, source)
    endpoints: dict[str, Endpoint] = {}
    for route, item in paths.items():
        if not isinstance(route, str) or not route.endswith(CHAT_COMPLETIONS):
            continue
        item = normalizer.follow(item)  # noqa: PLW2901 - the same item, resolved
        operation = item.get("post") if isinstance(item, dict) else None
        if isinstance(operation, dict):
            endpoints[route] = _endpoint(normalizer, source, route, operation)
    if not endpoints:
        raise SpecError(source, f"no POST operation on a path ending with {CHAT_COMPLETIONS}")
    return Operation(source=source, endpoints=endpoints)


def _endpoint(
    normalizer: _Normalizer, source: str, route: str, operation: dict[str, object]
) -> Endpoint:
    body = normalizer.follow(operation.get("requestBody"))
    schema = _json_media(body.get("content")) if isinstance(body, dict) else None
    if schema is None:
        raise SpecError(source, f"POST {route}: no application/json request body schema")
    request = normalizer.schema(schema)
    responses = operation.get("responses")
    responses = responses if isinstance(responses, dict) else {}
    success = tuple(sorted(str(code) for code in responses if str(code).startswith("2")))
    response: Node | None = None
    for code in success:
        raw = responses.get(code, responses.get(int(code)) if code.isdigit() else None)
        documented = normalizer.follow(raw)
        found = _json_media(documented.get("content")) if isinstance(documented, dict) else None
        if found is not None:
            response = normalizer.schema(found)
            break
    return Endpoint(path=route, request=request, response=response, success=success)


# ----------------------------------------------------------------------- diff


@dataclass(frozen=True)
class Change:
    """One difference, before classification. ``old``/``new`` are JSON values."""

    path: str
    change: str
    old: object
    new: object


def _summary(node: Node) -> str:
    """A short description of a schema, for added and removed things."""
    if node.alternatives is not None:
        labels = _labels(node.alternatives, DISCRIMINATORS)
        nullable = node.types is not None and "null" in node.types
        return "one of: " + ", ".join(labels + (["null"] if nullable else []))
    text = _type_text(node.types)
    if node.enum is not None:
        text += f" enum({len(node.enum)})"
    return text


def _enum_single(node: Node) -> object:
    """The one value a property allows, or `_NO_VALUE`."""
    if node.ready and node.alternatives is None and node.enum is not None and len(node.enum) == 1:
        return node.enum[0]
    return _NO_VALUE


_NO_VALUE = object()


def _discriminator(node: Node, prefer: Sequence[str]) -> tuple[str, object] | None:
    if not _is_object(node):
        return None
    for name in (*prefer, *sorted(node.properties)):
        prop = node.properties.get(name)
        if prop is not None:
            value = _enum_single(prop)
            if value is not _NO_VALUE:
                return name, value
    return None


def _value_text(value: object) -> str:
    return value if isinstance(value, str) else _canonical(value)


def _labels(alternatives: Sequence[Node], prefer: Sequence[str]) -> list[str]:
    """Unique, deterministic labels for the alternatives of one union."""
    labels: list[str] = []
    undiscriminated: list[bool] = []
    for alternative in alternatives:
        found = _discriminator(alternative, prefer)
        if found is not None:
            labels.append(f"{found[0]}={_value_text(found[1])}")
            undiscriminated.append(False)
        elif _is_object(alternative):
            labels.append("{" + ",".join(sorted(alternative.required)) + "}")
            undiscriminated.append(True)
        else:
            labels.append(_type_text(alternative.types - {"null"} if alternative.types else None))
            undiscriminated.append(False)
    counts = Counter(labels)
    for index, alternative in enumerate(alternatives):
        if undiscriminated[index] and counts[labels[index]] > 1:
            labels[index] = "{" + ",".join(sorted(alternative.properties)) + "}"
    seen: Counter[str] = Counter()
    unique: list[str] = []
    for label in labels:
        seen[label] += 1
        unique.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
    return unique


class _Differ:
    """Walks two normalized schemas side by side and collects `Change` objects."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self._active: set[tuple[int, int]] = set()
        # Derived nodes (null stripped, enum split) are cached so that their
        # identity is stable: the recursion guard depends on it.
        self._plain_alternatives: dict[int, tuple[bool, Node]] = {}
        self._splits: dict[tuple[int, tuple[str, ...]], list[Node]] = {}

    def add(self, path: str, change: str, old: object, new: object) -> None:
        self.changes.append(Change(path, change, old, new))

    def compare(self, old: Node, new: Node, path: str) -> None:
        key = (id(old), id(new))
        if old is new or key in self._active:  # same schema, or a recursion already open
            return
        self._active.add(key)
        try:
            if old.alternatives is None and new.alternatives is None:
                self._plain(old, new, path)
            else:
                self._union(old, new, path)
        finally:
            self._active.discard(key)

    def _plain(self, old: Node, new: Node, path: str) -> None:
        if old.types != new.types:
            self.add(path, "type-changed", _type_list(old.types), _type_list(new.types))
            both = _intersect_types(old.types, new.types)
            if both is not None and not (both - {"null"}):
                return  # nothing in common: the parts below would only repeat it
        self._enum(old, new, path)
        for key in BOUNDS:
            before, after = old.bounds.get(key), new.bounds.get(key)
            if (before is None) != (after is None) or (
                before is not None and _canonical(before) != _canonical(after)
            ):
                self.add(
                    path,
                    "bound-changed",
                    None if before is None else {key: before},
                    None if after is None else {key: after},
                )
        self._default(old, new, path)
        self._object(old, new, path)
        if old.items is not None or new.items is not None:
            self.compare(old.items or ANY, new.items or ANY, path + "[]")

    def _enum(self, old: Node, new: Node, path: str) -> None:
        if old.enum is None and new.enum is None:
            return
        if old.enum is None:
            self.add(path, "enum-added", None, list(new.enum or ()))
        elif new.enum is None:
            self.add(path, "enum-removed", list(old.enum), None)
        else:
            before = {_canonical(v) for v in old.enum}
            after = {_canonical(v) for v in new.enum}
            removed = [v for v in old.enum if _canonical(v) not in after]
            added = [v for v in new.enum if _canonical(v) not in before]
            if removed:
                self.add(path, "enum-values-removed", removed, None)
            if added:
                self.add(path, "enum-values-added", None, added)

    def _default(self, old: Node, new: Node, path: str) -> None:
        if old.has_default != new.has_default or (
            old.has_default and _canonical(old.default) != _canonical(new.default)
        ):
            self.add(
                path,
                "default-changed",
                old.default if old.has_default else None,
                new.default if new.has_default else None,
            )

    def _object(self, old: Node, new: Node, path: str) -> None:
        for name, schema in old.properties.items():
            if name not in new.properties:
                self.add(f"{path}.{name}", "property-removed", _summary(schema), None)
        for name, schema in new.properties.items():
            if name not in old.properties:
                self.add(f"{path}.{name}", "property-added", None, _summary(schema))
                if name in new.required and name not in old.required:
                    self.add(f"{path}.{name}", "required-added", False, True)
        for name in sorted(old.required | new.required):
            if (name in old.properties) != (name in new.properties):
                continue  # reported as added (with required-added) or removed
            before, after = name in old.required, name in new.required
            if before != after:
                kind = "required-added" if after else "required-removed"
                self.add(f"{path}.{name}", kind, before, after)
        for name, schema in old.properties.items():
            if name in new.properties:
                self.compare(schema, new.properties[name], f"{path}.{name}")
        before_extra, after_extra = old.additional, new.additional
        if (before_extra is False) != (after_extra is False):
            self.add(
                path,
                "additional-properties-changed",
                before_extra is not False,
                after_extra is not False,
            )
        elif isinstance(before_extra, Node) or isinstance(after_extra, Node):
            self.compare(
                before_extra if isinstance(before_extra, Node) else ANY,
                after_extra if isinstance(after_extra, Node) else ANY,
                path + "{}",
            )

    def _as_union(self, node: Node) -> tuple[bool, list[Node]]:
        """(nullable, alternatives) of a union, or of a plain schema as a union of one."""
        if node.alternatives is not None:
            return node.types is not None and "null" in node.types, list(node.alternatives)
        cached = self._plain_alternatives.get(id(node))
        if cached is None:
            nullable = node.types is not None and "null" in node.types
            alternative = node
            if nullable or node.has_default:  # null and default belong to the union level
                types = node.types - {"null"} if node.types is not None else None
                alternative = dataclasses.replace(
                    node, types=types, has_default=False, default=None
                )
            cached = (nullable, alternative)
            self._plain_alternatives[id(node)] = cached
        return cached[0], [cached[1]]

    def _split(self, node: Node, prefer: tuple[str, ...]) -> list[Node]:
        """One alternative per value of a several-valued discriminator (role: [user, assistant])."""
        if not _is_object(node) or _discriminator(node, prefer) is not None:
            return [node]
        key = (id(node), prefer)
        if key not in self._splits:
            parts = [node]
            for name in prefer:
                prop = node.properties.get(name)
                if (
                    prop is not None
                    and prop.ready
                    and prop.alternatives is None
                    and prop.enum is not None
                    and len(prop.enum) > 1
                    and all(not isinstance(v, dict | list) for v in prop.enum)
                ):
                    parts = [
                        dataclasses.replace(
                            node,
                            properties={
                                **node.properties,
                                name: dataclasses.replace(prop, enum=(value,)),
                            },
                        )
                        for value in prop.enum
                    ]
                    break
            self._splits[key] = parts
        return self._splits[key]

    def _union(self, old: Node, new: Node, path: str) -> None:
        old_null, old_alternatives = self._as_union(old)
        new_null, new_alternatives = self._as_union(new)
        if old_null != new_null:
            self.add(path, "type-changed", _type_list(old.types), _type_list(new.types))
        self._default(old, new, path)
        # Split on type, role, or any property the other alternatives discriminate on.
        names = {
            found[0]
            for alternative in (*old_alternatives, *new_alternatives)
            if (found := _discriminator(alternative, DISCRIMINATORS)) is not None
        }
        prefer = (*DISCRIMINATORS, *sorted(names - set(DISCRIMINATORS)))
        before = [part for a in old_alternatives for part in self._split(a, prefer)]
        after = [part for a in new_alternatives for part in self._split(a, prefer)]
        old_labelled = dict(zip(_labels(before, prefer), before, strict=True))
        new_labelled = dict(zip(_labels(after, prefer), after, strict=True))
        for label, alternative in old_labelled.items():
            if label not in new_labelled:
                self.add(f"{path}<{label}>", "alternative-removed", _summary(alternative), None)
        for label, alternative in new_labelled.items():
            if label not in old_labelled:
                self.add(f"{path}<{label}>", "alternative-added", None, _summary(alternative))
        for label, alternative in old_labelled.items():
            if label in new_labelled:
                self.compare(alternative, new_labelled[label], f"{path}<{label}>")


def _choose_paths(old: Operation, new: Operation) -> tuple[str, str]:
    """Prefer a path both documents have, then ``/v1/chat/completions``, then the first."""

    def pick(paths: Sequence[str]) -> str:
        return PREFERRED_PATH if PREFERRED_PATH in paths else paths[0]

    common = [p for p in old.endpoints if p in new.endpoints]
    if common:
        chosen = pick(common)
        return chosen, chosen
    return pick(list(old.endpoints)), pick(list(new.endpoints))


def diff(old: Operation, new: Operation) -> list[Change]:
    """Every difference between the chat-completions operations of OLD and NEW."""
    old_path, new_path = _choose_paths(old, new)
    changes: list[Change] = []
    if old_path != new_path:
        changes.append(Change("operation.path", "path-changed", old_path, new_path))
    for route in old.endpoints:
        if route not in new.endpoints and route != old_path:
            changes.append(Change("operation.path", "path-removed", route, None))
    before, after = old.endpoints[old_path], new.endpoints[new_path]
    for code in before.success:
        if code not in after.success:
            changes.append(Change("operation.responses", "success-status-removed", code, None))
    for code in after.success:
        if code not in before.success:
            changes.append(Change("operation.responses", "success-status-added", None, code))
    differ = _Differ()
    differ.compare(before.request, after.request, "request")
    if before.response is not None and after.response is not None:
        differ.compare(before.response, after.response, "response")
    elif before.response is not None:
        changes.append(Change("response", "schema-removed", _summary(before.response), None))
    elif after.response is not None:
        changes.append(Change("response", "schema-added", None, _summary(after.response)))
    return changes + differ.changes


# ------------------------------------------------------------------- classify


@dataclass(frozen=True)
class Deviation:
    """An accepted, explained difference (one entry of the deviations file)."""

    path: str
    reason: str
    change: str | None = None
    old: str | None = None
    new: str | None = None
    index: int = 0

    def matches(self, change: Change, old_name: str, new_name: str) -> bool:
        return (
            _path_glob(self.path).fullmatch(change.path) is not None
            and (self.change is None or self.change == change.change)
            and (self.old is None or _file_matches(self.old, old_name))
            and (self.new is None or _file_matches(self.new, new_name))
        )


def _path_glob(pattern: str) -> re.Pattern[str]:
    """``*`` and ``?`` are wildcards; brackets are literal, since paths contain ``[]``."""
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern]
    return re.compile("".join(parts), re.DOTALL)


def _file_matches(pattern: str, name: str) -> bool:
    path = PurePath(name)
    return fnmatchcase(path.name, pattern) or fnmatchcase(path.as_posix(), pattern)


@dataclass(frozen=True)
class Record:
    """A classified change, as reported."""

    path: str
    change: str
    old: object
    new: object
    cls: str
    was: str | None = None
    reason: str | None = None
    deviation: Deviation | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "path": self.path,
            "change": self.change,
            "old": self.old,
            "new": self.new,
            "class": self.cls,
        }
        if self.cls == DEVIATION:
            data["was"] = self.was
            data["reason"] = self.reason
        return data


def _wider_bound(change: Change) -> bool | None:
    """Whether a bound change lets more values through (None: cannot tell)."""
    before = change.old if isinstance(change.old, dict) else {}
    after = change.new if isinstance(change.new, dict) else {}
    (key,) = {*before, *after}
    old_value, new_value = before.get(key), after.get(key)
    if old_value is None:
        return False
    if new_value is None:
        return True
    if key == "pattern":
        return None
    if isinstance(old_value, int | float) and isinstance(new_value, int | float):
        return new_value < old_value if key in LOWER_BOUNDS else new_value > old_value
    return None


def _types_of(value: object) -> frozenset[str] | None:
    return frozenset(str(v) for v in value) if isinstance(value, list) else None


def base_class(change: Change) -> str:
    """``breaking`` or ``compatible``, from the side (request, response, operation) and kind."""
    kind = change.change
    if change.path.startswith("operation."):
        breaking = kind in {"path-changed", "path-removed", "success-status-removed"}
    elif change.path.startswith("response"):
        if kind == "type-changed":
            breaking = not _is_subtype_set(_types_of(change.new), _types_of(change.old))
        else:
            breaking = kind in {
                "property-removed",
                "required-removed",
                "alternative-removed",
                "schema-removed",
            }
    elif kind == "type-changed":
        breaking = not _is_subtype_set(_types_of(change.old), _types_of(change.new))
    elif kind == "bound-changed":
        breaking = _wider_bound(change) is not True
    elif kind == "additional-properties-changed":
        breaking = change.new is False
    else:
        breaking = kind in {
            "property-removed",
            "required-added",
            "enum-values-removed",
            "enum-added",
            "alternative-removed",
        }
    return BREAKING if breaking else COMPATIBLE


def _sort_key(record: Record) -> tuple[str, str, str, str]:
    return (record.path, record.change, _canonical(record.old), _canonical(record.new))


def classify(
    changes: Iterable[Change],
    deviations: Sequence[Deviation],
    old_name: str,
    new_name: str,
) -> list[Record]:
    """Class every change; the first deviation entry that matches makes it a deviation."""
    records = []
    for change in changes:
        cls = base_class(change)
        matched = next((d for d in deviations if d.matches(change, old_name, new_name)), None)
        if matched is None:
            records.append(Record(change.path, change.change, change.old, change.new, cls))
        else:
            records.append(
                Record(
                    change.path,
                    change.change,
                    change.old,
                    change.new,
                    DEVIATION,
                    was=cls,
                    reason=matched.reason,
                    deviation=matched,
                )
            )
    return sorted(records, key=_sort_key)


def unused_deviations(
    deviations: Sequence[Deviation], records: Iterable[Record]
) -> list[Deviation]:
    """Entries that matched nothing: stale once the difference they explain is gone."""
    used = {id(r.deviation) for r in records if r.deviation is not None}
    return [d for d in deviations if id(d) not in used]


_DEVIATION_KEYS = frozenset({"path", "change", "old", "new", "reason"})


def load_deviations(path: str | PurePath) -> list[Deviation]:
    """Read a deviations file; any malformed entry is a `SpecError` naming it."""
    data = _read_document(path)
    if not isinstance(data, dict) or "deviations" not in data:
        raise SpecError(path, "not a deviations file: expected a mapping with a 'deviations' list")
    entries = data["deviations"]
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise SpecError(path, "'deviations' must be a list")
    result = []
    for index, entry in enumerate(entries):
        where = f"deviations[{index}]"
        if not isinstance(entry, dict):
            raise SpecError(path, f"{where}: not a mapping")
        if isinstance(entry.get("path"), str):
            where += f" (path {entry['path']})"
        unknown = sorted(str(k) for k in entry if k not in _DEVIATION_KEYS)
        if unknown:
            raise SpecError(path, f"{where}: unknown key(s) {', '.join(unknown)}")
        for key in ("path", "reason"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise SpecError(path, f"{where}: '{key}' is missing or empty")
        for key in ("change", "old", "new"):
            if entry.get(key) is not None and not isinstance(entry.get(key), str):
                raise SpecError(path, f"{where}: '{key}' must be a string")
        change = entry.get("change")
        if change is not None and change not in CHANGE_KINDS:
            raise SpecError(path, f"{where}: unknown change kind {change!r}")
        result.append(
            Deviation(
                path=entry["path"],
                reason=entry["reason"].strip(),
                change=change,
                old=entry.get("old"),
                new=entry.get("new"),
                index=index,
            )
        )
    return result


def compare_files(
    old: str | PurePath, new: str | PurePath, deviations: Sequence[Deviation] = ()
) -> list[Record]:
    """Load, diff and classify in one call (for tests and the CI gate)."""
    before, after = load_operation(old), load_operation(new)
    return classify(diff(before, after), deviations, str(old), str(new))


# --------------------------------------------------------------------- output


def _value(value: object, change: str) -> str:
    if value is None:
        return "any" if change == "type-changed" else "-"
    return json.dumps(value, ensure_ascii=False, default=str, separators=(", ", ": "))


def format_report(
    records: Sequence[Record], old: Operation, new: Operation, deviations_source: str
) -> str:
    """The readable report: breaking first, then deviations with reasons, then compatible."""
    old_path, new_path = _choose_paths(old, new)
    lines = [
        f"OLD {old.source} (POST {old_path})",
        f"NEW {new.source} (POST {new_path})",
        f"deviations: {deviations_source}",
    ]
    counts = Counter(r.cls for r in records)
    titles = {BREAKING: "Breaking", DEVIATION: "Deviations", COMPATIBLE: "Compatible"}
    for cls in CLASSES:
        group = [r for r in records if r.cls == cls]
        if not group:
            continue
        lines += ["", f"{titles[cls]} ({len(group)}):"]
        for r in group:
            line = f"  {r.path}  {r.change}  {_value(r.old, r.change)} -> {_value(r.new, r.change)}"
            if r.cls == DEVIATION:
                line += f"  [was {r.was}: {r.reason}]"
            lines.append(line)
    if not records:
        lines += ["", "No differences."]
    lines += [
        "",
        f"Summary: {counts[BREAKING]} breaking, {counts[DEVIATION]} deviations, "
        f"{counts[COMPATIBLE]} compatible.",
    ]
    return "\n".join(lines)


def records_to_json(records: Iterable[Record]) -> str:
    return json.dumps([r.to_json() for r in records], indent=2, ensure_ascii=False, default=str)


# ------------------------------------------------------------------------ CLI


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """Usage errors too are one line."""
        self.exit(2, f"spec_diff: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="spec_diff.py",
        description="Compare the chat-completions operation of two OpenAPI documents.",
    )
    parser.add_argument("old", metavar="OLD", help="the earlier document (JSON or YAML)")
    parser.add_argument("new", metavar="NEW", help="the later document (JSON or YAML)")
    parser.add_argument("--json", action="store_true", help="print the records as JSON")
    parser.add_argument(
        "--deviations",
        metavar="FILE",
        help="accepted differences (default: openapi/deviations.yaml beside the contract, "
        "if it exists; 'none': no file)",
    )
    parser.add_argument(
        "--strict-deviations",
        action="store_true",
        help="report deviation entries that matched nothing (on stderr; not a failure)",
    )
    return parser


def _deviations(option: str | None) -> tuple[list[Deviation], str | None]:
    if option is not None and option.lower() == "none":
        return [], None
    if option is None:
        if not DEFAULT_DEVIATIONS.is_file():
            return [], None
        option = str(DEFAULT_DEVIATIONS)
    return load_deviations(option), option


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; returns the exit status (0, 1 or 2)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else 2
    where = str(args.old)
    try:
        old = load_operation(args.old)
        where = str(args.new)
        new = load_operation(args.new)
        where = str(args.deviations or DEFAULT_DEVIATIONS)
        deviations, deviations_source = _deviations(args.deviations)
        where = f"{args.old} -> {args.new}"
        records = classify(diff(old, new), deviations, args.old, args.new)
    except SpecError as exc:
        print(exc.line(), file=sys.stderr)
        return 2
    except RecursionError:
        print(f"spec_diff: {where}: schemas nested too deeply to compare", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug here must still not drown CI logs in a traceback
        problem = _one_line(f"{type(exc).__name__}: {exc}")
        print(f"spec_diff: {where}: internal error: {problem}", file=sys.stderr)
        return 2
    if args.json:
        print(records_to_json(records))
    else:
        print(format_report(records, old, new, deviations_source or "none"))
    if args.strict_deviations and deviations_source is not None:
        for entry in unused_deviations(deviations, records):
            print(
                f"spec_diff: {deviations_source}: deviations[{entry.index}] "
                f"(path {entry.path}, change {entry.change or 'any'}) matched nothing",
                file=sys.stderr,
            )
    return 1 if any(r.cls == BREAKING for r in records) else 0


if __name__ == "__main__":
    sys.exit(main())
