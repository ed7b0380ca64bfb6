"""The streamed answer every streaming contender reads: the service's real format, checked.

Issue 9: an earlier benchmark built its own chunks and measured a format
the service does not send (no ``refusal``, a different key order, no
empty opening chunk). Here the body comes from the mock's own builders
(``mock.payloads.chunks`` of a ``generation.Answer``, each chunk encoded
by ``mock.wire.sse_event``), which the mock's tests pin to the service's
published transcripts, and :func:`check_format` asserts those facts again
on the bytes, so the benchmark fails loudly rather than drift:

- keys in the order sent: ``id, choices, created, model, object, usage``;
- every delta carries ``"refusal":null`` beside ``role`` and ``content``
  (in that order: ``content, role, refusal``; the opening one ``role`` first);
- the first chunk has the id and an empty content, later ones ``"id":""``;
- ``usage`` is null except on the chunk that carries ``finish_reason``;
- a trailing chunk with ``finish_reason`` and no ``delta``, then ``[DONE]``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from claude_3_sonnet.mock.generation import Answer
from claude_3_sonnet.mock.payloads import chunks as payload_chunks
from claude_3_sonnet.mock.wire import SSE_DONE, sse_event

CHUNK_KEYS = ["id", "choices", "created", "model", "object", "usage"]
DELTA_KEYS = ["content", "role", "refusal"]
"""A text delta's keys as sent; the opening delta has ``role`` first."""
WORDS = ("I", "find", "humanity", "fascinating,", "and", "curious", "about", "everything.")
"""Words of the answer, repeated: one word (with its leading space) per chunk."""


@dataclass(frozen=True)
class StreamBody:
    """The bytes of one streamed answer and what a reader must find in them."""

    body: bytes
    events: int
    """``data:`` events before ``[DONE]``: the opening chunk, one per piece, the trailer."""
    text: str
    """The answer's text, the concatenation of every ``delta.content``."""


def answer(pieces: int) -> Answer:
    """An answer whose text streams as ``pieces`` chunks (``pieces`` words)."""
    text = " ".join(WORDS[i % len(WORDS)] for i in range(pieces))
    return Answer(
        id="msg_01BenchStreamRealFormat0",
        content=text,
        tool_calls=(),
        finish_reason="end_turn",
        prompt_tokens=8,
        completion_tokens=pieces,
    )


def build(pieces: int) -> StreamBody:
    """The body the mock would send for :func:`answer`, ``[DONE]`` included, checked."""
    source = answer(pieces)
    events = payload_chunks(source)
    body = b"".join(sse_event(chunk) for chunk in events) + SSE_DONE
    result = StreamBody(body=body, events=len(events), text=source.content)
    check_format(result)
    return result


def _fail(number: int, why: str) -> AssertionError:
    return AssertionError(f"stream event {number} is not in the service's format: {why}")


def check_format(stream: StreamBody) -> None:
    """Raise ``AssertionError`` unless ``stream`` is byte for byte the service's format."""
    frames = stream.body.split(b"\n\n")
    if frames[-2:] != [b"data: [DONE]", b""]:
        raise AssertionError("the stream does not end with data: [DONE] and a blank line")
    frames = frames[:-2]
    if len(frames) != stream.events or len(frames) < 3:
        raise AssertionError(f"{len(frames)} events, expected {stream.events} (at least 3)")
    text: list[str] = []
    last = len(frames) - 1
    for number, frame in enumerate(frames):
        if not frame.startswith(b"data: {") or b"\n" in frame:
            raise _fail(number, "not one compact 'data: {...}' line")
        pairs = json.loads(frame[6:], object_pairs_hook=lambda kv: kv)
        if [key for key, _ in pairs] != CHUNK_KEYS:
            raise _fail(number, f"keys {[key for key, _ in pairs]}, expected {CHUNK_KEYS}")
        chunk: dict[str, Any] = json.loads(frame[6:])
        if (chunk["id"] != "") == (number != 0):
            raise _fail(number, "only the first chunk carries the id")
        (choice,) = chunk["choices"]
        if number == last:
            if "delta" in choice or not choice.get("finish_reason") or chunk["usage"]:
                raise _fail(number, "the trailer has finish_reason, no delta, null usage")
            continue
        delta = choice["delta"]
        if b'"refusal":null}' not in frame or delta.get("refusal", 0) is not None:
            raise _fail(number, 'the delta lacks "refusal":null')
        if delta["role"] != "assistant":
            raise _fail(number, "the delta does not repeat role")
        if number == 0 and list(delta.items()) != [
            ("role", "assistant"),
            ("content", ""),
            ("refusal", None),
        ]:
            raise _fail(number, f"the opening delta is {delta}")
        if number > 0 and list(delta) != DELTA_KEYS:
            raise _fail(number, f"delta keys {list(delta)}, expected {DELTA_KEYS}")
        finishing = number == last - 1
        if ("finish_reason" in choice) != finishing or (chunk["usage"] is not None) != finishing:
            raise _fail(number, "usage and finish_reason belong to the last delta only")
        text.append(delta["content"])
    if "".join(text) != stream.text:
        raise AssertionError("the deltas do not add up to the answer's text")
