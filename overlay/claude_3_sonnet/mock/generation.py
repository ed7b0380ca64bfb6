"""Decide the mock's answer to a valid request: pure and deterministic.

The same request body always gives the same answer (``stream`` aside, so a
streamed answer can be compared with the plain one), and every rule below
can be predicted by a test. Both request shapes the contract accepts are
understood, and the answer comes back in kind: an OpenAI-shaped request
(a ``system``/``developer``/``tool`` message, a function tool, a string
``tool_choice``) gets OpenAI finish reasons (``stop``, ``length``,
``tool_calls``), an Anthropic-shaped one the Anthropic reasons
(``end_turn``, ``stop_sequence``, ``max_tokens``, ``tool_calls``).

Tokens: a token is a whitespace-separated word (``str.split()``).

* ``prompt_tokens`` counts the words of the system prompt (``system``, and
  ``system``/``developer`` messages) and of every message's text (string
  content, ``text`` blocks, tool results), plus one per image (``image`` or
  ``image_url``) and per tool call in the history.
* ``completion_tokens`` counts the words of the answer; a tool call counts
  as one token.

The answer, by priority:

1. If the conversation ends with tool results (``tool_result`` blocks in
   the last user message, or ``role: tool`` messages after the last
   assistant turn), the answer quotes them (``The tool returned: <text>``;
   ``The tool failed: <text>`` when ``is_error``), whatever ``tool_choice``
   says, so a tool loop ends.
2. Otherwise, with ``tools``, a tool is called when ``tool_choice`` forces
   one (``{type: any}``, ``"required"``: the first tool; ``{type: tool,
   name}``, ``{type: function, function: {name}}``: that tool, if declared;
   ``allowed_tools`` with mode ``required``: the first allowed one), or is
   ``auto`` / absent and the last user text mentions the tool: its name, or
   a telling word of it (``get_weather`` is mentioned by "the weather"; see
   ``mentions``). ``none`` never calls one. The arguments are a
   minimal instance of the tool's schema (``input_schema`` or
   ``parameters``, see ``instances.py``); a plain string argument takes
   the last capitalised word of the user's text after its first word
   ("What's the weather in Paris?" -> ``"Paris"``; none: ``"example"``).
3. Otherwise the answer is text made of, in order: ``(System prompt:
   <system>)`` when there is one; the quoted tool results; ``I see N
   image(s) (<media types>).`` for the images of the last user message;
   ``You said: <its text>``; or, when the message had nothing, ``Hello! How
   can I assist you today?``.

Then the stop sequences (``stop_sequences`` or ``stop``) cut the text at
the earliest occurrence of any of them and the token limit
(``max_tokens``, else ``max_completion_tokens``, default 512) keeps the
first that many words, whichever comes first in the text, as a model
generating left to right would.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .instances import minimal_instance

DEFAULT_MAX_TOKENS = 512
GREETING = "Hello! How can I assist you today?"
OPENAI_ROLES = frozenset({"system", "developer", "tool"})

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"\S+")
_PIECE = re.compile(r"\s*\S+|\s+")

Shape = Literal["anthropic", "openai"]

FINISH_REASONS: dict[Shape, dict[str, str]] = {
    "anthropic": {"end": "end_turn", "stop": "stop_sequence", "length": "max_tokens"},
    "openai": {"end": "stop", "stop": "stop", "length": "length"},
}


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
    reasoning: str = ""
    """Reasoning text, streamed before the answer (the real Claude 3 Sonnet sends none)."""

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def shape_of(request: Mapping[str, Any]) -> Shape:
    """The request's shape: OpenAI if any part of it is, else Anthropic."""
    choice = request.get("tool_choice")
    if isinstance(choice, str) or (
        isinstance(choice, Mapping)
        and choice.get("type") in ("function", "custom", "allowed_tools")
    ):
        return "openai"
    for tool in _list(request.get("tools")):
        if isinstance(tool, Mapping) and "type" in tool:
            return "openai"
    for message in _messages(request):
        if message.get("role") in OPENAI_ROLES or message.get("tool_calls"):
            return "openai"
        if any(b.get("type") in ("image_url", "file") for b in _blocks(message)):
            return "openai"
    if any(k in request for k in ("stop", "max_completion_tokens", "stream_options")):
        return "openai"
    return "anthropic"


