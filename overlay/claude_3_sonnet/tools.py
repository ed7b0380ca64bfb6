"""Let the model call plain Python functions: ``run_tools`` and its async twin.

A tool round trip has fiddly rules that are easy to get subtly wrong by
hand: the service reports calls OpenAI-style (``tool_calls`` with JSON-text
``arguments``) but wants them back Anthropic-style (``tool_use`` blocks in
the assistant turn, then ``tool_result`` blocks in a user turn); bad
arguments, an unknown tool or a failing function must go back to the model
as an ``is_error`` result rather than crash the program; and a loop needs a
limit. This module does all of it.

Everything that decides something is a pure function (``tool_calls_of``,
``assistant_turn``, ``prepare``, ``result_block``, ...) or the I/O-free
``ToolLoop`` state; ``run_tools`` and ``async_run_tools`` only send requests
and call functions, so the two cannot drift apart.

::

    def get_weather(city: str) -> str:
        \"\"\"Current weather for a city.\"\"\"
        return f"18 C and sunny in {city}"

    run = client.chat.completions.run_tools(
        messages=[{"role": "user", "content": "Weather in Paris?"}], tools=[get_weather]
    )
    print(run.text)
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias

import attrs

from claude_3_sonnet_client.models import ChatCompletion, ToolCall

from ._async_client import AsyncClaude3Sonnet
from ._client import Claude3Sonnet
from ._errors import APIError
from ._params import MessageParam, completion_text
from ._request import to_json
from .tool_schema import (
    FunctionTool,
    ToolArgumentsError,
    ToolDefinitionError,
    function_tool,
    tool_definition,
)

__all__ = [
    "FunctionTool",
    "Invocation",
    "ToolArgumentsError",
    "ToolDefinitionError",
    "ToolLike",
    "ToolLoop",
    "ToolLoopError",
    "ToolRun",
    "assistant_turn",
    "async_execute",
    "async_run_tools",
    "error_block",
    "execute",
    "function_tool",
    "prepare",
    "result_block",
    "run_tools",
    "tool_calls_of",
    "tool_definition",
]

ToolLike: TypeAlias = Callable[..., Any] | FunctionTool
"""A plain function, or a ``FunctionTool`` (to override its name or description)."""

Registry: TypeAlias = Mapping[str, FunctionTool]
FORCING_CHOICES = frozenset({"any", "tool"})


class ToolLoopError(APIError):
    """The model still asked for tools after ``max_rounds`` calls.

    ``messages`` is the history so far (valid to send again: it ends before
    the unanswered tool calls), ``completion`` the last answer, with those
    calls, and ``rounds`` the number of model calls made.
    """

    def __init__(
        self,
        message: str,
        *,
        messages: list[dict[str, Any]],
        completion: ChatCompletion,
        rounds: int,
    ) -> None:
        super().__init__(message)
        self.messages = messages
        self.completion = completion
        self.rounds = rounds


@attrs.frozen
class ToolRun:
    """The outcome of ``run_tools``."""

    completion: ChatCompletion
    """The model's final answer (the one without tool calls)."""
    messages: list[dict[str, Any]]
    """The whole exchange in request format: pass it back to continue the conversation."""
    rounds: int
    """How many times the model was called."""

    @property
    def text(self) -> str:
        """The final answer's text."""
        return completion_text(self.completion)


@attrs.frozen
class Invocation:
    """A tool call whose arguments were checked and converted: ready to run."""

    call_id: str
    tool: FunctionTool
    args: list[Any]
    kwargs: dict[str, Any]


# -- pure helpers ---------------------------------------------------------------


def registry_of(tools: Iterable[ToolLike], *, allow_async: bool) -> dict[str, FunctionTool]:
    """Tools by name; duplicate names, or async functions in the sync loop, are errors."""
    registry: dict[str, FunctionTool] = {}
    for item in tools:
        tool = item if isinstance(item, FunctionTool) else function_tool(item)
        if tool.name in registry:
            raise ToolDefinitionError(tool.name, "two tools have this name")
        if tool.is_async and not allow_async:
            raise ToolDefinitionError(
                tool.name, "is an async function; use AsyncClaude3Sonnet to run it"
            )
        registry[tool.name] = tool
    if not registry:
        raise ValueError("run_tools needs at least one tool")
    return registry


