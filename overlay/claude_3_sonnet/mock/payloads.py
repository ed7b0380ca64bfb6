"""Shape an :class:`~.generation.Answer` as the service sends it.

``completion`` is the seed page's ``chat.completion`` object (plus OpenAI
``tool_calls`` when a tool is called); ``chunks`` is the observed stream:

* the first chunk carries the id, later chunks ``"id": ""``;
* ``delta.role`` is ``assistant`` in every chunk;
* the text arrives one word (with its leading whitespace) per chunk, so the
  contents concatenate to the plain answer's ``content`` exactly;
* a tool call arrives as ``delta.tool_calls`` pieces: the first with id,
  type, name and empty arguments, then the arguments in pieces;
* ``usage`` is null except on the last content chunk, which also carries
  ``finish_reason``;
* a trailing chunk repeats ``finish_reason`` with no ``delta`` at all.

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


def completion(answer: Answer) -> dict[str, Any]:
    """The ``chat.completion`` object for a non-streamed request."""
    message: dict[str, Any] = {
        "reasoning_content": "",
        "content": answer.content,
        "role": "assistant",
    }
    if answer.tool_calls:
        message["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": call.arguments},
            }
            for call in answer.tool_calls
        ]
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


def _chunk(chunk_id: str, choice: dict[str, Any], usage: dict[str, int] | None) -> dict[str, Any]:
    return {
        "id": chunk_id,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": MODEL,
        "choices": [choice],
        "usage": usage,
    }


def deltas(answer: Answer) -> list[dict[str, Any]]:
    """The ``delta`` of each content chunk, in order (at least one)."""
    if answer.tool_calls:
        found: list[dict[str, Any]] = []
        for index, call in enumerate(answer.tool_calls):
            head = {
                "index": index,
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": ""},
            }
            found.append({"role": "assistant", "content": "", "tool_calls": [head]})
            found.extend(
                {
                    "role": "assistant",
                    "tool_calls": [{"index": index, "function": {"arguments": piece}}],
                }
                for piece in pieces(call.arguments)
            )
        return found
    return [{"role": "assistant", "content": piece} for piece in pieces(answer.content) or [""]]


def chunks(answer: Answer) -> list[dict[str, Any]]:
    """The ``chat.completion.chunk`` objects of a streamed answer, trailing chunk included."""
    steps = deltas(answer)
    out = []
    for number, delta in enumerate(steps):
        last = number == len(steps) - 1
        choice = {
            "index": 0,
            "delta": delta,
            "finish_reason": answer.finish_reason if last else None,
        }
        out.append(
            _chunk(answer.id if number == 0 else "", choice, usage(answer) if last else None)
        )
    out.append(_chunk("", {"index": 0, "finish_reason": answer.finish_reason}, None))
    return out
