"""The bundled contract, and compiled validators for its components.

``claude_3_sonnet_client/openapi.json`` is written by ``make generate`` from
the same document the models were generated from, so validation, the mock
server and the models can never disagree. Each validator is compiled once, on
first use, by jsonschema-rs (about a microsecond per request check).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@cache
def spec() -> dict[str, Any]:
    """The OpenAPI document the generated package was built from."""
    text = resources.files("claude_3_sonnet_client").joinpath("openapi.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def component_schema(name: str) -> dict[str, Any]:
    """A standalone JSON Schema for ``components/schemas/<name>``.

    The components travel along so that ``#/components/schemas/...``
    references resolve against the returned document itself.
    """
    components = spec()["components"]
    if name not in components["schemas"]:
        raise KeyError(f"the contract has no schema named {name!r}")
    return {
        "$schema": SCHEMA_DIALECT,
        "$ref": f"#/components/schemas/{name}",
        "components": {"schemas": components["schemas"]},
    }


@cache
def validator(name: str) -> Any:
    """The compiled validator of one component (built once per process)."""
    return jsonschema_rs.validator_for(component_schema(name))


def operation() -> dict[str, Any]:
    """The one operation of the contract (``POST /v1/chat/completions``)."""
    op: dict[str, Any] = spec()["paths"]["/v1/chat/completions"]["post"]
    return op
