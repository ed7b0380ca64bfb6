"""Shapes callers pass in, and small views of what comes back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

from claude_3_sonnet_client.models import ChatCompletion, Message

MessageParam: TypeAlias = Mapping[str, Any] | Message
"""A message as a plain dict (``{"role": "user", "content": "Hi"}``) or a generated ``Message``."""


def ask_messages(prompt: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": prompt}]


def completion_text(completion: ChatCompletion) -> str:
    """The first choice's text ("" when the model only called tools)."""
    if not completion.choices:
        return ""
    content = completion.choices[0].message.content
    return content if isinstance(content, str) else ""


def refuse_stream(method: str, params: Mapping[str, Any]) -> None:
    """``ask()`` never streams and ``stream()`` always does: a ``stream=`` argument is a mistake."""
    if "stream" in params:
        hint = "use chat.completions.stream() to stream" if method == "ask" else "it always streams"
        raise TypeError(f"{method}() takes no 'stream' argument ({hint})")