def tool_calls_of(completion: ChatCompletion) -> list[ToolCall]:
    """The tool calls of the first choice (empty when the model just answered)."""
    if not completion.choices:
        return []
    calls = completion.choices[0].message.tool_calls
    return list(calls) if isinstance(calls, list) else []


def parse_arguments(call: ToolCall) -> dict[str, Any]:
    """The call's arguments as a JSON object (``""`` counts as ``{}``).

    Raises :class:`ToolArgumentsError` when they are not a JSON object.
    """
    text = call.function.arguments
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ToolArgumentsError(f"the arguments are not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise ToolArgumentsError(f"the arguments must be a JSON object, got {text[:80]!r}")
    return value


def assistant_turn(completion: ChatCompletion) -> dict[str, Any]:
    """The assistant's reply in request format: its text, then one ``tool_use`` per call."""
    blocks: list[dict[str, Any]] = []
    text = completion_text(completion)
    if text:
        blocks.append({"type": "text", "text": text})
    for call in tool_calls_of(completion):
        try:
            arguments = parse_arguments(call)
        except ToolArgumentsError:
            arguments = {}  # the tool_result tells the model what was wrong
        blocks.append(
            {"type": "tool_use", "id": call.id, "name": call.function.name, "input": arguments}
        )
    return {"role": "assistant", "content": blocks}


def result_block(call_id: str, value: Any) -> dict[str, Any]:
    """A successful ``tool_result``: a string as is, anything else as JSON."""
    if isinstance(value, str):
        content = value
    else:
        try:
            content = json.dumps(_jsonable(value), ensure_ascii=False)
        except (TypeError, ValueError):
            content = str(value)
    return {"type": "tool_result", "tool_use_id": call_id, "content": content}


def error_block(call_id: str, message: str) -> dict[str, Any]:
    """A failed ``tool_result``, so the model can correct itself."""
    return {"type": "tool_result", "tool_use_id": call_id, "content": message, "is_error": True}


def _jsonable(value: Any) -> Any:
    """Dataclasses, attrs classes, generated models and enums as JSON data."""
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return _jsonable(to_dict())
    if attrs.has(type(value)):
        return _jsonable(attrs.asdict(value))
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def prepare(call: ToolCall, registry: Registry) -> Invocation | dict[str, Any]:
    """Check one call: an ``Invocation`` to run, or the error ``tool_result`` to send."""
    tool = registry.get(call.function.name)
    if tool is None:
        known = ", ".join(sorted(registry))
        return error_block(call.id, f"unknown tool {call.function.name!r}; the tools are {known}")
    try:
        args, kwargs = tool.arguments(parse_arguments(call))
    except ToolArgumentsError as exc:
        return error_block(call.id, f"invalid arguments for {tool.name}: {exc}")
    return Invocation(call.id, tool, args, kwargs)


def failure_message(invocation: Invocation, exc: Exception) -> str:
    return f"{invocation.tool.name} raised {type(exc).__name__}: {exc}"


def execute(call: ToolCall, registry: Registry) -> dict[str, Any]:
    """Run one call and return its ``tool_result`` block (never raises for the tool's errors)."""
    invocation = prepare(call, registry)
    if not isinstance(invocation, Invocation):
        return invocation
    try:
        value = invocation.tool.function(*invocation.args, **invocation.kwargs)
    except Exception as exc:
        return error_block(call.id, failure_message(invocation, exc))
    return result_block(call.id, value)


async def async_execute(call: ToolCall, registry: Registry) -> dict[str, Any]:
    """``execute`` for the async loop: awaits async functions, calls plain ones."""
    invocation = prepare(call, registry)
    if not isinstance(invocation, Invocation):
        return invocation
    try:
        value = invocation.tool.function(*invocation.args, **invocation.kwargs)
        if inspect.isawaitable(value):
            value = await value
    except Exception as exc:
        return error_block(call.id, failure_message(invocation, exc))
    return result_block(call.id, value)


# -- the loop's state -------------------------------------------------------------


class ToolLoop:
    """The I/O-free state of one tool loop: what to send next, and what came back.

    A ``tool_choice`` that forces a call (``{"type": "any"}`` or
    ``{"type": "tool", ...}``) applies to the first round only; later rounds
    send ``{"type": "auto"}``, or the model could never give its answer.
    """

    def __init__(
        self,
        messages: Iterable[MessageParam],
        tools: Iterable[ToolLike],
        max_rounds: int,
        params: Mapping[str, Any],
        *,
        allow_async: bool,
    ) -> None:
        if max_rounds < 1:
            raise ValueError(f"max_rounds must be at least 1, got {max_rounds}")
        if "stream" in params:
            raise TypeError("run_tools does not stream; leave out stream=")
        self.registry = registry_of(tools, allow_async=allow_async)
        self.messages: list[dict[str, Any]] = [to_json(m) for m in messages]
        self.max_rounds = max_rounds
        self.rounds = 0
        self._params = dict(params)
        self._tool_choice = to_json(self._params.pop("tool_choice", None))
        self._definitions = [tool.definition() for tool in self.registry.values()]

    def request(self) -> dict[str, Any]:
        """Keyword arguments for ``create`` in the next round."""
        choice = self._tool_choice
        if self.rounds > 0 and isinstance(choice, dict) and choice.get("type") in FORCING_CHOICES:
            choice = {"type": "auto"}
        return {
            **self._params,
            "messages": list(self.messages),
            "tools": self._definitions,
            "tool_choice": choice,
        }

    def receive(self, completion: ChatCompletion) -> list[ToolCall]:
        """Record an answer; its tool calls to run (empty: the loop is over).

        Raises :class:`ToolLoopError` when the model asks for tools in the last round.
        """
        self.rounds += 1
        calls = tool_calls_of(completion)
        if not calls:
            text = completion_text(completion)
            if text:
                self.messages.append({"role": "assistant", "content": text})
            return []
        if self.rounds >= self.max_rounds:
            names = ", ".join(call.function.name for call in calls)
            raise ToolLoopError(
                f"the model still asked for tools ({names}) after {self.rounds} rounds "
                f"(max_rounds={self.max_rounds})",
                messages=list(self.messages),
                completion=completion,
                rounds=self.rounds,
            )
        self.messages.append(assistant_turn(completion))
        return calls

    def add_results(self, blocks: list[dict[str, Any]]) -> None:
        """Send the tool results in the next round, all in one user turn."""
        self.messages.append({"role": "user", "content": blocks})

    def result(self, completion: ChatCompletion) -> ToolRun:
        return ToolRun(completion=completion, messages=list(self.messages), rounds=self.rounds)


# -- the loops -----------------------------------------------------------------------


def run_tools(
    client: Claude3Sonnet,
    *,
    messages: Iterable[MessageParam],
    tools: Iterable[ToolLike],
    max_rounds: int = 8,
    **kwargs: Any,
) -> ToolRun:
    """Call the model, run the tools it asks for, send back the results; repeat until it answers.

    ``kwargs`` are request fields (``system``, ``max_tokens``, ``tool_choice``, ...).
    Raises :class:`ToolDefinitionError` for a tool that cannot be described,
    :class:`ToolLoopError` after ``max_rounds`` model calls, and the client's
    errors for failed calls. A tool's own exception goes back to the model.
    """
    loop = ToolLoop(messages, tools, max_rounds, kwargs, allow_async=False)
    completions = client.chat.completions
    while True:
        completion = completions.create(**loop.request())
        calls = loop.receive(completion)
        if not calls:
            return loop.result(completion)
        loop.add_results([execute(call, loop.registry) for call in calls])


async def async_run_tools(
    client: AsyncClaude3Sonnet,
    *,
    messages: Iterable[MessageParam],
    tools: Iterable[ToolLike],
    max_rounds: int = 8,
    **kwargs: Any,
) -> ToolRun:
    """``run_tools`` for ``AsyncClaude3Sonnet``; tools may be ``async def`` functions."""
    loop = ToolLoop(messages, tools, max_rounds, kwargs, allow_async=True)
    completions = client.chat.completions
    while True:
        completion = await completions.create(**loop.request())
        calls = loop.receive(completion)
        if not calls:
            return loop.result(completion)
        loop.add_results([await async_execute(call, loop.registry) for call in calls])
