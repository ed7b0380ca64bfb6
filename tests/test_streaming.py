"""Streams: every quirk of the service's event format, early exit, breakage.

The service's own transcripts are replayed through an in-process transport
here, byte for byte; the same behaviour over real sockets is covered in
test_client_http.py against the mock server.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claude_3_sonnet import (
    APIConnectionError,
    AsyncClaude3Sonnet,
    ChatCompletionChunk,
    Claude3Sonnet,
    ResponseValidationError,
)
from claude_3_sonnet.core.parsing import chunk_from_data as parse_chunk
from claude_3_sonnet_client.models import ChunkDelta
from claude_3_sonnet_client.params import MessageParam

from .fixtures import with_empty_deltas, without_nulls

HELLO: list[MessageParam] = [{"role": "user", "content": "Hello"}]


def chunk(
    content: str | None, *, id: str = "", finish: str | None = None, usage: Any = None
) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": 0, "finish_reason": finish}
    if content is not None:
        choice["delta"] = {"role": "assistant", "content": content}
    return {
        "id": id,
        "object": "chat.completion.chunk",
        "created": 1744218514,
        "model": "claude-3-sonnet-20240229",
        "choices": [choice],
        "usage": usage,
    }


USAGE = {"prompt_tokens": 8, "completion_tokens": 3, "total_tokens": 11}
TRANSCRIPT = [
    chunk("Hel", id="msg_01"),
    chunk("", id=""),
    chunk("lo", id=""),
    chunk("!", finish="end_turn", usage=USAGE),
    chunk(None, finish="end_turn"),
]


def sse(events: list[Any], done: bool = True) -> bytes:
    text = "".join(f"data: {json.dumps(e) if not isinstance(e, str) else e}\n\n" for e in events)
    return (text + ("data: [DONE]\n\n" if done else "")).encode()


class Tracked(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that records whether the client closed it."""

    def __init__(self, parts: list[bytes], fail_after: int | None = None) -> None:
        self.parts = parts
        self.fail_after = fail_after
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for i, part in enumerate(self.parts):
            if self.fail_after is not None and i >= self.fail_after:
                raise httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body"
                )
            yield part

    async def __aiter__(self) -> Any:
        for part in self:
            yield part

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def client_for(body: Tracked, **kwargs: Any) -> Claude3Sonnet:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body, headers={"content-type": "text/event-stream"})

    return Claude3Sonnet(
        api_key="k" * 20, http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs
    )


def split_events(data: bytes) -> list[bytes]:
    return [part + b"\n\n" for part in data.split(b"\n\n") if part]


@pytest.mark.parametrize("done", [True, False], ids=["with-DONE", "without-DONE"])
def test_transcript_quirks(done: bool) -> None:
    body = Tracked(split_events(sse(TRANSCRIPT, done=done)))
    with client_for(body) as client:
        stream = client.chat.completions.create(messages=HELLO, stream=True)
        chunks = list(stream)
    assert [c.id for c in chunks] == ["msg_01", "", "", "", ""]
    assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert chunks[-1].choices[0].delta == ChunkDelta()  # the trailing chunk has none
    final = stream.get_final_completion()
    assert final.id == "msg_01"
    assert final.choices[0].message.content == "Hello!"
    assert final.choices[0].finish_reason == "end_turn"
    assert final.usage.total_tokens == 11  # type: ignore[union-attr]
    assert body.closed


def test_stream_helper_text_and_final_completion() -> None:
    client = client_for(Tracked(split_events(sse(TRANSCRIPT))))
    with client, client.chat.completions.stream(messages=HELLO) as s:
        assert list(s.text_stream) == ["Hel", "lo", "!"]
        assert s.get_final_completion().choices[0].message.content == "Hello!"


def test_leaving_early_closes_the_connection() -> None:
    body = Tracked(split_events(sse(TRANSCRIPT * 50)))
    client = client_for(body)
    with client, client.chat.completions.create(messages=HELLO, stream=True) as stream:
        first = next(iter(stream))
        assert first.id == "msg_01"
    assert body.closed


def test_a_broken_stream_keeps_what_arrived() -> None:
    body = Tracked(split_events(sse(TRANSCRIPT)), fail_after=3)
    seen: list[str] = []
    with client_for(body) as client:
        stream = client.chat.completions.create(messages=HELLO, stream=True)
        with pytest.raises(APIConnectionError) as info:
            seen.extend(stream.text_stream)
    assert seen == ["Hel", "lo"]
    assert info.value.partial_text == "Hello"
    assert len(info.value.chunks) == 3
    assert "partial_text" in str(info.value)
    assert body.closed


