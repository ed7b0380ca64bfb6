"""A multi-turn chat that keeps its own history: ``Conversation`` and ``AsyncConversation``.

The service is stateless: every call must carry the whole conversation, in
alternating ``user`` / ``assistant`` turns. Keeping that list by hand invites
two bugs this class rules out: a failed call that leaves a dangling user
turn (the next call then has two user turns in a row, or a question the
model never answered), and a streamed reply that is shown but never stored.
Here a turn pair is stored only once the reply is complete.

The history is plain request-format data, so ``to_json`` / ``from_json``
save and resume a conversation across processes.

::

    chat = Conversation(client, system="Be brief.")
    chat.send("My name is Ada.")
    for piece in chat.stream("What is my name?"):
        print(piece, end="", flush=True)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any

from claude_3_sonnet_client.models import ChatCompletion

from ._async_client import AsyncClaude3Sonnet
from ._client import Claude3Sonnet
from ._params import completion_text
from ._request import request_fields, to_json
from .images import ImageInput, user_message

__all__ = ["AsyncConversation", "Conversation"]

FORMAT = "claude-3-sonnet/conversation"
VERSION = 1
RESERVED = frozenset({"messages", "stream", "system"})

Images = Iterable[ImageInput | Mapping[str, Any]] | None


class _History:
    """What both conversation classes share: settings, turns, and their JSON form. No I/O."""

    def __init__(self, system: str | None, params: Mapping[str, Any]) -> None:
        unknown = sorted((params.keys() - request_fields()) | (params.keys() & RESERVED))
        if unknown:
            raise TypeError(
                f"a conversation cannot take {', '.join(map(repr, unknown))}: pass request "
                "fields such as model, max_tokens or temperature (the history is its own)"
            )
        self.system = system
        self.params: dict[str, Any] = to_json(dict(params))
        self._messages: list[dict[str, Any]] = []
        self.last_completion: ChatCompletion | None = None

    @property
    def messages(self) -> list[dict[str, Any]]:
        """A copy of the history, in request format."""
        return list(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    def _request(self, turn: dict[str, Any]) -> dict[str, Any]:
        """Keyword arguments for ``create``: settings, history, and the new turn."""
        return {**self.params, "system": self.system, "messages": [*self._messages, turn]}

    def _commit(self, turn: dict[str, Any], completion: ChatCompletion) -> str:
        """Store a finished exchange; returns the reply text."""
        reply = completion_text(completion)
        self._messages += [turn, {"role": "assistant", "content": reply}]
        self.last_completion = completion
        return reply

    def to_json(self) -> str:
        """The system prompt, settings and history as JSON (for ``from_json``)."""
        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "system": self.system,
                "params": self.params,
                "messages": self._messages,
            },
            ensure_ascii=False,
        )

    @staticmethod
    def _load(text: str) -> tuple[str | None, dict[str, Any], list[dict[str, Any]]]:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"not a saved conversation: invalid JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a saved conversation (expected format {FORMAT!r})")
        if data.get("version") != VERSION:
            raise ValueError(f"unsupported conversation version {data.get('version')!r}")
        system, params, messages = data.get("system"), data.get("params"), data.get("messages")
        if not (system is None or isinstance(system, str)) or not isinstance(params, dict):
            raise ValueError("a saved conversation needs a string system and a params object")
        if not isinstance(messages, list) or not all(
            isinstance(m, dict) and m.get("role") in ("user", "assistant") for m in messages
        ):
            raise ValueError("a saved conversation's messages must be user or assistant turns")
        return system, params, messages


class Conversation(_History):
    """A chat with Claude 3 Sonnet that remembers what was said.

    ``params`` are request fields used for every turn (``model``,
    ``max_tokens``, ``temperature``, ...).
    """

    def __init__(self, client: Claude3Sonnet, system: str | None = None, **params: Any) -> None:
        super().__init__(system, params)
        self.client = client

    def send(self, text: str, images: Images = None) -> str:
        """Ask, wait for the whole reply, return its text. A failed call changes nothing."""
        turn = user_message(text, images)
        completion = self.client.chat.completions.create(**self._request(turn))
        return self._commit(turn, completion)

    def stream(self, text: str, images: Images = None) -> Iterator[str]:
        """Ask, and yield the reply's text as it arrives.

        The exchange is stored when the stream ends. If it breaks, nothing is
        stored and the error's ``partial_text`` holds what arrived; if you
        stop iterating early, nothing is stored either.
        """
        turn = user_message(text, images)  # a bad image fails here, not on first next()
        return self._stream(turn)

    def _stream(self, turn: dict[str, Any]) -> Iterator[str]:
        with self.client.chat.completions.create(stream=True, **self._request(turn)) as stream:
            yield from stream.text_stream
            completion = stream.get_final_completion()
        self._commit(turn, completion)

    @classmethod
    def from_json(cls, client: Claude3Sonnet, text: str) -> Conversation:
        """Resume a conversation saved with ``to_json``."""
        system, params, messages = cls._load(text)
        conversation = cls(client, system, **params)
        conversation._messages = messages
        return conversation


class AsyncConversation(_History):
    """``Conversation`` for ``AsyncClaude3Sonnet``: ``await send(...)``, ``async for`` ``stream``."""

    def __init__(
        self, client: AsyncClaude3Sonnet, system: str | None = None, **params: Any
    ) -> None:
        super().__init__(system, params)
        self.client = client

    async def send(self, text: str, images: Images = None) -> str:
        """Ask, wait for the whole reply, return its text. A failed call changes nothing."""
        turn = user_message(text, images)
        completion = await self.client.chat.completions.create(**self._request(turn))
        return self._commit(turn, completion)

    def stream(self, text: str, images: Images = None) -> AsyncIterator[str]:
        """Ask, and yield the reply's text as it arrives (stored when the stream ends)."""
        turn = user_message(text, images)
        return self._stream(turn)

    async def _stream(self, turn: dict[str, Any]) -> AsyncIterator[str]:
        stream = await self.client.chat.completions.create(stream=True, **self._request(turn))
        async with stream:
            async for piece in stream.text_stream:
                yield piece
            completion = await stream.get_final_completion()
        self._commit(turn, completion)

    @classmethod
    def from_json(cls, client: AsyncClaude3Sonnet, text: str) -> AsyncConversation:
        """Resume a conversation saved with ``to_json``."""
        system, params, messages = cls._load(text)
        conversation = cls(client, system, **params)
        conversation._messages = messages
        return conversation
