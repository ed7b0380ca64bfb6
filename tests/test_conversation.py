"""Conversations: history kept in request format, stored only after a complete reply."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from claude_3_sonnet import (
    APIConnectionError,
    AsyncClaude3Sonnet,
    BadRequestError,
    Claude3Sonnet,
    Claude3SonnetError,
)
from claude_3_sonnet.conversation import AsyncConversation, Conversation, ConversationError
from claude_3_sonnet.images import ImageError
from claude_3_sonnet.mock import MockServer, payloads
from claude_3_sonnet.mock.generation import answer
from claude_3_sonnet.mock.wire import SSE_DONE, sse_event

from .support import KEY, PNG, canned_async_client, canned_client, completion, replies


def mock_client(server: MockServer, fault: str | None = None) -> Claude3Sonnet:
    headers = {"X-Mock-Fault": fault} if fault else None
    return Claude3Sonnet(
        api_key=KEY, base_url=server.base_url, max_retries=0, default_headers=headers
    )


@pytest.fixture
def client(mock_server: MockServer) -> Iterator[Claude3Sonnet]:
    with mock_client(mock_server) as c:
        yield c


def test_send_keeps_both_turns(client: Claude3Sonnet) -> None:
    chat = Conversation(client, system="Be brief.")
    assert chat.send("Hello there") == "(System prompt: Be brief.) You said: Hello there"
    assert chat.send("Again") == "(System prompt: Be brief.) You said: Again"
    assert chat.messages == [
        {"role": "user", "content": "Hello there"},
        {"role": "assistant", "content": "(System prompt: Be brief.) You said: Hello there"},
        {"role": "user", "content": "Again"},
        {"role": "assistant", "content": "(System prompt: Be brief.) You said: Again"},
    ]
    assert len(chat) == 4
    assert chat.last_completion is not None
    assert chat.last_completion.choices[0].finish_reason == "end_turn"


def test_every_request_carries_the_history_and_settings() -> None:
    seen: list[dict[str, Any]] = []
    with canned_client(replies(completion("One."), completion("Two."), seen=seen)) as client:
        chat = Conversation(client, system="Sys", model="anthropic/claude-3-sonnet", max_tokens=9)
        chat.send("a")
        chat.send("b")
    assert seen[1] == {
        "model": "anthropic/claude-3-sonnet",
        "max_tokens": 9,
        "system": "Sys",
        "messages": [
            {"role": "user", "content": "a"},
            {"role": "assistant", "content": "One."},
            {"role": "user", "content": "b"},
        ],
    }


def test_params_apply_to_every_turn(client: Claude3Sonnet) -> None:
    chat = Conversation(client, max_tokens=2)
    assert chat.send("one two three") == "You said:"


def test_a_failed_call_leaves_the_history_unchanged(mock_server: MockServer) -> None:
    with mock_client(mock_server) as good, mock_client(mock_server, "status=400") as bad:
        chat = Conversation(good)
        chat.send("first")
        before = chat.messages
        chat.client = bad
        with pytest.raises(BadRequestError):
            chat.send("second")
        assert chat.messages == before
        with pytest.raises(ImageError):
            chat.send("look", images=[b"not an image"])
        assert chat.messages == before


def test_stream_yields_pieces_then_stores_the_reply(client: Claude3Sonnet) -> None:
    chat = Conversation(client)
    pieces = list(chat.stream("Stream this"))
    assert len(pieces) > 1
    assert "".join(pieces) == "You said: Stream this"
    assert chat.messages[-1] == {"role": "assistant", "content": "You said: Stream this"}
    assert chat.last_completion is not None


def test_a_broken_stream_stores_nothing_and_keeps_the_partial_text(
    mock_server: MockServer,
) -> None:
    with mock_client(mock_server, "drop_after=2") as client:
        chat = Conversation(client)
        received: list[str] = []
        with pytest.raises(APIConnectionError) as caught:
            received.extend(chat.stream("one two three four five"))
    assert received
    assert caught.value.partial_text == "".join(received)
    assert chat.messages == []


def test_stopping_a_stream_early_stores_nothing(client: Claude3Sonnet) -> None:
    chat = Conversation(client)
    for _ in chat.stream("one two three"):
        break
    assert chat.messages == []


def test_images_are_sent_and_kept(client: Claude3Sonnet) -> None:
    chat = Conversation(client)
    assert (
        chat.send("What is it?", images=[PNG]) == "I see 1 image (image/png). You said: What is it?"
    )
    user_turn = chat.messages[0]
    assert [b["type"] for b in user_turn["content"]] == ["image", "text"]
    assert "".join(chat.stream("And now?", images=[PNG])).startswith("I see 1 image")


def test_a_bad_image_fails_when_stream_is_called(client: Claude3Sonnet) -> None:
    chat = Conversation(client)
    with pytest.raises(ImageError, match="is empty"):
        chat.stream("look", images=[b""])


def test_save_and_resume(client: Claude3Sonnet) -> None:
    chat = Conversation(client, system="Be brief.", max_tokens=50, temperature=0.5)
    chat.send("Remember me")
    saved = chat.to_json()
    data = json.loads(saved)
    assert data["system"] == "Be brief."
    assert data["params"] == {"max_tokens": 50, "temperature": 0.5}
    resumed = Conversation.from_json(client, saved)
    assert resumed.messages == chat.messages
    assert (resumed.system, resumed.params) == (chat.system, chat.params)
    resumed.send("Still there?")
    assert len(resumed) == 4
    assert len(chat) == 2


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "invalid JSON"),
        ("[]", "not a saved conversation"),
        ('{"format": "other"}', "not a saved conversation"),
        ('{"format": "claude-3-sonnet/conversation", "version": 9}', "version 9"),
        (
            '{"format": "claude-3-sonnet/conversation", "version": 1, "system": 1, "params": {}}',
            "string system",
        ),
        (
            '{"format": "claude-3-sonnet/conversation", "version": 1, "system": null, '
            '"params": {}, "messages": [{"role": "system", "content": "x"}]}',
            "user or assistant",
        ),
    ],
)
def test_from_json_refuses_what_it_did_not_write(
    client: Claude3Sonnet, text: str, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        Conversation.from_json(client, text)


def saved(**fields: Any) -> str:
    """A saved conversation (one exchange) with ``fields`` replaced."""
    data: dict[str, Any] = {
        "format": "claude-3-sonnet/conversation",
        "version": 1,
        "system": None,
        "params": {},
        "messages": [
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello"},
        ],
    }
    data.update(fields)
    return json.dumps(data)


def turns(*contents: Any) -> list[dict[str, Any]]:
    return [{"role": ("user", "assistant")[i % 2], "content": c} for i, c in enumerate(contents)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (None, "expected the str from to_json\\(\\), got NoneType"),
        (5, "got int"),
        (saved().encode(), "got bytes"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (saved(params={"temperature": float("nan")}), "NaN is not valid JSON"),
        (saved(version=True), "unsupported conversation version True"),
        (saved(version="1"), "unsupported conversation version '1'"),
        (saved(version=1.0), "unsupported conversation version 1.0"),
        (saved(params={"colour": "red"}), "params are not valid: .*'colour'"),
        (saved(params={"tools": []}), "params are not valid: .*'tools'.*run_tools"),
        (saved(params={"max_tokens": "many"}), "max_tokens: expected integer"),
        (saved(system=5), "string system"),
        (saved(messages=None), "must be user or assistant turns"),
        (saved(messages=[["user", "Hi"]]), "must be user or assistant turns"),
        (saved(messages=turns("Hi", 5)), "must be user or assistant turns"),
        (saved(messages=[{"role": "user"}]), "must be user or assistant turns"),
        (saved(messages=turns("Hi", None)), "must be user or assistant turns"),
        (saved(messages=[{"role": "assistant", "content": "x"}]), "starting with user"),
        (saved(messages=turns("a", "b", "c")), "last message must be an assistant reply"),
        (saved(messages=turns("Hi", "")), "messages\\[1\\] is an empty assistant turn"),
        (saved(messages=turns("Hi", [])), "messages\\[1\\] is an empty assistant turn"),
        (saved(messages=turns([{"type": "text"}], "ok")), "messages\\[0\\].content\\[0\\].text"),
        (saved(params={"metadata": {"user": [[[]]]}}), "metadata.user: expected string"),
    ],
)
def test_from_json_validates_everything_it_resumes(
    client: Claude3Sonnet, text: Any, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        Conversation.from_json(client, text)

    async def resume_async() -> None:
        async with AsyncClaude3Sonnet(api_key=KEY) as async_client:
            AsyncConversation.from_json(async_client, text)

    with pytest.raises(ValueError, match=words):
        asyncio.run(resume_async())


def test_from_json_accepts_blocks_and_an_empty_history(client: Claude3Sonnet) -> None:
    blocks = [{"type": "text", "text": "Hi"}]
    chat = Conversation.from_json(client, saved(messages=turns(blocks, blocks)))
    assert chat.messages == turns(blocks, blocks)
    assert Conversation.from_json(client, saved(messages=[])).messages == []


# -- replies a conversation cannot keep -------------------------------------------------------

TOOL = {"name": "get_weather", "input_schema": {"type": "object", "properties": {}}}


@pytest.mark.parametrize(
    "params",
    [{"tools": [TOOL]}, {"tool_choice": {"type": "any"}}, {"tools": [TOOL], "tool_choice": None}],
)
def test_tools_are_refused_with_a_pointer_to_run_tools(
    client: Claude3Sonnet, params: dict[str, Any]
) -> None:
    with pytest.raises(TypeError, match=r"cannot take 'tool.*run_tools"):
        Conversation(client, **params)

    async def start_async() -> None:
        async with AsyncClaude3Sonnet(api_key=KEY) as async_client:
            AsyncConversation(async_client, **params)

    with pytest.raises(TypeError, match="run_tools"):
        asyncio.run(start_async())


def test_a_reply_with_tool_calls_is_not_stored() -> None:
    seen: list[dict[str, Any]] = []
    call = completion("", tool_calls=[("toolu_1", "get_weather", "{}")])
    with canned_client(replies(call, completion("Sunny."), seen=seen)) as client:
        chat = Conversation(client)
        with pytest.raises(ConversationError, match=r"calls tools \(get_weather\).*run_tools"):
            chat.send("Weather?")
        assert chat.messages == []
        assert chat.last_completion is None
        assert chat.send("Just say something") == "Sunny."
    assert seen[1]["messages"] == [{"role": "user", "content": "Just say something"}]


def test_an_empty_reply_is_not_stored(client: Claude3Sonnet) -> None:
    chat = Conversation(client, stop_sequences=["You"])  # the mock's answer starts "You said"
    with pytest.raises(ConversationError, match="no text") as caught:
        chat.send("Hi")
    assert caught.value.completion.choices[0].finish_reason == "stop_sequence"
    with pytest.raises(ConversationError, match="no text"):
        "".join(chat.stream("Hi"))
    assert chat.messages == []
    assert isinstance(caught.value, Claude3SonnetError)


def tool_call_stream() -> httpx.Response:
    """The mock's event stream for a request that makes it call a tool."""
    body = {
        "model": "claude-3-sonnet-latest",
        "messages": [{"role": "user", "content": "Weather?"}],
        "tools": [TOOL],
        "tool_choice": {"type": "any"},
    }
    events = [sse_event(chunk) for chunk in payloads.chunks(answer(body))]
    return httpx.Response(
        201, content=b"".join([*events, SSE_DONE]), headers={"content-type": "text/event-stream"}
    )