def test_a_malformed_event_keeps_what_arrived() -> None:
    body = Tracked([sse([chunk("Hel", id="msg_01"), '{"id": "broken'], done=False)])
    with client_for(body) as client:
        stream = client.chat.completions.create(messages=HELLO, stream=True)
        with pytest.raises(ResponseValidationError) as info:
            list(stream)
    assert info.value.partial_text == "Hel"
    assert '{"id": "broken' in info.value.raw


def test_tool_call_pieces_are_assembled() -> None:
    first = chunk(None, id="msg_02")
    first["choices"][0]["delta"] = {
        "role": "assistant",
        "tool_calls": [
            {
                "index": 0,
                "id": "toolu_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"ci'},
            }
        ],
    }
    second = chunk(None, finish="tool_calls", usage=USAGE)
    second["choices"][0]["delta"] = {
        "role": "assistant",
        "tool_calls": [{"index": 0, "function": {"arguments": 'ty": "Paris"}'}}],
    }
    with client_for(Tracked([sse([first, second])])) as client:
        final = client.chat.completions.create(messages=HELLO, stream=True).get_final_completion()
    call = final.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert (call.id, call.function.name, json.loads(call.function.arguments)) == (
        "toolu_1",
        "get_weather",
        {"city": "Paris"},
    )
    assert final.choices[0].finish_reason == "tool_calls"


def test_async_stream_quirks_and_early_exit() -> None:
    body = Tracked(split_events(sse(TRANSCRIPT)))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body, headers={"content-type": "text/event-stream"})

    async def main() -> tuple[list[str], str]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with AsyncClaude3Sonnet(api_key="k" * 20, http_client=http) as client:
            async with client.chat.completions.stream(messages=HELLO) as s:
                texts = [t async for t in s.text_stream]
                final = await s.get_final_completion()
            await http.aclose()
        return texts, str(final.choices[0].message.content)

    texts, final_text = asyncio.run(main())
    assert texts == ["Hel", "lo", "!"]
    assert final_text == "Hello!"
    assert body.closed


# -- the fast chunk path must equal the generated parser ----------------------

optional_text = st.one_of(st.none(), st.text(max_size=5))
delta = st.one_of(
    st.none(),
    st.fixed_dictionaries({}, optional={"role": optional_text, "content": optional_text}),
    st.fixed_dictionaries(
        {"content": st.text(max_size=3)},
        optional={
            "tool_calls": st.just([{"index": 0, "function": {"arguments": "{}"}}]),
            "extra": st.integers(),
        },
    ),
)
choice = st.fixed_dictionaries(
    {"index": st.integers(0, 3)},
    optional={
        "delta": delta,
        "finish_reason": optional_text,
        "logprobs": st.none(),
        "native_finish_reason": st.text(max_size=3),
    },
)
chunk_strategy = st.fixed_dictionaries(
    {
        "id": st.text(max_size=5),
        "object": st.just("chat.completion.chunk"),
        "created": st.integers(0, 2**31),
        "model": st.text(max_size=5),
        "choices": st.lists(choice, max_size=3),
    },
    optional={
        "usage": st.one_of(st.none(), st.just(USAGE)),
        "system_fingerprint": st.text(max_size=3),
    },
)


@given(chunk_strategy)
def test_fast_chunk_path_equals_generated_parser(data: dict[str, Any]) -> None:
    generated = ChatCompletionChunk.from_dict(json.loads(json.dumps(data)))
    assert generated.to_dict() == with_empty_deltas(without_nulls(data))
    assert parse_chunk(json.loads(json.dumps(data))) == generated


def test_a_cost_report_on_a_chunk_reaches_the_usage_totals() -> None:
    last = chunk("!", finish="end_turn", usage=USAGE)
    last["meta"] = {"usage": {"credits_used": 120, "usd_spent": 0.0006}}
    with client_for(Tracked([sse([chunk("Hi", id="msg_01"), last])])) as client:
        final = client.chat.completions.create(messages=HELLO, stream=True).get_final_completion()
        totals = client.usage_totals()
    assert final.meta.usage.usd_spent == 0.0006  # type: ignore[union-attr]
    assert (totals.credits_used, totals.usd_spent, totals.total_tokens) == (120, 0.0006, 11)
