"""Assemble a streamed answer into the completion the same answer would have been. Pure.

The merge is generic, so a field the service starts streaming tomorrow is
kept without a change here:

* chunk level: ``id`` is the first non-empty one (only the first chunk has
  it), every other field the last non-null value (``usage``, ``meta``,
  ``model``, fields no schema lists, ...); ``object`` becomes
  ``chat.completion``;
* one choice per ``index``; its ``delta`` pieces merge into ``message``:
  text fields concatenate (``content``, ``reasoning_content``, ``refusal``,
  any other string) except ``role``, which repeats; lists concatenate,
  objects merge the same way, other values are the last non-null one;
* ``tool_calls`` pieces merge by their ``index``: ``function.arguments``
  concatenates, ``id``, ``type`` and ``function.name`` are the first
  non-empty values;
* choice-level fields merge like chunk-level ones, except ``logprobs``,
  whose token lists concatenate like a delta's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_FIRST_WINS = frozenset({"id", "type", "name"})
"""Tool-call fields sent once, on a call's first piece."""
_LAST_WINS = frozenset({"role"})
"""Delta text fields that repeat rather than continue (``role`` comes with every chunk)."""


class _Text(list[str]):
    """A string still arriving in pieces, joined once by :meth:`Assembler.completion`.

    Joining as it arrives would copy all the text so far for every chunk.
    """


def _append_text(target: dict[str, Any], key: str, value: str) -> None:
    before = target.get(key)
    if isinstance(before, _Text):
        before.append(value)
    elif isinstance(before, str):
        target[key] = _Text([before, value])
    else:
        target[key] = value


def _finished(value: Any) -> Any:
    """``value`` with every :class:`_Text` joined (a copy: the assembler keeps going)."""
    if isinstance(value, _Text):
        return "".join(value)
    if isinstance(value, dict):
        return {key: _finished(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finished(item) for item in value]
    return value


def _merge(target: dict[str, Any], piece: Mapping[str, Any]) -> None:
    """Merge one delta-like object into ``target`` (strings and lists concatenate)."""
    for key, value in piece.items():
        if value is None:
            target.setdefault(key, None)
            continue
        before = target.get(key)
        if isinstance(value, str):
            if key in _LAST_WINS:
                target[key] = value
            else:
                _append_text(target, key, value)
        elif isinstance(value, list):
            if key == "tool_calls":
                calls = target.get(key)
                if not isinstance(calls, dict):
                    calls = {}
                    target[key] = calls
                _merge_tool_calls(calls, value)
            elif isinstance(before, list):
                before.extend(value)  # a list the assembler made: its own
            else:
                target[key] = list(value)
        elif isinstance(value, dict):
            if not isinstance(before, dict):
                before = {}
                target[key] = before
            _merge(before, value)
        else:
            target[key] = value


def _merge_tool_calls(calls: dict[int, dict[str, Any]], pieces: list[Any]) -> None:
    for position, piece in enumerate(pieces):
        if not isinstance(piece, Mapping):
            continue
        index = piece.get("index")
        key = index if isinstance(index, int) and not isinstance(index, bool) else position
        call = calls.setdefault(key, {})
        for name, value in piece.items():
            if name == "index" or value is None:
                continue
            if name == "function" and isinstance(value, Mapping):
                function = call.setdefault("function", {})
                for fname, fvalue in value.items():
                    if fvalue is None:
                        continue
                    if fname == "arguments" and isinstance(fvalue, str):
                        _append_text(function, fname, fvalue)
                    elif fname in _FIRST_WINS and function.get(fname):
                        continue
                    else:
                        function[fname] = fvalue
            elif name in _FIRST_WINS and call.get(name):
                continue
            else:
                call[name] = value


class Assembler:
    """Accumulates chunk objects (decoded JSON) and builds the completion object."""

    def __init__(self) -> None:
        self._top: dict[str, Any] = {}
        self._choices: dict[int, dict[str, Any]] = {}

    def add(self, chunk: Mapping[str, Any]) -> None:
        top = self._top
        for key, value in chunk.items():
            if key == "choices":
                if isinstance(value, list):
                    for choice in value:
                        if isinstance(choice, Mapping):
                            self._add_choice(choice)
            elif key == "id":
                if value and not top.get("id"):
                    top["id"] = value
            elif value is not None or key not in top:
                top[key] = value

    def _add_choice(self, choice: Mapping[str, Any]) -> None:
        index = choice.get("index", 0)
        if not isinstance(index, int) or isinstance(index, bool):
            index = 0
        target = self._choices.get(index)
        if target is None:
            target = self._choices[index] = {"index": index, "message": {}}
        for key, value in choice.items():
            if key == "delta":
                if isinstance(value, Mapping):
                    _merge(target["message"], value)
            elif key == "logprobs":
                if isinstance(value, Mapping):
                    before = target.get("logprobs")
                    merged: dict[str, Any] = before if isinstance(before, dict) else {}
                    _merge(merged, value)
                    target["logprobs"] = merged
                else:
                    target.setdefault("logprobs", value)
            elif key != "index" and (value is not None or key not in target):
                target[key] = value

    def completion(self) -> dict[str, Any]:
        """The completion object (as decoded JSON) of everything added so far."""
        top: dict[str, Any] = _finished(self._top)
        top.setdefault("id", "")
        top["object"] = "chat.completion"
        choices = []
        for index in sorted(self._choices):
            choice = _finished(self._choices[index])
            message = choice["message"]
            message.setdefault("role", "assistant")
            calls = message.get("tool_calls")
            if isinstance(calls, dict):
                message["tool_calls"] = [calls[k] for k in sorted(calls)]
            choice["message"] = message
            choice.setdefault("finish_reason", None)
            choices.append(choice)
        top["choices"] = choices
        return top
