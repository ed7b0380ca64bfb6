"""The service's real stream, end to end (issue 9).

Bodies here are built by the mock's own payload builder, which is pinned
byte for byte to the service's published transcripts
(``test_mock_streaming.test_the_service_format_byte_for_byte``), and then
damaged the ways real streams break.
"""

from __future__ import annotations

import asyncio
import copy
import http.server
import json
import socketserver
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claude_3_sonnet import (
    APIConnectionError,
    APIStreamError,
    AsyncClaude3Sonnet,
    Claude3Sonnet,
    ResponseTooLargeError,
    ResponseValidationError,
)
from claude_3_sonnet.core.config import ResponseLimits
from claude_3_sonnet.core.stream_state import StreamState
from claude_3_sonnet.mock import payloads
from claude_3_sonnet.mock.generation import Answer, ToolCall
from claude_3_sonnet.mock.wire import SSE_DONE, sse_event
from claude_3_sonnet_client.models import ChatCompletion
from claude_3_sonnet_client.params import MessageParam

KEY = "stream-test-key"
HELLO: list[MessageParam] = [{"role": "user", "content": "Hello"}]
ANSWER = Answer("msg_01", "Hello there, world!", (), "end_turn", 5, 3)


def events(answer: Answer = ANSWER, **kwargs: Any) -> list[bytes]:
    return [sse_event(chunk) for chunk in payloads.chunks(answer, **kwargs)]


def body(parts: list[bytes], *, done: bool = True) -> bytes:
    return b"".join(parts) + (SSE_DONE if done else b"")


