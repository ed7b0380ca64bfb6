"""The bundled contract: the one source of the endpoint's path, fields and shapes.

``claude_3_sonnet_client/openapi.json`` is written by ``make generate`` from
the same document the models were generated from, so validation, the mock
server and the models can never disagree. Each validator is compiled once, on
first use, by jsonschema-rs (about a microsecond per request check).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Final

import jsonschema_rs

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
OPERATION_ID: Final = "create_chat_completion"
REQUEST_SCHEMA: Final = "ChatCompletionRequest"


@cache
def spec() -> dict[str, Any]:
    """The OpenAPI document the generated package was built from."""
    text = resources.files("claude_3_sonnet_client").joinpath("openapi.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@cache
def _operation() -> tuple[str, str, dict[str, Any]]:
    for path, item in spec()["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and op.get("operationId") == OPERATION_ID:
                return path, method.upper(), op
    raise LookupError(f"the bundled contract has no operation {OPERATION_ID!r}")


def chat_path() -> str:
    """The endpoint's path, as the contract states it (``/v1/chat/completions``)."""
    return _operation()[0]


def chat_method() -> str:
    return _operation()[1]


def operation() -> dict[str, Any]:
    """The contract's one operation object."""
    return _operation()[2]


def schemas() -> dict[str, Any]:
    schemas_: dict[str, Any] = spec()["components"]["schemas"]
    return schemas_


def component_schema(name: str) -> dict[str, Any]:
    """A standalone JSON Schema for ``components/schemas/<name>``.

    The components travel along so that ``#/components/schemas/...``
    references resolve against the returned document itself.
    """
    if name not in schemas():
        raise KeyError(f"the contract has no schema named {name!r}")
    return {
        "$schema": SCHEMA_DIALECT,
        "$ref": f"#/components/schemas/{name}",
        "components": {"schemas": schemas()},
    }


@cache
def validator(name: str) -> Any:
    """The compiled validator of one component (built once per process)."""
    return jsonschema_rs.validator_for(component_schema(name))


@cache
def request_fields() -> frozenset[str]:
    """The request body's property names."""
    return frozenset(schemas()[REQUEST_SCHEMA]["properties"])
