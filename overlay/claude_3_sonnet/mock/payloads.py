"""Shape an :class:`~.generation.Answer` exactly as the service sends it.

``completion`` is the seed page's ``chat.completion`` object (plus OpenAI
``tool_calls`` when a tool is called). ``chunks`` is the stream as the
service's published transcripts show it (FACTS.md, "Streaming"):

* keys in the order the service sends them: ``id``, ``choices``,
  ``created``, ``model``, ``object``, ``usage``; in a delta ``content``,
  ``role``, ``refusal``;
* the first chunk carries the id and an empty text,
  ``{"role": "assistant", "content": "", "refusal": null}``; later chunks
  have ``"id": ""``;
* every delta repeats ``role`` and carries ``"refusal": null``; a chunk's
  choice has no ``finish_reason`` key until the finishing chunk;
* the text arrives one word (with its leading whitespace) per chunk, so
  the pieces concatenate to the plain answer's ``content`` exactly;
  reasoning text, if any, arrives first in ``reasoning_content`` deltas
  with ``content: null``;
* a tool call arrives as ``delta.tool_calls`` pieces: the first with id,
  type, name and empty arguments, then the arguments in pieces;
* ``usage`` is null except on the finishing chunk (the last delta, with
  ``finish_reason``); a trailing chunk repeats ``finish_reason`` with no
  ``delta`` at all;
* with ``stream_options.include_usage``, one more chunk before ``[DONE]``
  has ``"choices": []`` and the usage, as OpenAI's API does.

The ``[DONE]`` sentinel is added by the response, not here.
"""

from __future__ import annotations

from typing import Any

from .generation import Answer, pieces

MODEL = "claude-3-sonnet-20240229"
CREATED = 1744218514
"""Every answer reports this ``created`` time (the seed response's), so bodies are reproducible."""


def usage(answer: Answer) -> dict[str, int]:
    return {
        "prompt_tokens": answer.prompt_tokens,
        "completion_tokens": answer.completion_tokens,
        "total_tokens": answer.total_tokens,
    }


def _calls(answer: Answer) -> list[dict[str, Any]]:
    return [
        {
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments},
        }
        for call in answer.tool_calls
    ]


def completion(answer: Answer) -> dict[str, Any]:
    """The ``chat.completion`` object for a non-streamed request."""
    message: dict[str, Any] = {
        "reasoning_content": answer.reasoning,
        "content": answer.content,
        "role": "assistant",
    }
    if answer.tool_calls:
        message["tool_calls"] = _calls(answer)
    return {
        "id": answer.id,
        "object": "chat.completion",
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": answer.finish_reason,
                "logprobs": None,
            }
        ],
        "created": CREATED,
        "usage": usage(answer),
    }


def _chunk(chunk_id: str, choices: list[dict[str, Any]], usage: Any) -> dict[str, Any]:
    return {
        "id": chunk_id,
        "choices": choices,
        "created": CREATED,
        "model": MODEL,
        "object": "chat.completion.chunk",
        "usage": usage,
    }


def _delta(content: str | None, **more: Any) -> dict[str, Any]:
    return {"content": content, "role": "assistant", "refusal": None, **more}


def deltas(answer: Answer) -> list[dict[str, Any]]:
    """The ``delta`` of each chunk that carries one, in order, the opening one first."""
    found: list[dict[str, Any]] = [{"role": "assistant", "content": "", "refusal": None}]
    found.extend(_delta(None, reasoning_content=piece) for piece in pieces(answer.reasoning))
    for index, call in enumerate(answer.tool_calls):
        head = {
            "index": index,
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": ""},
        }
        found.append(_delta("", tool_calls=[head]))
        found.extend(
            _delta(None, tool_calls=[{"index": index, "function": {"arguments": piece}}])
            for piece in pieces(call.arguments)
        )
    found.extend(_delta(piece) for piece in pieces(answer.content))
    return found


def chunks(answer: Answer, *, include_usage: bool = False) -> list[dict[str, Any]]:
    """The ``chat.completion.chunk`` objects of a streamed answer, trailing chunks included."""
    steps = deltas(answer)
    out = []
    for number, delta in enumerate(steps):
        last = number == len(steps) - 1
        choice: dict[str, Any] = {"index": 0, "delta": delta}
        if last:
            choice["finish_reason"] = answer.finish_reason
        out.append(
            _chunk(answer.id if number == 0 else "", [choice], usage(answer) if last else None)
        )
    out.append(_chunk("", [{"index": 0, "finish_reason": answer.finish_reason}], None))
    if include_usage:
        out.append(_chunk("", [], usage(answer)))
    return out