def answer(request: Mapping[str, Any]) -> Answer:
    """The answer to ``request``, a body already valid under ``ChatCompletionRequest``."""
    digest = fingerprint(request)
    shape = shape_of(request)
    messages = _messages(request)
    last_user = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    blocks = _blocks(last_user)
    results = tool_results(messages)
    prompt = count_prompt_tokens(request)

    if not results:
        said = _text_of(blocks)
        tool = choose_tool(request, said)
        if tool is not None:
            name, schema = tool
            call = ToolCall(
                id=("call_" if shape == "openai" else "toolu_")
                + _encode(_digest(digest, "tool", name)),
                name=name,
                arguments=_arguments(schema, said),
            )
            return Answer(f"msg_{_encode(digest)}", "", (call,), "tool_calls", prompt, 1)

    if results and messages and messages[-1].get("role") == "tool":
        blocks = []  # the user's question came before the call; the answer is about the results
    text = compose_text(system_prompt(request), blocks, results)
    content, ending = cut(text, stop_sequences(request), max_tokens(request))
    return Answer(
        f"msg_{_encode(digest)}",
        content,
        (),
        FINISH_REASONS[shape][ending],
        prompt,
        len(content.split()),
    )


def _list(value: Any) -> list[Any]:
    """``value`` if it is a JSON array, else nothing to iterate.

    The contract leaves some messages open, so a field the mock reads (a
    user message's ``tool_calls``, say) can hold any JSON value.
    """
    return value if isinstance(value, list) else []


