"""The contract itself: valid OpenAPI, examples that validate, a generator-friendly shape."""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from claude_3_sonnet.core.contract import spec, validator
from claude_3_sonnet.core.validation import violations
from claude_3_sonnet_client import models
from claude_3_sonnet_client.models import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    ImageBlock,
    ImageSource,
    TextBlock,
    Tool,
    ToolChoiceAuto,
    ToolInputSchema,
    Usage,
    UserMessage,
)

from .fixtures import SEED_RESPONSE, without_nulls

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "claude-3-sonnet.yaml"


def _source_spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return document


def test_contract_is_valid_openapi() -> None:
    validate(_source_spec())


def test_bundled_contract_is_the_source_contract() -> None:
    assert spec() == _source_spec()


def test_operation_identity() -> None:
    document = spec()
    assert document["info"]["title"] == "Claude 3 Sonnet"
    assert document["servers"][0]["url"] == "https://api.aimlapi.com"
    op = document["paths"]["/v1/chat/completions"]["post"]
    assert op["operationId"] == "create_chat_completion"
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert set(op["responses"]) >= {"200", "201", "400", "401", "403", "404", "429", "500"}


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _examples() -> list[tuple[str, str, Any]]:
    """(where, schema name, example value) for every JSON example in the contract."""
    document = spec()
    op = document["paths"]["/v1/chat/completions"]["post"]
    found: list[tuple[str, str, Any]] = []
    media = op["requestBody"]["content"]["application/json"]
    for name, example in media["examples"].items():
        found.append((f"request:{name}", "ChatCompletionRequest", example["value"]))
    for status, reference in op["responses"].items():
        json_media = _resolve(document, reference)["content"]["application/json"]
        schema_name = json_media["schema"]["$ref"].rsplit("/", 1)[1]
        if "example" in json_media:
            found.append((f"{status}:example", schema_name, json_media["example"]))
        for name, example in json_media.get("examples", {}).items():
            found.append((f"{status}:{name}", schema_name, example["value"]))
    return found


EXAMPLES = _examples()


def test_every_status_has_an_example() -> None:
    statuses = {where.split(":")[0] for where, _, _ in EXAMPLES}
    assert statuses >= {"request", "200", "201", "400", "401", "403", "404", "429", "500"}


@pytest.mark.parametrize(
    ("where", "schema_name", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_every_example_validates(where: str, schema_name: str, example: Any) -> None:
    assert violations(example, schema_name) == []


def test_event_stream_example_is_made_of_valid_chunks() -> None:
    response = spec()["components"]["responses"]["ChatCompletionResponse"]
    transcript = response["content"]["text/event-stream"]["examples"]["hello"]["value"]
    data = [line.removeprefix("data: ") for line in transcript.splitlines() if line]
    assert data[-1] == "[DONE]"
    chunks = [json.loads(d) for d in data[:-1]]
    for chunk in chunks:
        assert violations(chunk, "ChatCompletionChunk") == []
        ChatCompletionChunk.from_dict(chunk)
    assert chunks[0]["id"]
    assert all(c["id"] == "" for c in chunks[1:])


def test_seed_example_in_the_contract_is_the_seed_response() -> None:
    seed = next(e for w, _, e in EXAMPLES if w == "201:seed")
    assert seed == SEED_RESPONSE


def test_seed_response_round_trips_through_the_generated_model() -> None:
    completion = ChatCompletion.from_dict(copy.deepcopy(SEED_RESPONSE))
    assert completion.to_dict() == without_nulls(SEED_RESPONSE)
    choice = completion.choices[0]
    assert choice.message.content == "Hello! How can I assist you today?"
    assert choice.finish_reason == "end_turn"
    assert choice.message.reasoning_content == ""
    assert choice.logprobs is None
    assert isinstance(completion.usage, Usage)
    assert completion.usage.total_tokens == 428


def test_unknown_fields_are_kept() -> None:
    body = copy.deepcopy(SEED_RESPONSE)
    body["system_fingerprint"] = "fp_1"
    body["choices"][0]["native_finish_reason"] = "end_turn"
    body["choices"][0]["message"]["annotations"] = []
    body["meta"] = {"usage": {"credits_used": 10, "usd_spent": 0.001}, "region": "eu"}
    assert violations(body, "ChatCompletion") == []
    completion = ChatCompletion.from_dict(copy.deepcopy(body))
    assert completion.to_dict() == without_nulls(body)
    assert completion["system_fingerprint"] == "fp_1"
    assert completion.choices[0]["native_finish_reason"] == "end_turn"


def test_finish_reason_is_an_open_string() -> None:
    body = copy.deepcopy(SEED_RESPONSE)
    body["choices"][0]["finish_reason"] = "something_new"
    assert violations(body, "ChatCompletion") == []
    assert ChatCompletion.from_dict(body).choices[0].finish_reason == "something_new"


def test_request_built_from_generated_models_validates() -> None:
    request = ChatCompletionRequest(
        model="claude-3-sonnet-latest",
        messages=[
            UserMessage(
                role="user",
                content=[
                    TextBlock(type_="text", text="Describe this."),
                    ImageBlock(
                        type_="image",
                        source=ImageSource(type_="base64", media_type="image/png", data="AAAA"),
                    ),
                ],
            )
        ],
        system="Be brief.",
        tools=[Tool(name="lookup", input_schema=ToolInputSchema(type_="object"))],
        tool_choice=ToolChoiceAuto(type_="auto"),
        max_tokens=64,
    )
    body = request.to_dict()
    assert validator("ChatCompletionRequest").is_valid(body)
    assert ChatCompletionRequest.from_dict(body).to_dict() == body


POSITIONAL_NOISE = re.compile(r"Type\d|Item|Body|Response\d|AnyOf|OneOf")


def _generated_model_names() -> list[str]:
    names = []
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        names += [
            n
            for n, obj in vars(module).items()
            if inspect.isclass(obj) and obj.__module__ == module.__name__
        ]
    return sorted(names)


def test_generated_model_names_are_readable() -> None:
    names = _generated_model_names()
    noisy = [n for n in names if POSITIONAL_NOISE.search(n)]
    assert noisy == [], f"positional names leaked into generated models: {noisy}"


def test_one_generated_model_per_object_component() -> None:
    schemas = spec()["components"]["schemas"]
    object_components = {n for n, s in schemas.items() if s.get("type") == "object"}
    assert object_components <= set(_generated_model_names())
