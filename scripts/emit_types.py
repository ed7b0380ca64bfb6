"""Emit ``claude_3_sonnet_client/params.py``: TypedDicts of the request, from the contract.

Users build requests from plain dicts. Typed as ``Any`` they get no help: a
misspelt key, a wrong role or a string temperature pass ``mypy --strict``
and fail at run time. This emitter writes one ``TypedDict`` per request
object of the contract (``UserMessageParam``, ``FunctionToolParam``, ...),
a ``Literal`` per enum and ``const``, and a union alias per ``oneOf`` /
``anyOf`` (``MessageParam``, ``ToolChoiceParam``), so editors complete
every field and type checkers reject what the contract would.

* A property is ``Required[...]`` when the schema requires it.
* An object that allows extra keys (a JSON Schema, tool input, metadata)
  is a ``dict`` (a TypedDict cannot hold unknown keys).
* Where a generated attrs model exists for an object, it is accepted too
  (``UserMessageParam | UserMessage``): the client sends either.
* Arrays are ``Iterable[...]`` (a tuple or a generator is sent as a list).

Two more TypedDicts carry the request as the client's methods take it:
``ChatCompletionSettings`` (every field but ``messages`` and ``stream``, all
optional: what ``ask()``, conversations and tool loops accept) and
``ChatCompletionCreateParams`` (the settings plus a required ``messages``).
The client adds ``stream`` itself. Because all of it is derived from the
contract, a field added to the spec is typed after ``make generate``.
"""

from __future__ import annotations

from typing import Any

from openapi_python_client.strings import ClassName

ROOT = "ChatCompletionRequest"
MESSAGES = "messages"
CLIENT_FIELDS = frozenset({"stream"})
"""Request fields the client sets itself (``create(stream=True)``, ``.stream()``)."""

HEADER = '''\
"""TypedDicts of the request, from the contract. Emitted by ``make generate``; do not edit.

Plain dicts that fit these types are what the client's methods take; each
object can also be the generated attrs model of the same name in
``claude_3_sonnet_client.models``. See ``scripts/emit_types.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, TypeAlias

from typing import Required, TypedDict

from . import models
'''


def _ref_name(schema: Any) -> str | None:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[1]
    return None


def _literal(values: list[Any]) -> str:
    return "Literal[" + ", ".join(repr(v) for v in values) + "]"


