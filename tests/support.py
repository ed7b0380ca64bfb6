"""What the helper tests share: tiny images made from bytes, canned completions.

No binary fixture is checked in: each image here is a few bytes written in
the source. PNG and GIF are complete 1x1 images; the JPEG and WebP ones are
only their headers, which is all the client (and the mock) look at.
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from claude_3_sonnet import AsyncClaude3Sonnet, Claude3Sonnet

KEY = "test-key"

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)
GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"

Handler = Callable[[httpx.Request], httpx.Response]


def completion(
    content: str = "",
    *,
    tool_calls: Sequence[tuple[str, str, str]] = (),
    usage: tuple[int, int] = (3, 4),
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A ``ChatCompletion`` body; ``tool_calls`` as (id, name, arguments JSON text)."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = [
            {"id": i, "type": "function", "function": {"name": n, "arguments": a}}
            for i, n, a in tool_calls
        ]
    body: dict[str, Any] = {
        "id": "msg_canned",
        "object": "chat.completion",
        "created": 1744218514,
        "model": "claude-3-sonnet-20240229",
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if tool_calls else "end_turn",
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": usage[0] + usage[1],
        },
    }
    if meta is not None:
        body["meta"] = meta
    return body


def replies(*bodies: dict[str, Any], seen: list[dict[str, Any]] | None = None) -> Handler:
    """A transport handler answering each request with the next body (201 JSON).

    Each request's JSON body is appended to ``seen``; the last body repeats.
    """
    queue = list(bodies)

    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(json.loads(request.content))
        body = queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx.Response(201, json=body)

    return handle


def canned_client(handler: Handler) -> Claude3Sonnet:
    """A client whose requests go to ``handler`` instead of the network."""
    return Claude3Sonnet(
        api_key=KEY,
        base_url="http://canned.test",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


def canned_async_client(handler: Handler) -> AsyncClaude3Sonnet:
    return AsyncClaude3Sonnet(
        api_key=KEY,
        base_url="http://canned.test",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )


def run_mypy(args: list[str]) -> tuple[str, str, int]:
    """``mypy.api.run``, leaving the interpreter as it found it.

    mypy raises the recursion limit to 16,384 and never lowers it again; the
    tests that check how deep documents are refused run later in the same
    process and must see the usual limit.
    """
    from mypy import api as mypy_api  # noqa: PLC0415 - heavy, and only these tests need it

    limit = sys.getrecursionlimit()
    try:
        return mypy_api.run(args)
    finally:
        sys.setrecursionlimit(limit)
