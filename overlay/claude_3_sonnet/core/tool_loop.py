"""The tool loop's decisions: what to send next, and what to run. Pure.

A tool round trip has fiddly rules that are easy to get subtly wrong by
hand: the model's calls arrive OpenAI-style (``tool_calls`` with JSON-text
``arguments``) and go back in the shape of the conversation (Anthropic:
``tool_use`` blocks in the assistant turn, ``tool_result`` blocks in a user
turn; OpenAI: the assistant message with its ``tool_calls``, then one
``role: tool`` message per call); bad arguments, an unknown tool or a
failing function must go back to the model as an error result rather than
crash the program; a forced ``tool_choice`` must be relaxed after the first
round, or the model can never answer; and a loop needs a limit.

Everything here decides without doing: ``ToolLoop`` holds the state,
``prepare`` checks a call, ``result_message`` shapes what went back. The
clients' ``run_tools`` methods drive it (send, run, repeat), so the sync and
async loops cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeAlias

import attrs

from claude_3_sonnet_client.models import ChatCompletion, ToolCall

from .errors import ConfigurationError, ToolArgumentsError, ToolDefinitionError, ToolLoopError
from .request import plain
from .tool_schema import FunctionTool, function_tool

Shape: TypeAlias = Literal["anthropic", "openai"]

OPENAI_ROLES = frozenset({"system", "developer", "tool"})
FORCING = frozenset({"any", "tool", "function", "custom", "allowed_tools"})


def text_of(completion: ChatCompletion) -> str | None:
    """The first choice's text, ``None`` when there is none (only tool calls, no choices)."""
    if not completion.choices:
        return None
    content = completion.choices[0].message.content
    return content if isinstance(content, str) else None


def tool_calls_of(completion: ChatCompletion) -> list[ToolCall]:
    """The tool calls of the first choice (empty when the model just answered)."""
    if not completion.choices:
        return []
    calls = completion.choices[0].message.tool_calls
    return list(calls) if isinstance(calls, list) else []


def shape_of(messages: list[dict[str, Any]], tool_choice: Any) -> Shape:
    """The conversation's shape: OpenAI if anything in it is, else Anthropic."""
    if isinstance(tool_choice, str):
        return "openai"
    if isinstance(tool_choice, Mapping) and tool_choice.get("type") in ("function", "custom"):
        return "openai"
    for message in messages:
        if message.get("role") in OPENAI_ROLES or message.get("tool_calls"):
            return "openai"
    return "anthropic"


def registry_of(tools: Iterable[Any], *, allow_async: bool) -> dict[str, FunctionTool]:
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
        raise ConfigurationError("run_tools needs at least one tool")
    return registry


def parse_arguments(call: ToolCall) -> dict[str, Any]:
    """The call's arguments as a JSON object (``""`` counts as ``{}``)."""
    text = call.function.arguments
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        problem = f"the arguments are not valid JSON ({exc})"
    else:
        if isinstance(value, dict):
            return value
        problem = f"the arguments must be a JSON object, got {text[:80]!r}"
    raise ToolArgumentsError(problem)


def jsonable(value: Any, depth: int = 0) -> Any:
    """Dataclasses, attrs classes, pydantic models, generated models and enums as JSON data."""
    if depth > 50:
        return str(value)
    if isinstance(value, enum.Enum):
        return jsonable(value.value, depth + 1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value), depth + 1)
    for method in ("model_dump", "to_dict"):  # pydantic v2, generated models
        dump = getattr(value, method, None)
        if callable(dump) and not isinstance(value, type):
            return jsonable(dump(), depth + 1)
    if attrs.has(type(value)):
        return jsonable(attrs.asdict(value), depth + 1)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v, depth + 1) for v in value]
    return value


def result_text(value: Any) -> str:
    """What a tool returned, as the text the model reads: a string as is, else JSON."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(jsonable(value), ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


@attrs.frozen
class Invocation:
    """A tool call whose arguments were checked and converted: ready to run."""

    call_id: str
    tool: FunctionTool
    args: list[Any]
    kwargs: dict[str, Any]

    def failure(self, exc: BaseException) -> str:
        return f"{self.tool.name} raised {type(exc).__name__}: {exc}"


@attrs.frozen
class Outcome:
    """What one call produced: text for the model, and whether it is an error."""

    call_id: str
    text: str
    is_error: bool = False


def prepare(call: ToolCall, registry: Mapping[str, FunctionTool]) -> Invocation | Outcome:
    """Check one call: an ``Invocation`` to run, or the error ``Outcome`` to send back."""
    tool = registry.get(call.function.name)
    if tool is None:
        known = ", ".join(sorted(registry))
        return Outcome(call.id, f"unknown tool {call.function.name!r}; the tools are {known}", True)
    try:
        args, kwargs = tool.arguments(parse_arguments(call))
    except ToolArgumentsError as exc:
        return Outcome(call.id, f"invalid arguments for {tool.name}: {exc}", True)
    return Invocation(call.id, tool, args, kwargs)


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
        """The final answer's text ("" when it has none)."""
        return text_of(self.completion) or ""