def test_a_streamed_tool_call_is_not_stored() -> None:
    with canned_client(lambda request: tool_call_stream()) as client:
        chat = Conversation(client)
        with pytest.raises(ConversationError, match="calls tools"):
            list(chat.stream("Weather?"))
        assert chat.messages == []


def test_async_replies_that_cannot_be_kept() -> None:
    call = completion("", tool_calls=[("toolu_1", "get_weather", "{}")])

    async def scenario() -> list[dict[str, Any]]:
        async with canned_async_client(replies(call)) as client:
            chat = AsyncConversation(client)
            with pytest.raises(ConversationError, match="calls tools"):
                await chat.send("Weather?")
        async with canned_async_client(lambda request: tool_call_stream()) as client:
            chat.client = client
            with pytest.raises(ConversationError, match="calls tools"):
                async for _ in chat.stream("Weather?"):
                    pass
        async with canned_async_client(replies(completion("  "))) as client:
            chat.client = client
            with pytest.raises(ConversationError, match="no text"):
                await chat.send("Hi")
        return chat.messages

    assert asyncio.run(scenario()) == []


@pytest.mark.parametrize("name", ["messages", "stream", "colour"])
def test_params_are_request_fields_only(client: Claude3Sonnet, name: str) -> None:
    params: dict[str, Any] = {name: 1}
    with pytest.raises(TypeError, match=repr(name)):
        Conversation(client, **params)


