"""Conversations: history kept in request format, stored only after a complete reply."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from claude_3_sonnet import (
    APIConnectionError,
    AsyncClaude3Sonnet,
    BadRequestError,
    Claude3Sonnet,
)
from claude_3_sonnet.conversation import AsyncConversation, Conversation
from claude_3_sonnet.images import ImageError
from claude_3_sonnet.mock import MockServer

from .support import KEY, PNG, canned_client, completion, replies


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
