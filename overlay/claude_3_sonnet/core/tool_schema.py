"""Describe a plain Python function as a tool, and turn the model's arguments back into Python.

A tool definition written by hand drifts from the function it describes; the
model then sends arguments the function cannot take. Here the function's
signature *is* the definition: its name, its docstring, and a JSON Schema
derived from its type hints. The same walk over the hints builds, for each
parameter, a converter from JSON back to the annotated Python type (an
``Enum`` member, a dataclass instance, a tuple, ...), so the schema the model
sees and the conversion the function gets can never disagree.

Supported annotations: ``str``, ``int``, ``float``, ``bool``, ``None``,
``X | None`` / ``Optional[X]`` and other unions, ``list[X]``,
``tuple[X, ...]``, ``dict[str, X]`` (bare ``list`` / ``List`` and ``dict`` /
``Dict``: items of any type), ``Literal[...]``, ``Enum`` subclasses,
dataclasses, ``TypedDict`` (required keys honoured), ``Any``, and
``Annotated[X, "description"]``. Anything else (a missing annotation,
``*args``, an arbitrary class) is a :class:`ToolDefinitionError` naming the
function and the parameter, raised when the tool is defined, not when the
model first calls it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import inspect
import re
import types
import typing
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any, TypeAlias

import attrs
import jsonschema_rs

from .errors import ToolArgumentsError, ToolDefinitionError

__all__ = [
    "FunctionTool",
    "ToolArgumentsError",
    "ToolDefinitionError",
    "function_tool",
    "tool_definition",
]

Converter: TypeAlias = Callable[[Any], Any]
_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")
_SECTION = re.compile(
    r"^(Args|Arguments|Parameters|Params|Returns?|Yields?|Raises|Examples?|Notes?):\s*$"
)
_SPHINX_PARAM = re.compile(r"^:param\s+(?:\S+\s+)?(\w+):\s*(.*)$")
_GOOGLE_PARAM = re.compile(r"^(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
_ARGS_SECTIONS = ("Args", "Arguments", "Parameters", "Params")
_JSON_SCALARS = (str, int, float, bool, type(None))


class _Unsupported(Exception):
    """Internal: an annotation has no JSON Schema; becomes a ``ToolDefinitionError``."""


class _Mismatch(Exception):
    """Internal: a JSON value does not fit one branch of a union."""


# -- annotation -> (schema, converter) ----------------------------------------


def _expect(*kinds: type, then: Callable[[Any], Any] = lambda v: v) -> Converter:
    def convert(value: Any) -> Any:
        if isinstance(value, bool) and bool not in kinds:
            raise _Mismatch
        if not isinstance(value, kinds):
            raise _Mismatch
        return then(value)

    return convert


_SCALARS: dict[Any, tuple[dict[str, Any], Converter]] = {
    str: ({"type": "string"}, _expect(str)),
    int: ({"type": "integer"}, _expect(int)),
    float: ({"type": "number"}, _expect(int, float, then=float)),
    bool: ({"type": "boolean"}, _expect(bool)),
    type(None): ({"type": "null"}, _expect(type(None))),
    None: ({"type": "null"}, _expect(type(None))),
    Any: ({}, lambda v: v),
    list: ({"type": "array"}, _expect(list)),
    dict: ({"type": "object"}, _expect(dict)),
}


def _choices(values: list[Any], convert: Callable[[Any], Any]) -> tuple[dict[str, Any], Converter]:
    """An ``enum`` schema; JSON ``true`` must not match ``1`` (Python says they are equal)."""
    if not values or not all(isinstance(v, _JSON_SCALARS) for v in values):
        raise _Unsupported(f"choices must be str, int, float, bool or None, got {values!r}")
    schema: dict[str, Any] = {"enum": values}
    kinds = {type(v) for v in values}
    if kinds == {str}:
        schema = {"type": "string", **schema}
    elif kinds == {int}:
        schema = {"type": "integer", **schema}

    def pick(value: Any) -> Any:
        for index, option in enumerate(values):
            if isinstance(option, bool) == isinstance(value, bool) and option == value:
                return convert(index)
        raise _Mismatch

    return schema, pick


def _union(branches: list[Any], seen: tuple[type, ...]) -> tuple[dict[str, Any], Converter]:
    shapes = [_shape(b, seen) for b in branches]
    converters = [c for _, c in shapes]

    def first_fit(value: Any) -> Any:
        for convert in converters:
            try:
                return convert(value)
            except _Mismatch:
                continue
        raise _Mismatch

    return {"anyOf": [s for s, _ in shapes]}, first_fit


def _object(
    cls: type,
    hints: Mapping[str, Any],
    required: list[str],
    seen: tuple[type, ...],
    build: Callable[[dict[str, Any]], Any],
) -> tuple[dict[str, Any], Converter]:
    """A closed object schema for a dataclass or TypedDict."""
    seen = (*seen, cls)
    fields: dict[str, tuple[dict[str, Any], Converter]] = {}
    for name, hint in hints.items():
        try:
            fields[name] = _shape(hint, seen)
        except _Unsupported as exc:
            raise _Unsupported(f"field {name!r} of {cls.__name__}: {exc}") from None
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: s for name, (s, _) in fields.items()},
        "required": required,
        "additionalProperties": False,
    }
    doc = cls.__dict__.get("__doc__")  # its own, not one inherited from dict
    if isinstance(doc, str) and not doc.startswith(f"{cls.__name__}("):  # nor a dataclass's
        schema["description"] = inspect.cleandoc(doc)

    def convert(value: Any) -> Any:
        if not isinstance(value, dict) or not set(required) <= value.keys() <= fields.keys():
            raise _Mismatch
        return build({k: fields[k][1](v) for k, v in value.items()})

    return schema, convert


def _scalar(hint: Any) -> tuple[dict[str, Any], Converter] | None:
    try:
        return _SCALARS.get(hint)
    except TypeError:  # unhashable, e.g. Annotated with dict metadata
        return None


def _shape(hint: Any, seen: tuple[type, ...] = ()) -> tuple[dict[str, Any], Converter]:
    """The JSON Schema of an annotation, and the converter from JSON to it."""
    scalar = _scalar(hint)
    if scalar is not None:
        return dict(scalar[0]), scalar[1]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        schema, convert = _shape(args[0], seen)
        notes = [a for a in args[1:] if isinstance(a, str)]
        if notes:
            schema["description"] = " ".join(notes)
        return schema, convert
    if origin in (typing.Required, typing.NotRequired):
        return _shape(args[0], seen)
    if origin in (typing.Union, types.UnionType):
        return _union(list(args), seen)
    if origin is typing.Literal:
        literals = list(args)
        return _choices(literals, lambda i: literals[i])
    if origin in (list, dict) and not args:  # bare typing.List / typing.Dict: as list / dict
        return _shape(origin, seen)
    if origin is list:
        item_schema, item = _shape(args[0], seen)
        return {"type": "array", "items": item_schema}, _expect(
            list, then=lambda v: [item(x) for x in v]
        )
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item_schema, item = _shape(args[0], seen)
        return {"type": "array", "items": item_schema}, _expect(
            list, then=lambda v: tuple(item(x) for x in v)
        )
    if origin is dict:
        if args[0] is not str:
            raise _Unsupported(f"{hint}: JSON object keys are strings, use dict[str, ...]")
        value_schema, value = _shape(args[1], seen)
        return {"type": "object", "additionalProperties": value_schema}, _expect(
            dict, then=lambda v: {k: value(x) for k, x in v.items()}
        )
    if isinstance(hint, type):
        return _class_shape(hint, seen)
    raise _Unsupported(f"{hint!r} has no JSON Schema equivalent")


def _is_pydantic_model(cls: type) -> bool:
    """A pydantic (v2) model, recognised without importing pydantic (it is optional)."""
    return callable(getattr(cls, "model_json_schema", None)) and callable(
        getattr(cls, "model_validate", None)
    )


def _pydantic_shape(cls: type) -> tuple[dict[str, Any], Converter]:
    """The model's own JSON Schema; its ``$defs`` move to the tool's schema, where refs point."""
    try:
        schema: dict[str, Any] = dict(cls.model_json_schema())  # type: ignore[attr-defined]
    except Exception as exc:  # pydantic's own error for a model it cannot describe
        raise _Unsupported(f"{cls.__name__}: {exc}") from None
    defs = schema.pop("$defs", None)
    if isinstance(defs, dict):
        _DEFS.get().update(defs)

    def convert(value: Any) -> Any:
        try:
            return cls.model_validate(value)  # type: ignore[attr-defined]
        except (ValueError, TypeError):  # pydantic's ValidationError is a ValueError
            raise _Mismatch from None

    return schema, convert


def _class_shape(cls: type, seen: tuple[type, ...]) -> tuple[dict[str, Any], Converter]:
    if cls in seen:
        raise _Unsupported(f"{cls.__name__} refers to itself; recursive types are not supported")
    if _is_pydantic_model(cls):
        return _pydantic_shape(cls)
    if issubclass(cls, enum.Enum):
        members = list(cls)
        return _choices([m.value for m in members], lambda i: members[i])
    if dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        fields = [f for f in dataclasses.fields(cls) if f.init]
        required = [
            f.name
            for f in fields
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ]
        schema, convert = _object(
            cls, {f.name: hints[f.name] for f in fields}, required, seen, _call(cls)
        )
        for field in fields:
            default = _json_default(field.default)
            if default is not _NO_DEFAULT:
                schema["properties"][field.name]["default"] = default
        return schema, convert
    if typing.is_typeddict(cls):
        hints = _hints(cls)
        return _object(cls, hints, _required_keys(cls, hints), seen, dict)
    raise _Unsupported(
        f"{cls.__qualname__} is not a supported type (use str, int, float, bool, list, dict, "
        "Literal, an Enum, a dataclass, a TypedDict or a pydantic model)"
    )


def _required_keys(cls: type, hints: Mapping[str, Any]) -> list[str]:
    """A TypedDict's required keys, read from the hints.

    ``__required_keys__`` misses ``NotRequired`` written as a string
    annotation (``from __future__ import annotations``) before Python 3.12.
    """
    total = getattr(cls, "__total__", True)
    required = []
    for key, hint in hints.items():
        origin = typing.get_origin(hint)
        if origin is typing.Required or (origin is not typing.NotRequired and total):
            required.append(key)
    return required


_NO_DEFAULT = object()


def _json_default(value: Any) -> Any:
    """A default worth telling the model (a JSON scalar or an enum's value), else ``_NO_DEFAULT``."""
    value = value.value if isinstance(value, enum.Enum) else value
    return value if isinstance(value, _JSON_SCALARS) else _NO_DEFAULT


def _call(cls: type) -> Callable[[dict[str, Any]], Any]:
    return lambda fields: cls(**fields)


_LOCALS: ContextVar[dict[str, Any] | None] = ContextVar("claude_3_sonnet_tool_locals", default=None)
"""Names visible where the function was defined, for annotations that are strings."""
_DEFS: ContextVar[dict[str, Any]] = ContextVar("claude_3_sonnet_tool_defs")
"""``$defs`` collected from pydantic models, hoisted to the tool's input schema."""


def _hints(obj: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj, localns=_LOCALS.get(), include_extras=True)
    except Exception as exc:  # NameError for an unresolvable forward reference, ...
        raise _Unsupported(f"its annotations cannot be resolved ({exc})") from None


def _defining_scope(function: Callable[..., Any]) -> dict[str, Any]:
    """Names a function's string annotations may mean: its closure, then the callers' locals.

    With ``from __future__ import annotations`` a parameter annotated with a
    class defined inside a function (a test, a script's ``main``) is the
    string ``"Place"``, which the module's globals do not resolve. The frames
    that led here (the code that defined the tools, usually) do.
    """
    scope: dict[str, Any] = {}
    frame = inspect.currentframe()
    try:
        depth = 0
        while frame is not None and depth < 12:
            if not frame.f_globals.get("__name__", "").startswith("claude_3_sonnet"):
                for name, value in frame.f_locals.items():
                    scope.setdefault(name, value)
            frame = frame.f_back
            depth += 1
    finally:
        del frame
    target = inspect.unwrap(function) if callable(function) else function
    with contextlib.suppress(TypeError, ValueError):  # builtins and odd callables have none
        scope.update(inspect.getclosurevars(target).nonlocals)
    return scope


# -- docstrings ----------------------------------------------------------------


def _split_docstring(doc: str) -> tuple[str, dict[str, str]]:
    """The description (text before any section) and per-parameter notes.

    Understands Google style (``Args:`` then ``name: text``) and Sphinx
    style (``:param name: text``); continuation lines are joined.
    """
    description: list[str] = []
    params: dict[str, str] = {}
    section: str | None = None
    current: str | None = None
    indent: int | None = None
    for line in doc.splitlines():
        stripped = line.strip()
        depth = len(line) - len(line.lstrip())
        heading = _SECTION.match(stripped)
        sphinx = _SPHINX_PARAM.match(stripped)
        google = _GOOGLE_PARAM.match(stripped)
        if heading:
            section, current, indent = heading.group(1), None, None
        elif sphinx:
            section, current = "Args", sphinx.group(1)
            params[current] = sphinx.group(2)
        elif stripped.startswith(":"):
            section, current = "Other", None
        elif section is None:
            description.append(line)
        elif section in _ARGS_SECTIONS and stripped:
            if google and (indent is None or depth <= indent):
                current, indent = google.group(1), depth
                params[current] = google.group(2)
            elif current:
                params[current] = f"{params[current]} {stripped}".strip()
    return "\n".join(description).strip(), params


# -- functions -----------------------------------------------------------------


@attrs.frozen
class _Parameter:
    name: str
    positional_only: bool
    convert: Converter
    default: Any


@attrs.frozen
class FunctionTool:
    """A function and the tool definition derived from it.

    ``definition()`` is what the model is told; ``arguments(data)`` checks
    the model's JSON arguments against ``input_schema`` and converts them to
    the annotated Python types.
    """

    name: str
    description: str | None
    input_schema: dict[str, Any]
    function: Callable[..., Any]
    parameters: tuple[_Parameter, ...] = attrs.field(repr=False)
    _validator: Any = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_validator", jsonschema_rs.validator_for(self.input_schema))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function itself (so a ``FunctionTool`` goes wherever a function does)."""
        return self.function(*args, **kwargs)

    @property
    def is_async(self) -> bool:
        return inspect.iscoroutinefunction(self.function)

    def definition(self) -> dict[str, Any]:
        """The ``Tool`` of the request: ``name``, ``description``, ``input_schema``."""
        tool: dict[str, Any] = {"name": self.name}
        if self.description:
            tool["description"] = self.description
        tool["input_schema"] = self.input_schema
        return tool

    def arguments(self, data: Any) -> tuple[list[Any], dict[str, Any]]:
        """Positional and keyword arguments for the function from the model's JSON.

        Raises :class:`ToolArgumentsError` listing what does not fit the schema.
        """
        if not self._validator.is_valid(data):
            problems = [
                f"{'.'.join(map(str, e.instance_path)) or 'arguments'}: {e.message}"
                for e in self._validator.iter_errors(data)
            ]
            raise ToolArgumentsError("; ".join(problems[:5]))
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        try:
            for parameter in self.parameters:
                if parameter.name in data:
                    value = parameter.convert(data[parameter.name])
                elif parameter.positional_only:
                    value = parameter.default  # keeps later positional arguments in place
                else:
                    continue
                if parameter.positional_only:
                    args.append(value)
                else:
                    kwargs[parameter.name] = value
        except _Mismatch:
            raise ToolArgumentsError(
                f"{parameter.name}: {data[parameter.name]!r} does not fit its annotation"
            ) from None
        return args, kwargs


def function_tool(
    function: Callable[..., Any], *, name: str | None = None, description: str | None = None
) -> FunctionTool:
    """Describe ``function`` as a tool; ``name`` and ``description`` override the derived ones.

    Raises :class:`ToolDefinitionError` for anything that cannot be described.
    """
    label = getattr(function, "__qualname__", None) or repr(function)
    tool_name = name if name else str(getattr(function, "__name__", ""))
    if not _NAME.fullmatch(tool_name):
        raise ToolDefinitionError(
            label, f"the tool name {tool_name!r} must match [a-zA-Z0-9_-]{{1,64}} (pass name=...)"
        )
    locals_token = _LOCALS.set(_defining_scope(function))
    defs_token = _DEFS.set({})
    try:
        return _describe(function, label, tool_name, description)
    finally:
        _LOCALS.reset(locals_token)
        _DEFS.reset(defs_token)


def _describe(
    function: Callable[..., Any], label: str, tool_name: str, description: str | None
) -> FunctionTool:
    try:
        signature = inspect.signature(function)
        hints = _hints(_annotated(function))
    except (TypeError, ValueError, _Unsupported) as exc:
        raise ToolDefinitionError(label, str(exc)) from None
    summary, notes = _split_docstring(inspect.getdoc(function) or "")
    properties: dict[str, Any] = {}
    required: list[str] = []
    parameters: list[_Parameter] = []
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            raise ToolDefinitionError(
                label, "*args and **kwargs cannot be described to the model", parameter.name
            )
        if parameter.name not in hints:
            raise ToolDefinitionError(label, "has no type annotation", parameter.name)
        try:
            schema, convert = _shape(hints[parameter.name])
        except _Unsupported as exc:
            raise ToolDefinitionError(label, str(exc), parameter.name) from None
        if parameter.name in notes and "description" not in schema:
            schema["description"] = notes[parameter.name]
        if parameter.default is parameter.empty:
            required.append(parameter.name)
        elif (default := _json_default(parameter.default)) is not _NO_DEFAULT:
            schema["default"] = default
        properties[parameter.name] = schema
        parameters.append(
            _Parameter(
                parameter.name,
                parameter.kind is parameter.POSITIONAL_ONLY,
                convert,
                parameter.default,
            )
        )
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    defs = _DEFS.get()
    if defs:
        input_schema["$defs"] = defs
    return FunctionTool(
        name=tool_name,
        description=description or summary or None,
        input_schema=input_schema,
        function=function,
        parameters=tuple(parameters),
    )


def _annotated(function: Callable[..., Any]) -> Any:
    """Where the annotations live: the function itself, a partial's function, or ``__call__``."""
    if isinstance(function, functools.partial):
        return _annotated(function.func)
    if inspect.isfunction(function) or inspect.ismethod(function) or isinstance(function, type):
        return function
    return type(function).__call__


def tool_definition(function: Callable[..., Any]) -> dict[str, Any]:
    """The request's ``Tool`` (``name``, ``description``, ``input_schema``) for ``function``."""
    return function_tool(function).definition()