class Pieces(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A response body sent piece by piece; optionally breaks after some pieces."""

    def __init__(self, pieces: list[bytes], break_after: int | None = None) -> None:
        self.pieces = pieces
        self.break_after = break_after

    def __iter__(self) -> Iterator[bytes]:
        for number, piece in enumerate(self.pieces):
            if self.break_after is not None and number >= self.break_after:
                raise httpx2.RemoteProtocolError("peer closed connection mid-body")
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self:
            yield piece


def client(pieces: list[bytes], break_after: int | None = None) -> Claude3Sonnet:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(
            200,
            stream=Pieces(pieces, break_after),
            headers={"content-type": "text/event-stream", "x-request-id": "req_42"},
        )

    transport = httpx2.MockTransport(handler)
    return Claude3Sonnet(api_key=KEY, http_client=httpx2.Client(transport=transport))


def async_client(pieces: list[bytes], break_after: int | None = None) -> AsyncClaude3Sonnet:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(
            200,
            stream=Pieces(pieces, break_after),
            headers={"content-type": "text/event-stream"},
        )

    transport = httpx2.MockTransport(handler)
    return AsyncClaude3Sonnet(api_key=KEY, http_client=httpx2.AsyncClient(transport=transport))


# -- the real format, read fast and whole ------------------------------------------------


def test_the_real_format_reads_as_typed_chunks() -> None:
    with client(events()) as c, c.chat.completions.stream(messages=HELLO) as stream:
        chunks = list(stream)
        final = stream.get_final_completion()
    assert chunks[0].id == "msg_01"
    assert chunks[1].choices[0].delta is not None
    assert chunks[1].choices[0].delta.refusal is None
    assert (
        "".join(
            (c.choices[0].delta.content or "") for c in chunks if c.choices and c.choices[0].delta
        )
        == ANSWER.content
    )
    assert final.choices[0].message.content == ANSWER.content
    assert final.usage is not None
    assert final.usage.total_tokens == 8
    assert stream.request_id == "req_42"


def test_the_request_id_is_on_the_final_completion_and_the_chunks() -> None:
    with client(events()) as c:
        stream = c.chat.completions.create(messages=HELLO, stream=True)
        first = next(iter(stream))
        final = stream.get_final_completion()
    assert first._request_id == "req_42"
    assert final._request_id == "req_42"


# -- loss-free assembly --------------------------------------------------------------------

words = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=6),
    max_size=8,
)


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    content = " ".join(draw(words))
    reasoning = " ".join(draw(words))
    calls = tuple(
        ToolCall(f"call_{n}", name, json.dumps(args))
        for n, (name, args) in enumerate(
            draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["get_weather", "lookup"]),
                        st.dictionaries(
                            st.text(max_size=4), st.integers() | st.text(max_size=8), max_size=3
                        ),
                    ),
                    max_size=3,
                )
            )
        )
    )
    finish = "tool_calls" if calls else draw(st.sampled_from(["end_turn", "stop", "max_tokens"]))
    return Answer(
        "msg_x",
        content,
        calls,
        finish,
        draw(st.integers(0, 99)),
        draw(st.integers(0, 99)),
        reasoning,
    )


def canonical(completion: ChatCompletion) -> dict[str, Any]:
    """A completion as data, where a text field that is null, absent or "" means the same."""
    data = completion.to_dict()
    for choice in data["choices"]:
        message = choice["message"]
        for key in ("content", "reasoning_content", "refusal"):
            if not message.get(key):
                message.pop(key, None)
        if not message.get("tool_calls"):
            message.pop("tool_calls", None)
    return data


@given(answers(), st.booleans())
def test_a_stream_reassembles_to_the_plain_answer(answer: Answer, include_usage: bool) -> None:
    state = StreamState(limits=ResponseLimits())
    raw = body(events(answer, include_usage=include_usage))
    for start in range(0, len(raw), 97):  # arbitrary network pieces
        state.feed(raw[start : start + 97])
    state.end()
    plain = ChatCompletion.from_dict(payloads.completion(answer))
    assert canonical(state.completion()) == canonical(plain)


def test_fields_no_schema_knows_are_kept_in_the_assembled_answer() -> None:
    chunks = payloads.chunks(ANSWER)
    for chunk in chunks:
        chunk["system_fingerprint"] = "fp_9"
    chunks[-2]["choices"][0]["native_finish_reason"] = "end_turn"
    chunks[1]["choices"][0]["delta"]["annotations"] = [{"type": "url_citation"}]
    chunks[-2]["meta"] = {"usage": {"credits_used": 7, "usd_spent": 0.01}}
    with client([sse_event(c) for c in chunks]) as c:
        final = c.chat.completions.create(messages=HELLO, stream=True).get_final_completion()
    assert final["system_fingerprint"] == "fp_9"
    assert final.choices[0]["native_finish_reason"] == "end_turn"
    assert final.choices[0].message.annotations is not None
    assert final.meta is not None
    assert final.meta.usage is not None
    assert final.meta.usage.usd_spent == 0.01


def test_each_choice_index_is_its_own_choice() -> None:
    chunks = payloads.chunks(ANSWER)
    second = copy.deepcopy(chunks[1])
    second["choices"][0]["index"] = 1
    second["choices"][0]["delta"]["content"] = "other"
    chunks.insert(2, second)
    closing = copy.deepcopy(chunks[-1])
    closing["choices"][0]["index"] = 1
    chunks.append(closing)
    with (
        client([sse_event(c) for c in chunks]) as c,
        c.chat.completions.stream(messages=HELLO) as s,
    ):
        texts = list(s.text_stream)
        final = s.get_final_completion()
    assert "".join(texts) == ANSWER.content
    assert [choice.index for choice in final.choices] == [0, 1]
    assert final.choices[0].message.content == ANSWER.content
    assert final.choices[1].message.content == "other"


# -- framing -------------------------------------------------------------------------------


def test_data_lines_without_blank_lines_still_make_one_event_each() -> None:
    lines = b"".join(e.rstrip(b"\n") + b"\n" for e in events()) + b"data: [DONE]\n"
    with client([lines]) as c:
        stream = c.chat.completions.create(messages=HELLO, stream=True)
        chunks = list(stream)
    assert len(chunks) == len(payloads.chunks(ANSWER))
    assert stream.get_final_text() == ANSWER.content


def test_a_json_value_over_several_data_lines_is_one_event() -> None:
    first, *rest = payloads.chunks(ANSWER)
    text = json.dumps(first, indent=1)
    multi = "".join(f"data: {line}\n" for line in text.split("\n")) + "\n"
    with client([multi.encode(), *[sse_event(c) for c in rest], SSE_DONE]) as c:
        final = c.chat.completions.create(messages=HELLO, stream=True).get_final_completion()
    assert final.id == "msg_01"
    assert final.choices[0].message.content == ANSWER.content


def test_a_byte_order_mark_loses_nothing() -> None:
    raw = b"\xef\xbb\xbf" + body(events())
    pieces = [raw[:1], raw[1:2], raw[2:]]  # even split across reads
    with client(pieces) as c:
        chunks = list(c.chat.completions.create(messages=HELLO, stream=True))
    assert chunks[0].id == "msg_01"
    assert len(chunks) == len(payloads.chunks(ANSWER))


def test_crlf_line_ends_split_across_reads() -> None:
    raw = body(events()).replace(b"\n", b"\r\n")
    pieces = [raw[i : i + 7] for i in range(0, len(raw), 7)]
    with client(pieces) as c:
        final = c.chat.completions.create(messages=HELLO, stream=True).get_final_completion()
    assert final.choices[0].message.content == ANSWER.content


# -- endings -------------------------------------------------------------------------------


def test_a_drop_after_the_finishing_chunk_is_a_whole_answer() -> None:
    parts = events()
    finishing = len(parts) - 1  # the trailing chunk and [DONE] are lost
    with client([*parts, SSE_DONE], break_after=finishing) as c:
        final = c.chat.completions.create(messages=HELLO, stream=True).get_final_completion()
    assert final.choices[0].message.content == ANSWER.content
    assert final.choices[0].finish_reason == "end_turn"


def test_a_drop_after_the_finishing_chunk_is_whole_async() -> None:
    parts = events()

    async def main() -> str | None:
        async with async_client([*parts, SSE_DONE], break_after=len(parts) - 1) as c:
            stream = await c.chat.completions.create(messages=HELLO, stream=True)
            final = await stream.get_final_completion()
            return final.choices[0].message.content

    assert asyncio.run(main()) == ANSWER.content


def test_a_drop_before_the_finishing_chunk_keeps_what_arrived() -> None:
    with client([*events(), SSE_DONE], break_after=3) as c:
        stream = c.chat.completions.create(messages=HELLO, stream=True)
        with pytest.raises(APIConnectionError) as info:
            stream.get_final_completion()
    assert info.value.partial_text == "Hello there,"
    assert len(info.value.chunks) == 3


def test_done_before_any_finish_reason_is_an_incomplete_answer() -> None:
    parts = [*events()[:3], SSE_DONE]
    with client(parts) as c:
        stream = c.chat.completions.create(messages=HELLO, stream=True)
        with pytest.raises(APIStreamError, match=r"\[DONE\] before any finish_reason") as info:
            stream.get_final_completion()
    assert info.value.partial_text == "Hello there,"
    assert info.value.status_code is None


@pytest.mark.parametrize(
    "frame",
    [
        b'event: error\ndata: {"error": {"message": "Overloaded", "type": "overloaded_error", "code": 529}}\n\n',
        b'data: {"error": {"message": "Overloaded", "type": "overloaded_error", "code": 529}}\n\n',
    ],
    ids=["event-error", "error-chunk"],
)
def test_an_error_inside_the_stream_carries_the_services_words(frame: bytes) -> None:
    parts = [*events()[:3], frame]
    with client(parts) as c:
        stream = c.chat.completions.create(messages=HELLO, stream=True)
        with pytest.raises(APIStreamError) as info:
            list(stream)
    error = info.value
    assert error.service_message == "Overloaded"
    assert error.status_code == 529
    assert error.partial_text == "Hello there,"
    assert "Overloaded" in str(error)


def test_an_error_as_the_first_event_is_retried_like_a_status() -> None:
    frame = b'event: error\ndata: {"error": {"message": "busy", "code": 503}}\n\n'
    answers = [[frame], [*events(), SSE_DONE]]

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(
            200, stream=Pieces(answers.pop(0)), headers={"content-type": "text/event-stream"}
        )

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    with Claude3Sonnet(api_key=KEY, http_client=http) as c:
        c._sleep = lambda seconds: None
        final = c.chat.completions.create(messages=HELLO, stream=True).get_final_completion()
    assert final.choices[0].message.content == ANSWER.content


def test_content_that_is_not_text_is_a_documented_error() -> None:
    bad = payloads.chunks(ANSWER)[2]
    bad["choices"][0]["delta"]["content"] = ["not", "text"]
    parts = [*events()[:2], sse_event(bad)]
    with client(parts) as c:
        stream = c.chat.completions.create(messages=HELLO, stream=True)
        pieces: list[str] = []
        with pytest.raises(ResponseValidationError, match=r"choices\[0\]\.delta\.content") as info:
            pieces.extend(stream.text_stream)
    assert pieces == ["Hello"]
    assert info.value.partial_text == "Hello"


# -- connections go back to the pool -----------------------------------------------------------


class _Counting(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """A loopback HTTP/1.1 server that counts the connections it accepts."""

    daemon_threads = True
    connections = 0

    def get_request(self) -> Any:
        pair = super().get_request()
        self.connections += 1
        return pair


def _stream_server(done: bool) -> tuple[_Counting, str]:
    stream = body(events(), done=done)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["content-length"]))
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            for start in range(0, len(stream), 50):  # the body in chunked pieces
                piece = stream[start : start + 50]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = _Counting(("127.0.0.1", 0), Handler)
    server.connections = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.mark.parametrize("done", [True, False], ids=["with-DONE", "end-of-body"])
def test_five_sequential_streams_use_one_connection(done: bool) -> None:
    server, url = _stream_server(done)
    try:
        with Claude3Sonnet(api_key=KEY, base_url=url) as c:
            for _ in range(5):
                with c.chat.completions.stream(messages=HELLO) as stream:
                    assert stream.get_final_text() == ANSWER.content
        assert server.connections == 1
    finally:
        server.shutdown()
        server.server_close()


def test_five_sequential_async_streams_use_one_connection() -> None:
    server, url = _stream_server(True)

    async def main() -> None:
        async with AsyncClaude3Sonnet(api_key=KEY, base_url=url) as c:
            for _ in range(5):
                async with c.chat.completions.stream(messages=HELLO) as stream:
                    assert await stream.get_final_text() == ANSWER.content

    try:
        asyncio.run(main())
        assert server.connections == 1
    finally:
        server.shutdown()
        server.server_close()


def test_a_value_spread_over_endless_data_lines_stops_at_the_event_limit() -> None:
    """No blank line ever comes: the pending event is bounded, and read in linear time."""
    state = StreamState(limits=ResponseLimits(max_event_bytes=64 * 1024))
    line = b'data: {"x": "' + b"y" * 100 + b'",\n'

    def feed_lines() -> None:
        for _ in range(10_000):
            state.feed(line)

    with pytest.raises(ResponseTooLargeError):
        feed_lines()


def test_data_lines_nested_too_deeply_are_an_error_of_the_package() -> None:
    state = StreamState(limits=ResponseLimits())
    state.feed(b"data: [\n" * 3000)
    with pytest.raises(ResponseValidationError):
        state.feed(b"\n")
