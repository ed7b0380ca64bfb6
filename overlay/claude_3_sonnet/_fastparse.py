"""Build stream chunks without the generated parser's overhead, when safe.

A streamed answer is thousands of tiny, identically shaped events. The
generated ``ChatCompletionChunk.from_dict`` spends about 11 us on each
(closures, union probing, local imports); the events themselves take about
4 us to decode. For the shape the service sends on almost every event (text
deltas: id, object, created, model, choices[index, delta{role, content},
finish_reason], usage null) this module calls the generated classes'
constructors directly and produces an equal object. Anything else (tool
calls, usage, logprobs, unknown fields, a newer spec's fields) goes through
``from_dict``, so correctness never depends on this shortcut; a test checks
that both paths agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from claude_3_sonnet_client.models import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    Choice,
    ChunkChoice,
    ChunkDelta,
    Usage,
)
from claude_3_sonnet_client.types import UNSET, Unset

T = TypeVar("T")

_CHUNK_KEYS = frozenset({"id", "object", "created", "model", "choices", "usage"})
_CHUNK_REQUIRED = frozenset({"id", "object", "created", "model", "choices"})
_CHOICE_KEYS = frozenset({"index", "delta", "finish_reason"})
_DELTA_KEYS = frozenset({"role", "content"})


def _all_or_none(raw_items: Any, build: Callable[[Any], T | None]) -> list[T] | None:
    """Every item built fast, or ``None`` as soon as one needs the generated parser."""
    if type(raw_items) is not list:
        return None
    built = []
    for raw in raw_items:
        item = build(raw)
        if item is None:
            return None
        built.append(item)
    return built


def _fast_choice(choice: Any) -> ChunkChoice | None:
    if type(choice) is not dict or not choice.keys() <= _CHOICE_KEYS or "index" not in choice:
        return None
    raw_delta = choice.get("delta", UNSET)
    delta: ChunkDelta | Any | None
    if type(raw_delta) is dict:
        if not raw_delta.keys() <= _DELTA_KEYS:
            return None
        delta = ChunkDelta(
            role=raw_delta.get("role", UNSET), content=raw_delta.get("content", UNSET)
        )
    elif raw_delta is None or raw_delta is UNSET:
        delta = raw_delta
    else:
        return None
    return ChunkChoice(
        index=choice["index"], delta=delta, finish_reason=choice.get("finish_reason", UNSET)
    )


def parse_chunk(data: Any) -> ChatCompletionChunk:
    """``ChatCompletionChunk.from_dict(data)``, faster for plain text deltas."""
    if (
        type(data) is dict
        and data.get("usage") is None
        and data.keys() <= _CHUNK_KEYS
        and data.keys() >= _CHUNK_REQUIRED
    ):
        choices = _all_or_none(data["choices"], _fast_choice)
        if choices is not None:
            return ChatCompletionChunk(
                id=data["id"],
                object_=data["object"],
                created=data["created"],
                model=data["model"],
                choices=choices,
                usage=data.get("usage", UNSET),
            )
    return ChatCompletionChunk.from_dict(data)


# -- non-streamed answers ---------------------------------------------------------------

_COMPLETION_KEYS = frozenset({"id", "object", "created", "model", "choices", "usage"})
_COMPLETION_REQUIRED = frozenset({"id", "object", "created", "model", "choices"})
_ANSWER_CHOICE_KEYS = frozenset({"index", "message", "finish_reason", "logprobs"})
_MESSAGE_KEYS = frozenset({"role", "content", "reasoning_content", "refusal"})
_USAGE_KEYS = frozenset({"prompt_tokens", "completion_tokens", "total_tokens"})


def _fast_answer_choice(choice: Any) -> Choice | None:
    if type(choice) is not dict or not choice.keys() <= _ANSWER_CHOICE_KEYS:
        return None
    message = choice.get("message")
    if type(message) is not dict or "index" not in choice or not message.keys() <= _MESSAGE_KEYS:
        return None
    logprobs = choice.get("logprobs", UNSET)
    if logprobs is not None and logprobs is not UNSET:
        return None
    get = message.get
    return Choice(
        index=choice["index"],
        message=AssistantMessage(
            role=get("role", UNSET),
            content=get("content", UNSET),
            reasoning_content=get("reasoning_content", UNSET),
            refusal=get("refusal", UNSET),
        ),
        finish_reason=choice.get("finish_reason", UNSET),
        logprobs=logprobs,
    )


def parse_completion_data(data: Any) -> ChatCompletion:
    """``ChatCompletion.from_dict(data)``, faster for plain text answers."""
    if (
        type(data) is dict
        and data.keys() <= _COMPLETION_KEYS
        and data.keys() >= _COMPLETION_REQUIRED
    ):
        raw_usage = data.get("usage", UNSET)
        usage: Usage | Unset | None
        if raw_usage is UNSET:
            usage = UNSET
        elif type(raw_usage) is dict and raw_usage.keys() == _USAGE_KEYS:
            usage = Usage(
                prompt_tokens=raw_usage["prompt_tokens"],
                completion_tokens=raw_usage["completion_tokens"],
                total_tokens=raw_usage["total_tokens"],
            )
        else:
            usage = None
        choices = _all_or_none(data["choices"], _fast_answer_choice)
        if usage is not None and choices is not None:
            return ChatCompletion(
                id=data["id"],
                object_=data["object"],
                created=data["created"],
                model=data["model"],
                choices=choices,
                usage=usage,
            )
    return ChatCompletion.from_dict(data)
