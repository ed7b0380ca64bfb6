"""The other direction of the contract: whatever it allows, the generated models read.

The mock proves the client is fed contract-valid responses; this proves the
client can read *every* contract-valid response, not only the mock's. The
strategies are built from the bundled contract's component schemas by a
small interpreter of the keywords those schemas use (``hypothesis-jsonschema``
does not work with the installed Hypothesis), so a contract change changes
what is generated. Each generated value is first checked against the
contract (the strategy must be right), then parsed with the generated model
and written back: ``to_dict()`` must give the same JSON, types included,
except that an optional field sent as ``null`` reads as absent (the models'
``None``) and is left out, and an absent chunk delta reads as an empty one
(``x-absent-reads-empty``). The emitted fast parsers
(``claude_3_sonnet_client.parsers``) must build an object equal to
``from_dict``'s for every such value.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_3_sonnet.core.contract import spec
from claude_3_sonnet.core.validation import violations
from claude_3_sonnet_client.models import (
    ChatCompletion,
    ChatCompletionChunk,
    Choice,
    ChunkChoice,
    ErrorResponse,
)
from claude_3_sonnet_client.parsers import parse_chat_completion, parse_chat_completion_chunk

SCHEMAS: dict[str, Any] = spec()["components"]["schemas"]
KEYS = st.text(st.characters(codec="utf-8"), max_size=10)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)
SETTINGS = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def from_schema(schema: Any) -> st.SearchStrategy[Any]:
    """Values valid under ``schema``, a schema of the contract's components."""
    if schema is True or schema == {}:
        return ANY_JSON
    if "$ref" in schema:
        return from_schema(SCHEMAS[schema["$ref"].rsplit("/", 1)[1]])
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            return st.one_of([from_schema(branch) for branch in schema[keyword]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}) for k in kind])
    if kind == "object":
        return _object(schema)
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {})), max_size=3)
    if kind == "string":
        return st.text(max_size=20)
    if kind == "integer":
        return st.integers(schema.get("minimum", -(2**53)), schema.get("maximum", 2**53))
    if kind == "number":
        return st.floats(
            schema.get("minimum"), schema.get("maximum"), allow_nan=False, allow_infinity=False
        ) | st.integers(-(2**31), 2**31)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    raise NotImplementedError(f"no strategy for {schema!r}")


def _object(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    known = st.fixed_dictionaries(
        {name: from_schema(s) for name, s in properties.items() if name in required},
        optional={name: from_schema(s) for name, s in properties.items() if name not in required},
    )
    extra = schema.get("additionalProperties", True)
    if extra is False:
        return known
    values = ANY_JSON if extra is True else from_schema(extra)
    unknown = st.dictionaries(KEYS.filter(lambda k: k not in properties), values, max_size=2)
    return st.tuples(known, unknown).map(lambda pair: {**pair[1], **pair[0]})


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _resolve(schema: Any) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _branch(schema: Any, value: Any) -> Any:
    """The schema a value is read with: through refs, and the union branch of its JSON type."""
    schema = _resolve(schema)
    branches = schema.get("anyOf") or schema.get("oneOf") if isinstance(schema, dict) else None
    if not branches:
        return schema
    wanted = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else None
    matching = [_resolve(b) for b in branches if _resolve(b).get("type") == wanted]
    return matching[0] if len(matching) == 1 else {}


def canonical(value: Any, schema: Any) -> Any:
    """``value`` as the models write it back: optional fields that are null left out."""
    schema = _branch(schema, value)
    if isinstance(value, list):
        return [canonical(v, schema.get("items", {})) for v in value]
    if not isinstance(value, dict) or "properties" not in schema:
        return value
    required = set(schema.get("required", []))
    properties = schema["properties"]
    out = {}
    for key, item in value.items():
        if key not in properties:
            out[key] = item
        elif item is not None or key in required:
            out[key] = canonical(item, properties[key])
    for key, sub in properties.items():  # an absent delta reads as an empty one
        if sub.get("x-absent-reads-empty") and out.get(key) is None:
            out[key] = {}
    return out


def _round_trip(name: str, model: Any, value: Any) -> Any:
    assert violations(value, name) == []
    parsed = model.from_dict(copy.deepcopy(value))
    assert _json(parsed.to_dict()) == _json(canonical(value, SCHEMAS[name]))
    return parsed


@SETTINGS
@given(value=from_schema(SCHEMAS["ChatCompletion"]))
def test_any_chat_completion_round_trips(value: dict[str, Any]) -> None:
    parsed = _round_trip("ChatCompletion", ChatCompletion, value)
    assert parse_chat_completion(copy.deepcopy(value)) == parsed
    assert all(isinstance(choice, Choice) for choice in parsed.choices)
    assert parsed.id == value["id"]


@SETTINGS
@given(value=from_schema(SCHEMAS["ChatCompletionChunk"]))
def test_any_chat_completion_chunk_round_trips(value: dict[str, Any]) -> None:
    parsed = _round_trip("ChatCompletionChunk", ChatCompletionChunk, value)
    assert parse_chat_completion_chunk(copy.deepcopy(value)) == parsed
    assert all(isinstance(choice, ChunkChoice) for choice in parsed.choices)


@SETTINGS
@given(value=from_schema(SCHEMAS["ErrorResponse"]))
def test_any_error_response_round_trips(value: dict[str, Any]) -> None:
    _round_trip("ErrorResponse", ErrorResponse, value)


@pytest.mark.parametrize("name", ["ChatCompletion", "ChatCompletionChunk", "ErrorResponse"])
def test_strategies_cover_every_property(name: str) -> None:
    """Each documented property of the component shows up in generated values."""
    seen: set[str] = set()

    @settings(max_examples=100, database=None, deadline=None)
    @given(value=from_schema(SCHEMAS[name]))
    def collect(value: dict[str, Any]) -> None:
        seen.update(value)

    collect()
    assert set(SCHEMAS[name]["properties"]) <= seen