class ToolLoop:
    """The I/O-free state of one tool loop: what to send next, and what came back."""

    def __init__(
        self,
        messages: Iterable[Any],
        tools: Iterable[Any],
        max_rounds: int,
        params: Mapping[str, Any],
        *,
        allow_async: bool,
    ) -> None:
        if isinstance(max_rounds, bool) or not isinstance(max_rounds, int) or max_rounds < 1:
            raise ConfigurationError(f"max_rounds must be a whole number >= 1, got {max_rounds!r}")
        if "stream" in params:
            raise TypeError("run_tools does not stream; leave out stream=")
        self.registry = registry_of(tools, allow_async=allow_async)
        self.messages: list[dict[str, Any]] = plain(list(messages), "messages")
        self.max_rounds = max_rounds
        self.rounds = 0
        self._params = dict(params)
        self._tool_choice = plain(self._params.pop("tool_choice", None), "tool_choice")
        self.shape: Shape = shape_of(self.messages, self._tool_choice)
        definitions = [tool.definition() for tool in self.registry.values()]
        if self.shape == "openai":
            definitions = [
                {
                    "type": "function",
                    "function": {
                        "name": d["name"],
                        **({"description": d["description"]} if "description" in d else {}),
                        "parameters": d["input_schema"],
                    },
                }
                for d in definitions
            ]
        self._definitions = definitions

    def _choice(self) -> Any:
        choice = self._tool_choice
        if self.rounds == 0:
            return choice
        if choice == "required":
            return "auto"
        if isinstance(choice, dict) and choice.get("type") in FORCING:
            return "auto" if self.shape == "openai" else {"type": "auto"}
        return choice

    def request(self) -> dict[str, Any]:
        """Keyword arguments for ``create`` in the next round."""
        return {
            **self._params,
            "messages": list(self.messages),
            "tools": self._definitions,
            "tool_choice": self._choice(),
        }

    def receive(self, completion: ChatCompletion) -> list[ToolCall]:
        """Record an answer; its tool calls to run (empty: the loop is over).

        Raises :class:`ToolLoopError` when the model asks for tools in the last round.
        """
        self.rounds += 1
        calls = tool_calls_of(completion)
        text = text_of(completion) or ""
        if not calls:
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
        self.messages.append(self._assistant_turn(text, calls))
        return calls

    def _assistant_turn(self, text: str, calls: list[ToolCall]) -> dict[str, Any]:
        if self.shape == "openai":
            return {
                "role": "assistant",
                "content": text or None,
                "tool_calls": [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {
                            "name": call.function.name,
                            "arguments": call.function.arguments,
                        },
                    }
                    for call in calls
                ],
            }
        blocks: list[dict[str, Any]] = [{"type": "text", "text": text}] if text else []
        for call in calls:
            try:
                arguments = parse_arguments(call)
            except ToolArgumentsError:
                arguments = {}  # the tool_result tells the model what was wrong
            blocks.append(
                {"type": "tool_use", "id": call.id, "name": call.function.name, "input": arguments}
            )
        return {"role": "assistant", "content": blocks}

    def add_results(self, outcomes: list[Outcome]) -> None:
        """Send the tool results in the next round, in the conversation's shape."""
        if self.shape == "openai":
            self.messages.extend(
                {
                    "role": "tool",
                    "tool_call_id": o.call_id,
                    "content": f"Error: {o.text}" if o.is_error else o.text,
                }
                for o in outcomes
            )
            return
        blocks = []
        for outcome in outcomes:
            block: dict[str, Any] = {
                "type": "tool_result",
                "tool_use_id": outcome.call_id,
                "content": outcome.text,
            }
            if outcome.is_error:
                block["is_error"] = True
            blocks.append(block)
        self.messages.append({"role": "user", "content": blocks})

    def result(self, completion: ChatCompletion) -> ToolRun:
        return ToolRun(completion=completion, messages=list(self.messages), rounds=self.rounds)