def test_async_conversation(mock_server: MockServer) -> None:
    async def scenario() -> tuple[AsyncConversation, list[str], str]:
        async with AsyncClaude3Sonnet(api_key=KEY, base_url=mock_server.base_url) as client:
            chat = AsyncConversation(client, system="Hi")
            first = await chat.send("one")
            pieces = [p async for p in chat.stream("two", images=[PNG])]
            resumed = AsyncConversation.from_json(client, chat.to_json())
            assert resumed.messages == chat.messages
            return chat, pieces, first

    chat, pieces, first = asyncio.run(scenario())
    assert first == "(System prompt: Hi) You said: one"
    assert "".join(pieces) == "(System prompt: Hi) I see 1 image (image/png). You said: two"
    assert [m["role"] for m in chat.messages] == ["user", "assistant"] * 2


def test_async_failures_leave_the_history_unchanged(mock_server: MockServer) -> None:
    async def scenario() -> tuple[AsyncConversation, APIConnectionError]:
        async with AsyncClaude3Sonnet(
            api_key=KEY,
            base_url=mock_server.base_url,
            max_retries=0,
            default_headers={"X-Mock-Fault": "drop_after=2"},
        ) as client:
            chat = AsyncConversation(client)
            with pytest.raises(APIConnectionError) as caught:
                async for _ in chat.stream("one two three four"):
                    pass
            with pytest.raises(APIConnectionError):
                await chat.send("one two three four")
            return chat, caught.value

    chat, error = asyncio.run(scenario())
    assert error.partial_text
    assert chat.messages == []
