"""Data the tests share: the seed page's exchange, verbatim."""

from __future__ import annotations

from typing import Any

# The response printed on the seed documentation page (Python repr there,
# JSON here).
SEED_RESPONSE: dict[str, Any] = {
    "id": "msg_013NoZ2MWAyM1yTkxiPFK8Ym",
    "object": "chat.completion",
    "model": "claude-3-sonnet-20240229",
    "choices": [
        {
            "index": 0,
            "message": {
                "reasoning_content": "",
                "content": "Hello! How can I assist you today?",
                "role": "assistant",
            },
            "finish_reason": "end_turn",
            "logprobs": None,
        }
    ],
    "created": 1744218514,
    "usage": {"prompt_tokens": 50, "completion_tokens": 378, "total_tokens": 428},
}

SEED_REQUEST: dict[str, Any] = {
    "model": "claude-3-sonnet-latest",
    "messages": [{"role": "user", "content": "Hello"}],
}


def without_nulls(value: Any) -> Any:
    """``value`` with null-valued keys left out: how the generated models write a null back.

    (The models read an optional field sent as null the same as an absent one:
    ``None``; ``to_dict()`` then leaves it out.)
    """
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def as_the_client_reads(chunk: Any) -> Any:
    """A generated ``ChatCompletionChunk`` as the client's parser reads it.

    One documented difference from ``from_dict``: a choice without a delta
    (the trailing chunk) reads as an empty ``ChunkDelta`` (``x-absent-reads-empty``
    in the contract), so ``chunk.choices[0].delta.content`` works on every chunk.
    """
    from claude_3_sonnet_client.models import ChunkDelta  # noqa: PLC0415

    for choice in chunk.choices:
        if choice.delta is None:
            choice.delta = ChunkDelta()
    return chunk
