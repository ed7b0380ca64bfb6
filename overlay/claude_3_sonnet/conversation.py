"""A multi-turn chat that keeps its own history: ``Conversation`` and ``AsyncConversation``.

The service is stateless: every call must carry the whole conversation, in
alternating ``user`` / ``assistant`` turns. Keeping that list by hand invites
two bugs this class rules out: a failed call that leaves a dangling user
turn (the next call then has two user turns in a row, or a question the
model never answered), and a streamed reply that is shown but never stored.
Here a turn pair is stored only once the reply is complete.

The history is plain request-format data, so ``to_json`` / ``from_json``
save and resume a conversation across processes.

A conversation is text only: every stored assistant turn is the reply's
text, and the service rejects an empty assistant turn in the history. So
``tools`` / ``tool_choice`` are refused (tool use is
``client.chat.completions.run_tools``), and a reply with tool calls or
without text (a stop sequence at its very start, say) raises
:class:`ConversationError` and is not stored; the error's ``completion``
holds it.

::

    chat = Conversation(client, system="Be brief.")
    chat.send("My name is Ada.")
    for piece in chat.stream("What is my name?"):
        print(piece, end="", flush=True)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from claude_3_sonnet_client.models import ChatCompletion
from claude_3_sonnet_client.params import UserMessageParam

from .core.config import DEFAULT_MODEL
from .core.contract import REQUEST_SCHEMA, request_fields
from .core.errors import ConversationError, RequestValidationError
from .core.request import plain
from .core.tool_loop import text_of
from .core.validation import violations
from .images import Images, user_message
from .transport.async_client import AsyncClaude3Sonnet
from .transport.sync_client import Claude3Sonnet

__all__ = ["AsyncConversation", "Conversation", "ConversationError"]

FORMAT = "claude-3-sonnet/conversation"
VERSION = 1
RESERVED = frozenset({"messages", "stream", "system"})
TOOL_FIELDS = frozenset({"tools", "tool_choice"})
ROLES = ("user", "assistant")


def _params_problem(params: Mapping[str, Any]) -> str | None:
    """Why ``params`` cannot be a conversation's settings, or ``None``."""
    tools = sorted(params.keys() & TOOL_FIELDS)
    if tools:
        return (
            f"a conversation cannot take {', '.join(map(repr, tools))}: it keeps text replies "
            "only; for tool use call client.chat.completions.run_tools(messages=..., tools=...)"
        )
    unknown = sorted((params.keys() - request_fields()) | (params.keys() & RESERVED))
    if unknown:
        return (
            f"a conversation cannot take {', '.join(map(repr, unknown))}: pass request "
            "fields such as model, max_tokens or temperature (the history is its own)"
        )
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class _History:
    """What both conversation classes share: settings, turns, and their JSON form. No I/O."""

    def __init__(self, system: str | None, params: Mapping[str, Any]) -> None:
        problem = _params_problem(params)
        if problem is not None:
            raise TypeError(problem)
        self.system = system
        self.params: dict[str, Any] = plain(dict(params))
        self._messages: list[dict[str, Any]] = []
        self.last_completion: ChatCompletion | None = None

    @property
    def messages(self) -> list[dict[str, Any]]:
        """A copy of the history, in request format."""
        return list(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    def _request(self, turn: UserMessageParam) -> dict[str, Any]:
        """Keyword arguments for ``create``: settings, history, and the new turn."""
        return {**self.params, "system": self.system, "messages": [*self._messages, turn]}

    def _commit(self, turn: UserMessageParam, completion: ChatCompletion) -> str:
        """Store a finished exchange; returns the reply text.

        Raises :class:`ConversationError`, storing nothing, for a reply that
        calls tools or has no text: kept, it would break every later request.
        """
        reply = text_of(completion) or ""
        message = completion.choices[0].message if completion.choices else None
        calls = message.tool_calls if message is not None else None
        if isinstance(calls, list) and calls:
            names = ", ".join(sorted({call.function.name for call in calls}))
            raise ConversationError(
                f"the reply calls tools ({names}) instead of answering; a conversation keeps "
                "text replies only, so this turn was not stored (for tool use call "
                "client.chat.completions.run_tools)",
                completion,
            )
        if not reply.strip():
            reason = completion.choices[0].finish_reason if completion.choices else None
            raise ConversationError(
                f"the reply has no text (finish_reason {reason!r}); the service refuses an "
                "empty assistant turn in the history, so this turn was not stored",
                completion,
            )
        self._messages += [dict(turn), {"role": "assistant", "content": reply}]
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
    def _load(text: Any) -> tuple[str | None, dict[str, Any], list[dict[str, Any]]]:
        """Check saved JSON thoroughly: what it holds is sent again as it is."""
        if not isinstance(text, str):  # a ValueError like every other bad input here
            raise ValueError(  # noqa: TRY004
                f"not a saved conversation: expected the str from to_json(), "
                f"got {type(text).__name__}"
            )
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except RecursionError:
            raise ValueError("not a saved conversation: the JSON is nested too deeply") from None
        except ValueError as exc:
            raise ValueError(f"not a saved conversation: invalid JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a saved conversation (expected format {FORMAT!r})")
        version = data.get("version")
        if type(version) is not int or version != VERSION:
            raise ValueError(f"unsupported conversation version {version!r} (expected {VERSION})")
        system, params, messages = data.get("system"), data.get("params"), data.get("messages")
        if not (system is None or isinstance(system, str)) or not isinstance(params, dict):
            raise ValueError("a saved conversation needs a string system and a params object")
        problem = _params_problem(params)
        if problem is not None:
            raise ValueError(f"a saved conversation's params are not valid: {problem}")
        messages = _check_messages(messages)
        body = {"model": DEFAULT_MODEL, **params, "messages": messages}
        if system is not None:
            body["system"] = system
        try:
            problems = violations(body, REQUEST_SCHEMA)
        except RecursionError:
            raise ValueError("a saved conversation is nested too deeply") from None
        if problems:
            raise ValueError(
                "a saved conversation does not make a valid request: "
                + "; ".join(str(p) for p in problems[:5])
            )
        return system, params, messages


def _check_messages(messages: Any) -> list[dict[str, Any]]:
    """Turn pairs, as ``to_json`` writes them: a user turn, then a non-empty assistant one."""
    if not isinstance(messages, list) or not all(
        isinstance(m, dict) and m.get("role") in ROLES and isinstance(m.get("content"), str | list)
        for m in messages
    ):
        raise ValueError(
            "a saved conversation's messages must be user or assistant turns "
            "({'role': 'user' | 'assistant', 'content': a string or a list of blocks})"
        )
    for index, message in enumerate(messages):
        expected = ROLES[index % 2]
        if message["role"] != expected:
            raise ValueError(
                f"a saved conversation's messages must alternate user and assistant turns, "
                f"starting with user: messages[{index}] should be {expected!r}"
            )
        content = message["content"]
        if expected == "assistant" and not (
            content.strip() if isinstance(content, str) else content
        ):
            raise ValueError(f"a saved conversation's messages[{index}] is an empty assistant turn")
    if len(messages) % 2:
        raise ValueError("a saved conversation's last message must be an assistant reply")
    return messages


class Conversation(_History):
    """A chat with Claude 3 Sonnet that remembers what was said.

    ``params`` are request fields used for every turn (``model``,
    ``max_tokens``, ``temperature``, ...), except ``tools`` and
    ``tool_choice`` (a ``TypeError``: tool use is
    ``client.chat.completions.run_tools``).

    A turn is stored only once its reply is complete and has text. A reply
    with tool calls or without text raises :class:`ConversationError`
    (``.completion`` holds it) and leaves the history as it was, as does a
    failed call, a broken stream or one you stop reading.
    """

    def __init__(self, client: Claude3Sonnet, system: str | None = None, **params: Any) -> None:
        super().__init__(system, params)
        self.client = client

    def send(self, text: str, images: Images | None = None) -> str:
        """Ask, wait for the whole reply, return its text. A failed call changes nothing."""
        turn = user_message(text, images)
        completion = self.client.chat.completions.create(**self._request(turn))
        return self._commit(turn, completion)

    def stream(self, text: str, images: Images | None = None) -> Iterator[str]:
        """Ask, and yield the reply's text as it arrives.

        The exchange is stored when the stream ends. If it breaks, nothing is
        stored and the error's ``partial_text`` holds what arrived; if you
        stop iterating early, nothing is stored either.
        """
        turn = user_message(text, images)  # a bad image fails here, not on first next()
        return self._stream(turn)

    def _stream(self, turn: UserMessageParam) -> Iterator[str]:
        with self.client.chat.completions.create(stream=True, **self._request(turn)) as stream:
            yield from stream.text_stream
            completion = stream.get_final_completion()
        self._commit(turn, completion)

    @classmethod
    def from_json(cls, client: Claude3Sonnet, text: str) -> Conversation:
        """Resume a conversation saved with ``to_json``.

        Raises ``ValueError`` saying what is wrong if ``text`` is not such a
        conversation (not JSON, another format or version, unknown settings,
        messages that are not alternating user / assistant turns or that
        break the contract).
        """
        system, params, messages = cls._load(text)
        try:
            conversation = cls(client, system, **params)
        except RequestValidationError as exc:  # e.g. params nested past what a request may carry
            problem = f"a saved conversation's params are not valid: {exc.violations[0]}"
        else:
            conversation._messages = messages
            return conversation
        raise ValueError(problem)


class AsyncConversation(_History):
    """``Conversation`` for ``AsyncClaude3Sonnet``: ``await send(...)``, ``async for`` ``stream``."""

    def __init__(
        self, client: AsyncClaude3Sonnet, system: str | None = None, **params: Any
    ) -> None:
        super().__init__(system, params)
        self.client = client

    async def send(self, text: str, images: Images | None = None) -> str:
        """Ask, wait for the whole reply, return its text. A failed call changes nothing."""
        turn = user_message(text, images)
        completion = await self.client.chat.completions.create(**self._request(turn))
        return self._commit(turn, completion)

    def stream(self, text: str, images: Images | None = None) -> AsyncIterator[str]:
        """Ask, and yield the reply's text as it arrives (stored when the stream ends)."""
        turn = user_message(text, images)
        return self._stream(turn)

    async def _stream(self, turn: UserMessageParam) -> AsyncIterator[str]:
        stream = await self.client.chat.completions.create(stream=True, **self._request(turn))
        async with stream:
            async for piece in stream.text_stream:
                yield piece
            completion = await stream.get_final_completion()
        self._commit(turn, completion)

    @classmethod
    def from_json(cls, client: AsyncClaude3Sonnet, text: str) -> AsyncConversation:
        """Resume a conversation saved with ``to_json`` (checked as ``Conversation.from_json``)."""
        system, params, messages = cls._load(text)
        try:
            conversation = cls(client, system, **params)
        except RequestValidationError as exc:  # e.g. params nested past what a request may carry
            problem = f"a saved conversation's params are not valid: {exc.violations[0]}"
        else:
            conversation._messages = messages
            return conversation
        raise ValueError(problem)
