"""Decide the mock's answer to a valid request: pure and deterministic.

The same request body always gives the same answer (``stream`` aside, so a
streamed answer can be compared with the plain one), and every rule below
can be predicted by a test.

Tokens: a token is a whitespace-separated word (``str.split()``).

* ``prompt_tokens`` counts the words of the ``system`` prompt and of every
  message's text (string content, ``text`` blocks, ``tool_result`` text),
  plus one per ``image`` and per ``tool_use`` block.
* ``completion_tokens`` counts the words of the answer; a tool call counts
  as one token.

The answer, by priority:

1. If the last user message carries ``tool_result`` blocks, the answer
   quotes them (``The tool returned: <text>``; ``The tool failed: <text>``
   when ``is_error``), whatever ``tool_choice`` says, so a tool loop ends.
2. Otherwise, with ``tools``, a tool is called when ``tool_choice`` is
   ``{type: any}`` (the first tool), ``{type: tool, name}`` (that tool, if
   ``tools`` declares it), or ``{type: auto}`` / absent (the first tool
   whose name the last user text mentions, case-insensitively).
   ``{type: none}`` never calls one. The arguments are a minimal instance
   of the tool's ``input_schema`` (see ``instances.py``); a plain string
   argument takes the last capitalised word of the user's text after its
   first word ("What's the weather in Paris?" -> ``"Paris"``; none:
   ``"example"``), so demos read naturally.
3. Otherwise the answer is text made of, in order: ``(System prompt:
   <system>)`` when there is one; the quoted tool results; ``I see N
   image(s) (<media types>).`` for the images of the last user message;
   ``You said: <its text>``; or, when the message had nothing, ``Hello! How
   can I assist you today?``.

Then ``stop_sequences`` cut the text at the earliest occurrence of any of
them (``finish_reason: stop_sequence``) and ``max_tokens`` (default 512)
keeps the first that many words (``finish_reason: max_tokens``), whichever
comes first in the text, as a model generating left to right would. An
uncut answer ends with ``end_turn``; a tool call with ``tool_calls``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .instances import minimal_instance

DEFAULT_MAX_TOKENS = 512
GREETING = "Hello! How can I assist you today?"

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"\S+")
_PIECE = re.compile(r"\s*\S+|\s+")


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One tool call; ``arguments`` is the JSON text of the input."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True, slots=True)
class Answer:
    """Everything the mock says back, before it is shaped as JSON or events."""

    id: str
    content: str
    tool_calls: tuple[ToolCall, ...]
    finish_reason: str
    prompt_tokens: int
    completion_tokens: int

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def answer(request: Mapping[str, Any]) -> Answer:
    """The answer to ``request``, a body already valid under ``ChatCompletionRequest``."""
    digest = fingerprint(request)
    messages = [m for m in request.get("messages", []) if isinstance(m, Mapping)]
    last_user = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    blocks = _blocks(last_user)
    prompt = count_prompt_tokens(request)
    results = [b for b in blocks if b.get("type") == "tool_result"]

    if not results:
        said = _text_of(blocks)
        tool = choose_tool(request, said)
        if tool is not None:
            name = tool.get("name")
            call = ToolCall(
                id="toolu_" + _encode(_digest(digest, "tool", str(name))),
                name=str(name),
                arguments=_arguments(tool.get("input_schema"), said),
            )
            return Answer(f"msg_{_encode(digest)}", "", (call,), "tool_calls", prompt, 1)

    text = compose_text(request.get("system"), blocks)
    max_tokens = request.get("max_tokens", DEFAULT_MAX_TOKENS)
    stops = [s for s in request.get("stop_sequences", []) if isinstance(s, str) and s]
    content, finish_reason = cut(text, stops, max_tokens)
    return Answer(
        f"msg_{_encode(digest)}", content, (), finish_reason, prompt, len(content.split())
    )


def _arguments(input_schema: Any, said: str) -> str:
    """The JSON text of a minimal instance of the tool's schema (``{}`` if it cannot be written)."""
    # The sentence's first word is capitalised anyway: look past it.
    names = _CAPITALISED.findall(said.split(None, 1)[1] if len(said.split(None, 1)) > 1 else "")
    try:
        return json.dumps(minimal_instance(input_schema, text=names[-1] if names else None))
    except (RecursionError, ValueError, TypeError):
        return "{}"


_CAPITALISED = re.compile(r"\b[A-Z][\w-]*")