def _messages(request: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [m for m in _list(request.get("messages")) if isinstance(m, Mapping)]


def system_prompt(request: Mapping[str, Any]) -> str:
    """The top-level ``system`` and every ``system``/``developer`` message's text, joined."""
    parts = []
    system = request.get("system")
    if isinstance(system, str) and system.strip():
        parts.append(system.strip())
    for message in _messages(request):
        if message.get("role") in ("system", "developer"):
            text = _text_of(_blocks(message))
            if text:
                parts.append(text)
    return " ".join(parts)


def tool_results(messages: Sequence[Mapping[str, Any]]) -> list[tuple[str, bool]]:
    """The results the conversation ends with, as (text, is_error)."""
    trailing_tools = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        trailing_tools.append((_content_text(message.get("content")), False))
    if trailing_tools:
        return list(reversed(trailing_tools))
    last_user = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    if last_user is None or (messages and messages[-1] is not last_user):
        return []
    return [
        (_result_text(b), b.get("is_error") is True)
        for b in _blocks(last_user)
        if b.get("type") == "tool_result"
    ]


def stop_sequences(request: Mapping[str, Any]) -> list[str]:
    stops: Any = request.get("stop_sequences")
    if stops is None:
        stops = request.get("stop")
    if isinstance(stops, str):
        stops = [stops]
    return [s for s in stops or [] if isinstance(s, str) and s]


def max_tokens(request: Mapping[str, Any]) -> int:
    for key in ("max_tokens", "max_completion_tokens"):
        value = request.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return DEFAULT_MAX_TOKENS


def _arguments(input_schema: Any, said: str) -> str:
    """The JSON text of a minimal instance of the tool's schema (``{}`` if it cannot be written)."""
    # The sentence's first word is capitalised anyway: look past it.
    names = _CAPITALISED.findall(said.split(None, 1)[1] if len(said.split(None, 1)) > 1 else "")
    try:
        return json.dumps(minimal_instance(input_schema, text=names[-1] if names else None))
    except (RecursionError, ValueError, TypeError):
        return "{}"


_CAPITALISED = re.compile(r"\b[A-Z][\w-]*")


def compose_text(
    system: str, blocks: Sequence[Mapping[str, Any]], results: Sequence[tuple[str, bool]]
) -> str:
    """The uncut text answer (rule 3 of the module docstring)."""
    sentences: list[str] = []
    for text, is_error in results:
        verb = "failed" if is_error else "returned"
        sentences.append(f"The tool {verb}: {text}".rstrip())
    media = [_media_type(b) for b in blocks if b.get("type") in ("image", "image_url")]
    if media:
        noun = "image" if len(media) == 1 else "images"
        sentences.append(f"I see {len(media)} {noun} ({', '.join(media)}).")
    said = _text_of(blocks)
    if said:
        sentences.append(f"You said: {said}")
    if not sentences:
        sentences.append(GREETING)
    if system:
        sentences.insert(0, f"(System prompt: {system})")
    return " ".join(sentences)


def _tools(request: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(name, input schema) of every declared tool, in either shape."""
    found = []
    for tool in _list(request.get("tools")):
        if not isinstance(tool, Mapping):
            continue
        function = tool.get("function")
        if tool.get("type") == "function" and isinstance(function, Mapping):
            name, schema = function.get("name"), function.get("parameters", {"type": "object"})
        elif "type" not in tool:
            name, schema = tool.get("name"), tool.get("input_schema")
        else:
            continue  # custom and provider tools: the mock never calls them
        if isinstance(name, str) and name:
            found.append((name, schema))
    return found


def choose_tool(request: Mapping[str, Any], user_text: str) -> tuple[str, Any] | None:
    """The tool the answer calls, if any (rule 2 of the module docstring)."""
    tools = _tools(request)
    if not tools:
        return None
    choice = request.get("tool_choice")
    if isinstance(choice, str):
        kind = {"required": "any"}.get(choice, choice)
    elif isinstance(choice, Mapping):
        kind = str(choice.get("type"))
    else:
        kind = "auto"
    if kind == "any":
        return tools[0]
    if kind in ("tool", "function") and isinstance(choice, Mapping):
        function = choice.get("function")
        wanted = function.get("name") if isinstance(function, Mapping) else choice.get("name")
        return next((t for t in tools if t[0] == wanted), None)
    if kind == "allowed_tools" and isinstance(choice, Mapping):
        allowed = choice.get("allowed_tools")
        names = {
            (t.get("function") or {}).get("name") or t.get("name")
            for t in (_list(allowed.get("tools")) if isinstance(allowed, Mapping) else [])
            if isinstance(t, Mapping)
        }
        candidates = [t for t in tools if t[0] in names]
        mode = allowed.get("mode") if isinstance(allowed, Mapping) else None
        if mode == "required":
            return candidates[0] if candidates else None
        tools, kind = candidates, "auto"
    if kind == "auto":
        return next((t for t in tools if mentions(user_text, t[0])), None)
    return None


_FILLER = frozenset({"get", "set", "fetch", "find", "do", "run", "call", "make", "tool", "the"})


def mentions(text: str, name: str) -> bool:
    """Does the user's text name the tool, or a telling word of its name?

    ``get_weather`` is mentioned by "get_weather" and by "What's the weather?";
    verbs such as "get" and words under three letters do not count.
    """
    lowered = text.lower()
    if name.lower() in lowered:
        return True
    words = set(re.findall(r"[a-z0-9]+", lowered))
    parts = {p for p in re.split(r"[^a-z0-9]+", name.lower()) if len(p) >= 3}
    return bool((parts - _FILLER) & words)


def cut(text: str, stops: Sequence[str], max_tokens: int) -> tuple[str, str]:
    """Apply stop sequences and the token limit; returns (text, "end"|"stop"|"length")."""
    limit = max(int(max_tokens), 1)
    words = list(_WORD.finditer(text))
    limit_end = words[limit - 1].end() if len(words) > limit else None
    found = [i for i in (text.find(s) for s in stops) if i >= 0]
    stop_at = min(found) if found else None
    if stop_at is not None and (limit_end is None or stop_at < limit_end):
        return text[:stop_at], "stop"
    if limit_end is not None:
        return text[:limit_end], "length"
    return text, "end"


def pieces(text: str) -> list[str]:
    """Split text into stream pieces: a word with the whitespace before it."""
    return _PIECE.findall(text)


def count_prompt_tokens(request: Mapping[str, Any]) -> int:
    """The token rule applied to the request (see the module docstring)."""
    system = request.get("system")
    total = len(system.split()) if isinstance(system, str) else 0
    for message in _messages(request):
        for call in _list(message.get("tool_calls")):
            if isinstance(call, Mapping):
                total += 1
        for block in _blocks(message):
            kind = block.get("type")
            if kind == "text":
                total += len(str(block.get("text", "")).split())
            elif kind in {"image", "image_url", "tool_use"}:
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
    """A digest of the request without ``stream`` options: equal bodies, equal answers."""
    body = {k: v for k, v in request.items() if k not in ("stream", "stream_options")}
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


def derived_id(prefix: str, seed: bytes, *parts: str) -> str:
    """``prefix`` and 24 base-62 characters drawn from ``seed`` and ``parts`` (ids of answers)."""
    return prefix + _encode(_digest(seed, *parts))


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


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content.strip()
    if isinstance(content, list):
        return _text_of([b for b in content if isinstance(b, Mapping)])
    return ""


def _result_text(block: Mapping[str, Any]) -> str:
    return _content_text(block.get("content"))


def _media_type(block: Mapping[str, Any]) -> str:
    if block.get("type") == "image_url":
        image_url = block.get("image_url")
        url = image_url.get("url") if isinstance(image_url, Mapping) else None
        if isinstance(url, str) and url.startswith("data:"):
            return url[5:].split(";", 1)[0].split(",", 1)[0] or "unknown"
        return "url"
    source = block.get("source")
    media = source.get("media_type") if isinstance(source, Mapping) else None
    return media if isinstance(media, str) else "unknown"
