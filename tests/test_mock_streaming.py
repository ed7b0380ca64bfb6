"""``stream: true``: the service's observed event-stream format, chunk by chunk."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx
import pytest
from starlette.types import Message

from claude_3_sonnet.mock import MockConfig, MockServer
from claude_3_sonnet.mock.responses import PartsResponse
from claude_3_sonnet_client.models import ChatCompletionChunk

from .fixtures import with_empty_deltas, without_nulls
from .mock_helpers import (
    AUTH,
    CHAT,
    MOCK_API_KEY,
    PNG,
    client,
    completion,
    post,
    request,
    stream,
    streamed_content,
)

TOOL = {
    "name": "lookup",
    "input_schema": {
        "type": "object",
        "properties": {"query": {"type": "string"}, "limit": {"type": "integer", "minimum": 3}},
        "required": ["query", "limit"],
    },
}

BODIES: list[dict[str, Any]] = [
    request("Hello"),
    request(""),
    request("  spaced   out\nlines\t"),
    request("one two three four five", max_tokens=2),
    request("stop HERE please", stop_sequences=["HERE"]),
    request("first word", stop_sequences=["You"]),
    request("Hi", system="Be brief."),
    request(
        [
            {"type": "text", "text": "Look:"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/gif", "data": PNG}},
        ]
    ),
    request("émoji ☃ and 日本語"),
]


def test_wire_format(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, request("Hello there", stream=True))
    assert response.status_code == 201
    assert response.headers["content-type"] == "text/event-stream"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-request-id"]
    assert response.text.endswith("\n\ndata: [DONE]\n\n")
    for block in response.text.split("\n\n")[:-1]:
        assert block.startswith("data: ")
        assert "\n" not in block


def test_the_service_format_byte_for_byte(mock_server: MockServer) -> None:
    """Key order, refusal null in every delta, id only first, role repeated (FACTS.md)."""
    response = post(mock_server.base_url, request("Hi", stream=True))
    lines = [b for b in response.text.split("\n\n") if b]
    plain = completion(mock_server.base_url, request("Hi"))
    rid = plain["id"]
    tail = (
        '"created":1744218514,"model":"claude-3-sonnet-20240229","object":"chat.completion.chunk"'
    )
    usage = '{"prompt_tokens":1,"completion_tokens":3,"total_tokens":4}'
    assert lines == [
        f'data: {{"id":"{rid}","choices":[{{"index":0,"delta":{{"role":"assistant","content":"",'
        f'"refusal":null}}}}],{tail},"usage":null}}',
        'data: {"id":"","choices":[{"index":0,"delta":{"content":"You","role":"assistant",'
        f'"refusal":null}}}}],{tail},"usage":null}}',
        'data: {"id":"","choices":[{"index":0,"delta":{"content":" said:","role":"assistant",'
        f'"refusal":null}}}}],{tail},"usage":null}}',
        'data: {"id":"","choices":[{"index":0,"delta":{"content":" Hi","role":"assistant",'
        f'"refusal":null}},"finish_reason":"end_turn"}}],{tail},"usage":{usage}}}',
        f'data: {{"id":"","choices":[{{"index":0,"finish_reason":"end_turn"}}],{tail},"usage":null}}',
        "data: [DONE]",
    ]


def test_chunk_sequence(mock_server: MockServer) -> None:
    chunks = stream(mock_server.base_url, request("Hello there"))
    plain = completion(mock_server.base_url, request("Hello there"))
    assert [c["choices"][0].get("delta", {}).get("content") for c in chunks] == [
        "",
        "You",
        " said:",
        " Hello",
        " there",
        None,
    ]
    assert chunks[0]["id"] == plain["id"]
    assert all(c["id"] == "" for c in chunks[1:])
    for chunk in chunks:
        assert list(chunk) == ["id", "choices", "created", "model", "object", "usage"]
        assert chunk["object"] == "chat.completion.chunk"
        assert chunk["model"] == "claude-3-sonnet-20240229"
        assert chunk["created"] == plain["created"]
        assert len(chunk["choices"]) == 1
        assert chunk["choices"][0]["index"] == 0
    for chunk in chunks[:-1]:
        delta = chunk["choices"][0]["delta"]
        assert delta["role"] == "assistant"
        assert "refusal" in delta
        assert delta["refusal"] is None
    *content, last, trailing = chunks
    for chunk in content:
        assert chunk["usage"] is None
        assert "finish_reason" not in chunk["choices"][0]
    assert last["choices"][0]["finish_reason"] == "end_turn"
    assert last["usage"] == plain["usage"]
    assert trailing["choices"][0] == {"index": 0, "finish_reason": "end_turn"}
    assert trailing["usage"] is None


def test_include_usage_adds_a_usage_chunk_without_choices(mock_server: MockServer) -> None:
    body = request("Hello there", stream_options={"include_usage": True})
    chunks = stream(mock_server.base_url, body)
    plain = completion(mock_server.base_url, request("Hello there"))
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"] == plain["usage"]
    assert chunks[-2]["choices"][0] == {"index": 0, "finish_reason": "stop"}


@pytest.mark.parametrize("body", BODIES)
def test_stream_equals_plain_answer(mock_server: MockServer, body: dict[str, Any]) -> None:
    plain = completion(mock_server.base_url, body)
    chunks = stream(mock_server.base_url, body)
    assert streamed_content(chunks) == plain["choices"][0]["message"]["content"]
    assert chunks[-1]["choices"][0]["finish_reason"] == plain["choices"][0]["finish_reason"]
    assert chunks[-2]["usage"] == plain["usage"]
    assert chunks[0]["id"] == plain["id"]


@pytest.mark.parametrize("body", BODIES)
def test_chunks_parse_with_the_generated_model(
    mock_server: MockServer, body: dict[str, Any]
) -> None:
    for chunk in stream(mock_server.base_url, body):
        parsed = ChatCompletionChunk.from_dict(json.loads(json.dumps(chunk)))
        assert parsed.to_dict() == with_empty_deltas(without_nulls(chunk))


def test_empty_answer_still_has_its_opening_chunk(mock_server: MockServer) -> None:
    chunks = stream(mock_server.base_url, request("x", stop_sequences=["You"]))
    assert len(chunks) == 2
    assert chunks[0]["choices"][0]["delta"] == {
        "role": "assistant",
        "content": "",
        "refusal": None,
    }
    assert chunks[0]["choices"][0]["finish_reason"] == "stop_sequence"
    assert chunks[0]["id"].startswith("msg_")


def test_tool_call_stream(mock_server: MockServer) -> None:
    body = request("go", tools=[TOOL], tool_choice={"type": "any"})
    plain = completion(mock_server.base_url, body)
    (expected,) = plain["choices"][0]["message"]["tool_calls"]
    chunks = stream(mock_server.base_url, body)
    head = chunks[1]["choices"][0]["delta"]["tool_calls"][0]
    assert head == {
        "index": 0,
        "id": expected["id"],
        "type": "function",
        "function": {"name": "lookup", "arguments": ""},
    }
    pieces = [
        call["function"]["arguments"]
        for chunk in chunks[2:-1]
        for call in chunk["choices"][0]["delta"]["tool_calls"]
    ]
    assert len(pieces) > 1
    assert "".join(pieces) == expected["function"]["arguments"]
    assert streamed_content(chunks) == plain["choices"][0]["message"]["content"] == ""
    assert chunks[-2]["choices"][0]["finish_reason"] == "tool_calls"
    assert chunks[-2]["usage"] == plain["usage"]
    assert chunks[-1]["choices"][0] == {"index": 0, "finish_reason": "tool_calls"}


def test_stream_can_be_read_incrementally(mock_server: MockServer) -> None:
    body = request("a b c d e f g h i j", stream=True)
    seen: list[str] = []
    with httpx.stream("POST", mock_server.base_url + CHAT, json=body, headers=AUTH) as response:
        assert response.status_code == 201
        seen.extend(line for line in response.iter_lines() if line)
    assert seen[-1] == "data: [DONE]"
    assert len(seen) == 15


def test_stream_false_is_a_plain_answer(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, request("Hi", stream=False))
    assert response.headers["content-type"] == "application/json"


def test_stream_errors_are_json(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, {"model": "x", "messages": "none", "stream": True})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"


def test_parts_response_stops_when_the_client_disconnects() -> None:
    """No pause between parts: a hang-up is still noticed and nothing more is sent."""
    parts = [b"data: x\n\n"] * 10_000
    sent: list[Message] = []
    gone = asyncio.Event()

    async def receive() -> Message:
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)
        if len(sent) == 4:  # the start and three parts, then the client hangs up
            gone.set()

    response = PartsResponse(201, "text/event-stream", parts)
    asyncio.run(response({"type": "http"}, receive, send))
    assert len(sent) < 10
    assert not any(message.get("more_body") is False for message in sent)


def test_long_stream_abandoned_early_leaves_the_server_quiet_and_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    words = " ".join(f"w{n}" for n in range(20_000))
    body = request(words, max_tokens=30_000, stream=True)
    caplog.set_level(logging.WARNING)
    with MockServer(MockConfig(api_key=MOCK_API_KEY)) as server, client(server.base_url) as http:
        with http.stream("POST", CHAT, json=body) as response:
            assert response.status_code == 201
            lines = response.iter_lines()
            assert [next(lines) for _ in range(3)]
        assert http.post(CHAT, json=request("next")).status_code == 201
        assert (
            httpx.post(server.base_url + CHAT, json=request("again"), headers=AUTH).status_code
            == 201
        )
    flood = [r for r in caplog.records if "socket.send() raised exception" in r.getMessage()]
    assert flood == []
