"""The mock's answers: deterministic, contract-valid, and shaped by the request."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest

from claude_3_sonnet.mock import MockServer
from claude_3_sonnet.mock.generation import GREETING, answer, cut, pieces
from claude_3_sonnet.mock.instances import minimal_instance

from .mock_helpers import PNG, completion, request

WEATHER = {
    "name": "get_weather",
    "description": "Current weather for a city.",
    "input_schema": {
        "type": "object",
        "properties": {
            "city": {"type": "string", "minLength": 2},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            "days": {"type": "integer", "minimum": 1, "maximum": 7},
        },
        "required": ["city", "unit", "days"],
    },
}
TIME = {
    "name": "get_time",
    "input_schema": {
        "type": "object",
        "properties": {"zone": {"const": "UTC"}, "precise": {"type": "boolean"}},
        "required": ["zone", "precise"],
    },
}
TOOLS = [WEATHER, TIME]


def _message(body: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = body["choices"][0]["message"]
    return message


def _text(body: dict[str, Any]) -> str:
    content: str = _message(body)["content"]
    return content


def test_seed_request_gets_a_seed_shaped_answer(mock_server: MockServer) -> None:
    body = completion(mock_server.base_url, request("Hello"))
    assert body["id"].startswith("msg_")
    assert len(body["id"]) == len("msg_") + 24
    assert body["object"] == "chat.completion"
    assert body["model"] == "claude-3-sonnet-20240229"
    assert isinstance(body["created"], int)
    choice = body["choices"][0]
    assert choice == {
        "index": 0,
        "message": {"reasoning_content": "", "content": "You said: Hello", "role": "assistant"},
        "finish_reason": "end_turn",
        "logprobs": None,
    }
    assert list(body) == ["id", "object", "model", "choices", "created", "usage"]


def test_same_body_same_answer(mock_server: MockServer) -> None:
    body = request("Tell me a story", system="Be kind.", max_tokens=50, temperature=0.3)
    first = completion(mock_server.base_url, body)
    second = completion(mock_server.base_url, json.loads(json.dumps(body)))
    assert first == second


def test_field_order_does_not_change_the_answer(mock_server: MockServer) -> None:
    body = request("Order", max_tokens=20)
    reordered = dict(reversed(list(body.items())))
    assert completion(mock_server.base_url, body) == completion(mock_server.base_url, reordered)


def test_different_bodies_different_ids(mock_server: MockServer) -> None:
    ids = {
        completion(mock_server.base_url, body)["id"]
        for body in [
            request("One"),
            request("Two"),
            request("One", max_tokens=100),
            request("One", model="anthropic/claude-3-sonnet"),
        ]
    }
    assert len(ids) == 4


def test_usage_adds_up_and_follows_the_word_rule(mock_server: MockServer) -> None:
    body = request(
        "three little words",
        system="two words",
        messages=[
            {"role": "user", "content": "one"},
            {"role": "assistant", "content": [{"type": "text", "text": "an answer"}]},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "three little words"},
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/png", "data": PNG},
                    },
                ],
            },
        ],
    )
    result = completion(mock_server.base_url, body)
    usage = result["usage"]
    assert usage["prompt_tokens"] == 2 + 1 + 2 + 3 + 1
    assert usage["completion_tokens"] == len(_text(result).split())
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


@pytest.mark.parametrize("text", ["", "   ", "Hello", "a b c d e f g h", "word " * 600])
def test_usage_adds_up_for_any_text(mock_server: MockServer, text: str) -> None:
    usage = completion(mock_server.base_url, request(text))["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_empty_message_gets_a_greeting(mock_server: MockServer) -> None:
    assert _text(completion(mock_server.base_url, request(""))) == GREETING


def test_no_messages_gets_a_greeting(mock_server: MockServer) -> None:
    assert _text(completion(mock_server.base_url, request(messages=[]))) == GREETING


def test_the_last_user_message_is_answered(mock_server: MockServer) -> None:
    body = request(
        messages=[
            {"role": "user", "content": "first"},
            {"role": "assistant", "content": "reply"},
            {"role": "user", "content": "second"},
            {"role": "assistant", "content": "prefill"},
        ]
    )
    assert _text(completion(mock_server.base_url, body)) == "You said: second"


def test_max_tokens_truncates(mock_server: MockServer) -> None:
    result = completion(mock_server.base_url, request("one two three four five", max_tokens=3))
    assert _text(result) == "You said: one"
    assert result["choices"][0]["finish_reason"] == "max_tokens"
    assert result["usage"]["completion_tokens"] == 3


def test_max_tokens_that_fits_ends_the_turn(mock_server: MockServer) -> None:
    result = completion(mock_server.base_url, request("one two", max_tokens=4))
    assert _text(result) == "You said: one two"
    assert result["choices"][0]["finish_reason"] == "end_turn"


def test_default_max_tokens_is_512(mock_server: MockServer) -> None:
    result = completion(mock_server.base_url, request("word " * 600))
    assert result["usage"]["completion_tokens"] == 512
    assert result["choices"][0]["finish_reason"] == "max_tokens"


def test_stop_sequence_cuts_at_first_occurrence(mock_server: MockServer) -> None:
    body = request("alpha STOP beta END gamma STOP", stop_sequences=["END", "STOP"])
    result = completion(mock_server.base_url, body)
    assert _text(result) == "You said: alpha "
    assert result["choices"][0]["finish_reason"] == "stop_sequence"
    assert result["usage"]["completion_tokens"] == 3


def test_absent_stop_sequence_changes_nothing(mock_server: MockServer) -> None:
    result = completion(mock_server.base_url, request("alpha beta", stop_sequences=["zeta", ""]))
    assert _text(result) == "You said: alpha beta"
    assert result["choices"][0]["finish_reason"] == "end_turn"


@pytest.mark.parametrize(
    ("stops", "limit", "expected"),
    [
        (["c"], 1, ("a", "length")),
        (["c"], 3, ("a b ", "stop")),
        (["c"], 2, ("a b", "length")),
        ([" b"], 1, ("a", "length")),
        (["a"], 1, ("", "stop")),
        ([], 10, ("a b c d", "end")),
    ],
)
def test_stop_and_limit_whichever_comes_first(
    stops: list[str], limit: int, expected: tuple[str, str]
) -> None:
    assert cut("a b c d", stops, limit) == expected


def test_system_prompt_shapes_the_answer(mock_server: MockServer) -> None:
    result = completion(mock_server.base_url, request("Hi", system="Answer in French."))
    assert _text(result) == "(System prompt: Answer in French.) You said: Hi"


def test_images_are_described(mock_server: MockServer) -> None:
    def image(media_type: str) -> dict[str, Any]:
        return {
            "type": "image",
            "source": {"type": "base64", "media_type": media_type, "data": PNG},
        }

    one = request([{"type": "text", "text": "What is this?"}, image("image/png")])
    assert _text(completion(mock_server.base_url, one)) == (
        "I see 1 image (image/png). You said: What is this?"
    )
    two = request([image("image/png"), image("image/jpeg")])
    assert _text(completion(mock_server.base_url, two)) == "I see 2 images (image/png, image/jpeg)."


def _tool_call(result: dict[str, Any]) -> dict[str, Any]:
    assert result["choices"][0]["finish_reason"] == "tool_calls"
    message = _message(result)
    assert message["content"] == ""
    (call,) = message["tool_calls"]
    assert call["id"].startswith("toolu_")
    assert call["type"] == "function"
    assert result["usage"]["completion_tokens"] == 1
    function: dict[str, Any] = call["function"]
    return function


def _arguments_valid(function: dict[str, Any], tool: dict[str, Any]) -> None:
    arguments = json.loads(function["arguments"])
    jsonschema_rs.validate(tool["input_schema"], arguments)


def test_tool_choice_any_calls_the_first_tool(mock_server: MockServer) -> None:
    body = request("Nothing about tools", tools=TOOLS, tool_choice={"type": "any"})
    function = _tool_call(completion(mock_server.base_url, body))
    assert function["name"] == "get_weather"
    _arguments_valid(function, WEATHER)
    assert json.loads(function["arguments"]) == {"city": "example", "unit": "celsius", "days": 1}


def test_tool_choice_tool_calls_the_named_tool(mock_server: MockServer) -> None:
    body = request("Hi", tools=TOOLS, tool_choice={"type": "tool", "name": "get_time"})
    function = _tool_call(completion(mock_server.base_url, body))
    assert function["name"] == "get_time"
    _arguments_valid(function, TIME)
    assert json.loads(function["arguments"]) == {"zone": "UTC", "precise": False}


def test_tool_choice_tool_naming_an_undeclared_tool_answers_text(mock_server: MockServer) -> None:
    body = request("Hi", tools=TOOLS, tool_choice={"type": "tool", "name": "launch"})
    result = completion(mock_server.base_url, body)
    assert result["choices"][0]["finish_reason"] == "end_turn"
    assert "tool_calls" not in _message(result)


@pytest.mark.parametrize("choice", [{"type": "auto"}, None])
def test_auto_calls_a_tool_the_user_mentions(
    mock_server: MockServer, choice: dict[str, str] | None
) -> None:
    extra: dict[str, Any] = {"tools": TOOLS}
    if choice is not None:
        extra["tool_choice"] = choice
    called = completion(mock_server.base_url, request("Please use GET_TIME now", **extra))
    assert _tool_call(called)["name"] == "get_time"
    plain = completion(mock_server.base_url, request("What's up?", **extra))
    assert plain["choices"][0]["finish_reason"] == "end_turn"
    assert _text(plain) == "You said: What's up?"


def test_tool_choice_none_never_calls(mock_server: MockServer) -> None:
    body = request("get_weather please", tools=TOOLS, tool_choice={"type": "none"})
    result = completion(mock_server.base_url, body)
    assert "tool_calls" not in _message(result)
    assert _text(result) == "You said: get_weather please"


def test_tool_choice_without_tools_answers_text(mock_server: MockServer) -> None:
    result = completion(mock_server.base_url, request("Hi", tool_choice={"type": "any"}))
    assert result["choices"][0]["finish_reason"] == "end_turn"


def test_tool_call_is_deterministic(mock_server: MockServer) -> None:
    body = request("x", tools=TOOLS, tool_choice={"type": "any"})
    assert completion(mock_server.base_url, body) == completion(mock_server.base_url, body)


def test_tool_result_is_quoted_and_ends_the_loop(mock_server: MockServer) -> None:
    body = {
        "model": "claude-3-sonnet-latest",
        "tools": TOOLS,
        "tool_choice": {"type": "any"},
        "messages": [
            {"role": "user", "content": "Weather in Paris?"},
            {
                "role": "assistant",
                "content": [
                    {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18 C, sunny"},
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_2",
                        "is_error": True,
                        "content": [{"type": "text", "text": "timeout"}],
                    },
                ],
            },
        ],
    }
    result = completion(mock_server.base_url, body)
    assert result["choices"][0]["finish_reason"] == "end_turn"
    assert _text(result) == "The tool returned: 18 C, sunny The tool failed: timeout"
    assert result["usage"]["prompt_tokens"] == 3 + 1 + 3 + 1


SCHEMAS: list[dict[str, Any]] = [
    {"type": "object"},
    {"type": "object", "properties": {"a": {"type": "string"}}},
    {
        "type": "object",
        "properties": {"n": {"type": "number", "exclusiveMinimum": 0}},
        "required": ["n"],
    },
    {"type": "object", "properties": {"n": {"type": "number", "minimum": 2.5}}, "required": ["n"]},
    {"type": "object", "properties": {"n": {"type": "number", "maximum": -3}}, "required": ["n"]},
    {
        "type": "object",
        "properties": {"n": {"type": "integer", "minimum": 5, "multipleOf": 4}},
        "required": ["n"],
    },
    {
        "type": "object",
        "properties": {"n": {"type": "integer", "exclusiveMaximum": -1}},
        "required": ["n"],
    },
    {
        "type": "object",
        "properties": {
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
            "pair": {
                "type": "array",
                "prefixItems": [{"type": "integer"}, {"type": "boolean"}],
                "minItems": 2,
            },
        },
        "required": ["tags", "pair"],
    },
    {
        "type": "object",
        "properties": {
            "when": {"type": "string", "format": "date-time"},
            "mail": {"type": "string", "format": "email"},
            "id": {"type": "string", "format": "uuid"},
            "short": {"type": "string", "maxLength": 3},
            "long": {"type": "string", "minLength": 12},
        },
        "required": ["when", "mail", "id", "short", "long"],
    },
    {
        "type": "object",
        "properties": {
            "nested": {
                "type": "object",
                "properties": {"x": {"type": ["null", "integer"]}},
                "required": ["x"],
            }
        },
        "required": ["nested"],
    },
    {
        "type": "object",
        "$defs": {
            "Point": {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]}
        },
        "properties": {"p": {"$ref": "#/$defs/Point"}},
        "required": ["p"],
    },
    {
        "type": "object",
        "properties": {
            "choice": {"anyOf": [{"type": "integer", "minimum": 3}, {"type": "string"}]},
            "one": {"oneOf": [{"type": "boolean"}, {"type": "string"}]},
            "both": {
                "allOf": [
                    {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                    {"required": ["b"], "properties": {"b": {"enum": [7, 8]}}},
                ]
            },
        },
        "required": ["choice", "one", "both"],
    },
    {"type": "object", "minProperties": 1, "properties": {"opt": {"type": "boolean"}}},
    {
        "type": "object",
        "additionalProperties": False,
        "properties": {"a": {"type": "null"}},
        "required": ["a"],
    },
]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_minimal_instance_is_valid(schema: dict[str, Any]) -> None:
    value = minimal_instance(schema)
    jsonschema_rs.validate(schema, value)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_tool_arguments_validate_against_input_schema(
    mock_server: MockServer, schema: dict[str, Any]
) -> None:
    tool = {"name": "t", "input_schema": schema}
    body = request("go", tools=[tool], tool_choice={"type": "any"})
    _arguments_valid(_tool_call(completion(mock_server.base_url, body)), tool)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "required": 5, "properties": "x"},
        {"type": "object", "$ref": "#/nowhere"},
        {"type": "object", "properties": {"a": {"$ref": "#"}}, "required": ["a"]},
        {"type": "object", "properties": {"a": {"type": 3, "minimum": "x"}}, "required": ["a"]},
        {"type": "object", "allOf": "nonsense", "anyOf": [1, 2]},
        {"type": "object", "allOf": [{"$ref": "#"}, {"$ref": "#"}, {"$ref": "#"}]},
        {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"$ref": "#/$defs/grid"}},
            "$defs": {"grid": {"type": "array", "minItems": 64, "items": {"$ref": "#/$defs/grid"}}},
        },
    ],
)
def test_nonsense_input_schema_still_gets_a_call(
    mock_server: MockServer, schema: dict[str, Any]
) -> None:
    body = request("go", tools=[{"name": "t", "input_schema": schema}], tool_choice={"type": "any"})
    json.loads(_tool_call(completion(mock_server.base_url, body))["arguments"])


def test_pieces_concatenate_to_the_text() -> None:
    for text in ["", " ", "a", " a b  c ", "x\ny\tz", "You said: Hello"]:
        assert "".join(pieces(text)) == text
    assert pieces("You said: Hello") == ["You", " said:", " Hello"]


def test_answer_ignores_stream_flag() -> None:
    body = request("same")
    assert answer(body) == answer({**body, "stream": True})


@pytest.mark.parametrize("value", [True, 7, "calls", {"id": "x"}, None])
def test_open_message_fields_of_any_json_type_are_answered(
    mock_server: MockServer, value: Any
) -> None:
    """The contract leaves a user message open, so ``tool_calls`` there may be any JSON.

    Found by schemathesis: ``"tool_calls": true`` made the mock's token count
    iterate a boolean and answer 500.
    """
    body = request("Hello")
    body["messages"][0]["tool_calls"] = value
    assert _text(completion(mock_server.base_url, body)) == "You said: Hello"
