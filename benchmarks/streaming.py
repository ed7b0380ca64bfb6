"""Streaming: chunks per second of one long answer in the service's real format.

The target (issue 9): through ``client.chat.completions.create(...,
stream=True)``, reading every chunk as a typed ``ChatCompletionChunk``, at
least half the throughput of the plain floor, which is what a caller
writes without any SDK: httpx2's ``iter_lines()``, ``json.loads`` of each
``data:`` line and ``choices[0].delta.content`` of every chunk. The same
floor on httpx 0.28 is shown beside it, and the openai SDK's stream as a
comparison.

Every contender reads the same bytes (:mod:`.stream_body`: 20,000 text
chunks, the opening chunk and the trailer) from an in-process transport
that hands the body over in 16 KiB pieces, as socket reads would, so the
network does not hide the client's own cost. Each one reads every chunk's
``content``; before the timing, each must have seen every chunk and the
whole text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import httpx2
import openai

from claude_3_sonnet import Claude3Sonnet

from .common import (
    API_KEY,
    AUTH,
    BASE_URL,
    BODY,
    URL,
    Sample,
    Settings,
    canned_transport,
    interleaved,
    messages,
    split,
    timed,
    variants_table,
)
from .stream_body import StreamBody, build

PIECE_BYTES = 16 * 1024
"""What one socket read typically returns for a fast stream."""
FLOOR = "floor_httpx2"
Reader = Callable[[], tuple[int, int]]
"""Reads the whole stream once: (chunks seen, characters of content read)."""


def _plain_reader(library: Any, transport: Any) -> tuple[Reader, Callable[[], None]]:
    """The floor: ``iter_lines()``, ``json.loads`` and every chunk's ``delta.content``."""
    client = library.Client(transport=transport)
    request = {**BODY, "stream": True}

    def read() -> tuple[int, int]:
        count = chars = 0
        with client.stream("POST", URL, json=request, headers=AUTH) as response:
            for line in response.iter_lines():
                if not line.startswith("data: "):
                    continue
                data = line[6:]
                if data == "[DONE]":
                    break
                chunk = json.loads(data)
                delta = chunk["choices"][0].get("delta")
                if delta is not None:
                    chars += len(delta["content"] or "")
                count += 1
        return count, chars

    return read, client.close


def _ours(transport: httpx2.MockTransport) -> tuple[Reader, Callable[[], None]]:
    client = Claude3Sonnet(
        api_key=API_KEY, base_url=BASE_URL, http_client=httpx2.Client(transport=transport)
    )

    def read() -> tuple[int, int]:
        count = chars = 0
        for chunk in client.chat.completions.create(messages=messages(), stream=True):
            delta = chunk.choices[0].delta
            if delta is not None:
                chars += len(delta.content or "")
            count += 1
        return count, chars

    return read, client.close


def _openai(transport: httpx2.MockTransport) -> tuple[Reader, Callable[[], None]]:
    client = openai.OpenAI(
        api_key=API_KEY,
        base_url=BASE_URL + "/v1",
        http_client=httpx2.Client(transport=transport),
    )

    def read() -> tuple[int, int]:
        count = chars = 0
        stream = client.chat.completions.create(
            model=BODY["model"], messages=[{"role": "user", "content": "Hello"}], stream=True
        )
        for chunk in stream:
            # The trailer has no delta; the SDK builds its models without validation.
            delta = getattr(chunk.choices[0], "delta", None)
            if delta is not None:
                chars += len(delta.content or "")
            count += 1
        return count, chars

    return read, client.close


def contenders(stream: StreamBody) -> dict[str, tuple[Reader, Callable[[], None]]]:
    pieces = split(stream.body, PIECE_BYTES)
    on_httpx2 = canned_transport(httpx2, 200, pieces, "text/event-stream")
    on_httpx = canned_transport(httpx, 200, pieces, "text/event-stream")
    return {
        FLOOR: _plain_reader(httpx2, on_httpx2),
        "floor_httpx": _plain_reader(httpx, on_httpx),
        "ours": _ours(on_httpx2),
        "openai_sdk": _openai(on_httpx2),
    }


def measure(settings: Settings) -> dict[str, Any]:
    stream = build(settings.chunks)
    readers = contenders(stream)
    try:
        for name, (read, _) in readers.items():
            seen = read()
            if seen != (stream.events, len(stream.text)):
                raise RuntimeError(
                    f"stream contender {name} read (chunks, characters) {seen}, "
                    f"expected {(stream.events, len(stream.text))}"
                )

        def one(name: str) -> Sample:
            return timed(readers[name][0], 1, units=stream.events)

        samples = interleaved(list(readers), settings.rounds, one)
    finally:
        for _, close in readers.values():
            close()
    table = variants_table(samples, FLOOR, "us/chunk", 1e6, throughput=True)
    for entry in table.values():
        entry["chunks_per_second"] = 1e6 / entry["median"]
    return {
        "description": (
            f"one answer of {stream.events} chunks in the service's format "
            f"({settings.chunks} text chunks, the opening chunk, the trailer, [DONE]), "
            f"served in {PIECE_BYTES // 1024} KiB pieces by an in-process transport; "
            "every contender reads every chunk's delta.content"
        ),
        "floor": FLOOR,
        "format": "mock.payloads.chunks + mock.wire.sse_event, checked by stream_body.check_format",
        "chunks": stream.events,
        "body_bytes": len(stream.body),
        "piece_bytes": PIECE_BYTES,
        "variants": table,
    }