class _Emitter:
    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.done: dict[str, str] = {}
        """Component name -> the Python type it maps to."""
        self.blocks: list[str] = []

    def is_free_object(self, schema: dict[str, Any]) -> bool:
        extra = schema.get("additionalProperties", False)
        return extra is True or isinstance(extra, dict)

    def component(self, name: str) -> str:
        if name in self.done:
            return self.done[name]
        schema = self.schemas[name]
        cls = ClassName(name, prefix="")
        if "enum" in schema:
            self.done[name] = cls
            self.blocks.append(f"{cls}: TypeAlias = {_literal(schema['enum'])}\n")
            return cls
        branches = schema.get("oneOf") or schema.get("anyOf")
        if branches is not None:
            alias = f"{cls}Param"
            self.done[name] = alias
            members = " | ".join(self.type_of(b) for b in branches)
            self.blocks.append(f"{alias}: TypeAlias = {members}\n")
            return alias
        if schema.get("type") == "object":
            if self.is_free_object(schema):
                python = self.free_object(schema)
                self.done[name] = python
                return python
            alias = f"{cls}Param"
            self.done[name] = f"{alias} | models.{cls}"
            self.blocks.append(self.typed_dict(alias, schema))
            return self.done[name]
        python = self.type_of(schema)
        self.done[name] = python
        return python

    def free_object(self, schema: dict[str, Any]) -> str:
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not schema.get("properties") and extra:
            return f"dict[str, {self.type_of(extra)}]"
        return "dict[str, Any]"

    def typed_dict(
        self,
        name: str,
        schema: dict[str, Any],
        *,
        omit: frozenset[str] = frozenset(),
        optional: frozenset[str] = frozenset(),
        base: str = "TypedDict",
    ) -> str:
        required = set(schema.get("required", [])) - optional
        lines = [f"class {name}({base}, total=False):"]
        description = str(schema.get("description", "")).strip()
        lines.append(f'    """{_docstring(description) or name.removesuffix("Param") + "."}"""')
        lines.append("")
        for prop, sub in schema.get("properties", {}).items():
            if prop in omit:
                continue
            python = self.type_of(sub)
            if prop in required:
                python = f"Required[{python}]"
            lines.append(f"    {prop}: {python}")
            doc = str(sub.get("description", "")).strip() if isinstance(sub, dict) else ""
            if doc:
                lines.append(f'    """{_docstring(doc)}"""')
        return "\n".join(lines) + "\n"

    def type_of(self, schema: Any) -> str:
        if not isinstance(schema, dict):
            return "Any"
        name = _ref_name(schema)
        if name is not None:
            return self.component(name)
        if "const" in schema:
            return _literal([schema["const"]])
        if "enum" in schema:
            return _literal(schema["enum"])
        branches = schema.get("oneOf") or schema.get("anyOf")
        if branches is not None:
            return _union(self.type_of(b) for b in branches)
        kind = schema.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        return _union(self.scalar(k, schema) for k in kinds)

    def scalar(self, kind: Any, schema: dict[str, Any]) -> str:
        if kind == "string":
            return "str"
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "null":
            return "None"
        if kind == "array":
            return f"Iterable[{self.type_of(schema.get('items', {}))}]"
        if kind == "object":
            if schema.get("properties") and not self.is_free_object(schema):
                return "dict[str, Any]"
            return self.free_object(schema)
        return "Any"


def _union(parts: Any) -> str:
    seen: list[str] = []
    for part in parts:
        for piece in _members(part):
            if piece not in seen:
                seen.append(piece)
    if "Any" in seen:
        return "Any"
    return " | ".join(seen)


def _members(union: str) -> list[str]:
    """The top-level members of a union's text: ``Iterable[str | int] | None`` has two."""
    members, depth, start = [], 0, 0
    for at, char in enumerate(union):
        depth += char == "["
        depth -= char == "]"
        if depth == 0 and union.startswith(" | ", at):
            members.append(union[start:at])
            start = at + 3
    return [*members, union[start:]]


def _docstring(text: str) -> str:
    return " ".join(text.replace('"""', "'''").replace("\\", "\\\\").split())


def emit_types(spec: dict[str, Any]) -> str:
    """The source of ``params.py`` for ``spec`` (an OpenAPI document as a dict)."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    emitter = _Emitter(schemas)
    request = schemas[ROOT]
    emitter.component(ROOT)
    settings = {
        **request,
        "description": "Request fields as the client's methods take them: all optional.",
    }
    emitter.blocks.append(
        emitter.typed_dict(
            "ChatCompletionSettings",
            settings,
            omit=CLIENT_FIELDS | {MESSAGES},
            optional=frozenset(request.get("required", [])),
        )
    )
    messages = request["properties"][MESSAGES]
    emitter.blocks.append(
        "class ChatCompletionCreateParams(ChatCompletionSettings, total=False):\n"
        '    """The request as ``create()`` takes it: the settings and the messages."""\n'
        "\n"
        f"    {MESSAGES}: Required[{emitter.type_of(messages)}]\n"
    )
    names = sorted(
        {alias.split(" | ")[0] for alias in emitter.done.values() if alias[:1].isupper()}
        | {"ChatCompletionSettings", "ChatCompletionCreateParams"}
    )
    exports = "\n".join(f"    {n!r}," for n in names)
    body = "\n\n".join(emitter.blocks)
    return f"{HEADER}\n__all__ = [\n{exports}\n]\n\n\n{body}"
