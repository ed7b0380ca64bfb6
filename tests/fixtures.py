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


def with_empty_deltas(chunk: Any) -> Any:
    """A chunk's JSON as the models write it back: a choice without ``delta`` gets ``{}``.

    (``x-absent-reads-empty`` in the contract: an absent delta reads as an
    empty ``ChunkDelta``, so ``chunk.choices[0].delta.content`` works on every
    chunk; ``to_dict()`` writes it as ``{}``.)
    """
    choices = [
        {**choice, "delta": choice.get("delta") or {}} if isinstance(choice, dict) else choice
        for choice in chunk.get("choices", [])
    ]
    return {**chunk, "choices": choices}