def compose_text(system: Any, blocks: Sequence[Mapping[str, Any]]) -> str:
    """The uncut text answer (rule 3 of the module docstring)."""
    sentences: list[str] = []
    for block in blocks:
        if block.get("type") == "tool_result":
            verb = "failed" if block.get("is_error") is True else "returned"
            sentences.append(f"The tool {verb}: {_result_text(block)}".rstrip())
    media = [_media_type(b) for b in blocks if b.get("type") == "image"]
    if media:
        noun = "image" if len(media) == 1 else "images"
        sentences.append(f"I see {len(media)} {noun} ({', '.join(media)}).")
    said = _text_of(blocks)
    if said:
        sentences.append(f"You said: {said}")
    if not sentences:
        sentences.append(GREETING)
    if isinstance(system, str) and system.strip():
        sentences.insert(0, f"(System prompt: {system.strip()})")
    return " ".join(sentences)


def choose_tool(request: Mapping[str, Any], user_text: str) -> Mapping[str, Any] | None:
    """The tool the answer calls, if any (rule 2 of the module docstring)."""
    tools = [t for t in request.get("tools") or [] if isinstance(t, Mapping)]
    if not tools:
        return None
    choice = request.get("tool_choice")
    kind = choice.get("type") if isinstance(choice, Mapping) else "auto"
    if kind == "any":
        return tools[0]
    if kind == "tool" and isinstance(choice, Mapping):
        return next((t for t in tools if t.get("name") == choice.get("name")), None)
    if kind == "auto":
        lowered = user_text.lower()
        return next(
            (
                t
                for t in tools
                if isinstance(n := t.get("name"), str) and n and n.lower() in lowered
            ),
            None,
        )
    return None


def cut(text: str, stops: Sequence[str], max_tokens: int) -> tuple[str, str]:
    """Apply stop sequences and the token limit; returns (text, finish_reason)."""
    limit = max(int(max_tokens), 1)
    words = list(_WORD.finditer(text))
    limit_end = words[limit - 1].end() if len(words) > limit else None
    found = [i for i in (text.find(s) for s in stops) if i >= 0]
    stop_at = min(found) if found else None
    if stop_at is not None and (limit_end is None or stop_at < limit_end):
        return text[:stop_at], "stop_sequence"
    if limit_end is not None:
        return text[:limit_end], "max_tokens"
    return text, "end_turn"


def pieces(text: str) -> list[str]:
    """Split text into stream pieces: a word with the whitespace before it."""
    return _PIECE.findall(text)


def count_prompt_tokens(request: Mapping[str, Any]) -> int:
    """The token rule applied to the request (see the module docstring)."""
    system = request.get("system")
    total = len(system.split()) if isinstance(system, str) else 0
    for message in request.get("messages", []):
        for block in _blocks(message):
            kind = block.get("type")
            if kind == "text":
                total += len(str(block.get("text", "")).split())
            elif kind in {"image", "tool_use"}:
                total += 1
            elif kind == "tool_result":
                total += len(_result_text(block).split())
                content = block.get("content")
                if isinstance(content, list):
                    total += sum(
                        1 for b in content if isinstance(b, Mapping) and b.get("type") == "image"
                    )
    return total


def fingerprint(request: Mapping[str, Any]) -> bytes:
    """A digest of the request without ``stream``: equal bodies, equal answers."""
    body = {k: v for k, v in request.items() if k != "stream"}
    try:
        text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    except (RecursionError, ValueError, TypeError):
        text = repr(sorted(body))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _digest(seed: bytes, *parts: str) -> bytes:
    hasher = hashlib.sha256(seed)
    for part in parts:
        hasher.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return hasher.digest()


def _encode(digest: bytes, length: int = 24) -> str:
    """Base62 text of a digest, as long as the service's ids (``msg_`` + 24)."""
    number = int.from_bytes(digest, "big")
    out = []
    for _ in range(length):
        number, rest = divmod(number, 62)
        out.append(_ALPHABET[rest])
    return "".join(out)


def _blocks(message: Any) -> list[Mapping[str, Any]]:
    """A message's content as blocks (a string is one ``text`` block)."""
    if not isinstance(message, Mapping):
        return []
    content = message.get("content")
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if isinstance(content, list):
        return [b for b in content if isinstance(b, Mapping)]
    return []


def _text_of(blocks: Sequence[Mapping[str, Any]]) -> str:
    texts = [str(b.get("text", "")).strip() for b in blocks if b.get("type") == "text"]
    return " ".join(t for t in texts if t)


def _result_text(block: Mapping[str, Any]) -> str:
    content = block.get("content")
    if isinstance(content, str):
        return content.strip()
    if isinstance(content, list):
        return _text_of([b for b in content if isinstance(b, Mapping)])
    return ""


def _media_type(block: Mapping[str, Any]) -> str:
    source = block.get("source")
    media = source.get("media_type") if isinstance(source, Mapping) else None
    return media if isinstance(media, str) else "unknown"
