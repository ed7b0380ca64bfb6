"""A third-party client, the ``openai`` SDK, talks to the mock unchanged."""

from __future__ import annotations

import json
from collections.abc import Iterator

import openai
import pytest

from claude_3_sonnet.mock import MockServer

from .mock_helpers import MOCK_API_KEY


@pytest.fixture
def sdk(mock_server: MockServer) -> Iterator[openai.OpenAI]:
    client = openai.OpenAI(
        base_url=mock_server.base_url + "/v1", api_key=MOCK_API_KEY, max_retries=0
    )
    with client:
        yield client


def test_non_streaming(sdk: openai.OpenAI) -> None:
    completion = sdk.chat.completions.create(
        model="claude-3-sonnet-latest",
        messages=[{"role": "user", "content": "Hello"}],
        max_tokens=64,
    )
    assert completion.object == "chat.completion"
    assert completion.model == "claude-3-sonnet-20240229"
    assert completion.id.startswith("msg_")
    choice = completion.choices[0]
    assert choice.message.content == "You said: Hello"
    assert choice.message.role == "assistant"
    assert str(choice.finish_reason) == "end_turn"
    assert completion.usage is not None
    assert completion.usage.total_tokens == (
        completion.usage.prompt_tokens + completion.usage.completion_tokens
    )


def test_streaming(sdk: openai.OpenAI) -> None:
    body = {"model": "claude-3-sonnet-latest", "messages": [{"role": "user", "content": "one two"}]}
    plain = sdk.chat.completions.create(**body)  # type: ignore[call-overload]
    chunks = list(sdk.chat.completions.create(**body, stream=True))  # type: ignore[call-overload]
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices[0].delta)
    assert text == plain.choices[0].message.content == "You said: one two"
    assert chunks[0].id == plain.id
    assert chunks[-1].choices[0].finish_reason == "end_turn"
    assert [c.usage for c in chunks if c.usage] == [plain.usage]


def test_tool_call(sdk: openai.OpenAI) -> None:
    completion = sdk.chat.completions.create(
        model="claude-3-sonnet-latest",
        messages=[{"role": "user", "content": "What's the weather in Paris?"}],
        extra_body={
            "tools": [
                {
                    "name": "get_weather",
                    "input_schema": {
                        "type": "object",
                        "properties": {"city": {"type": "string"}},
                        "required": ["city"],
                    },
                }
            ],
            "tool_choice": {"type": "any"},
        },
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert call.type == "function"
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}


def test_streamed_tool_call(sdk: openai.OpenAI) -> None:
    stream = sdk.chat.completions.create(
        model="claude-3-sonnet-latest",
        messages=[{"role": "user", "content": "go"}],
        stream=True,
        extra_body={
            "tools": [
                {
                    "name": "ping",
                    "input_schema": {
                        "type": "object",
                        "required": ["n"],
                        "properties": {"n": {"type": "integer"}},
                    },
                }
            ],
            "tool_choice": {"type": "tool", "name": "ping"},
        },
    )
    arguments = ""
    names = []
    for chunk in stream:
        delta = chunk.choices[0].delta
        for call in (delta.tool_calls or []) if delta else []:
            if call.function and call.function.name:
                names.append(call.function.name)
            if call.function and call.function.arguments:
                arguments += call.function.arguments
    assert names == ["ping"]
    assert json.loads(arguments) == {"n": 0}


def test_errors_map_to_sdk_exceptions(sdk: openai.OpenAI, mock_server: MockServer) -> None:
    with pytest.raises(openai.BadRequestError) as bad:
        sdk.chat.completions.create(
            model="claude-3-sonnet-latest",
            messages=[{"role": "user", "content": "x"}],
            max_tokens=0,
        )
    assert "Body validation error!" in str(bad.value)
    wrong = openai.OpenAI(base_url=mock_server.base_url + "/v1", api_key="nope", max_retries=0)
    with wrong, pytest.raises(openai.AuthenticationError):
        wrong.chat.completions.create(
            model="claude-3-sonnet-latest", messages=[{"role": "user", "content": "x"}]
        )
    with pytest.raises(openai.RateLimitError):
        sdk.chat.completions.create(
            model="claude-3-sonnet-latest",
            messages=[{"role": "user", "content": "x"}],
            extra_headers={"X-Mock-Fault": "status=429"},
        )
