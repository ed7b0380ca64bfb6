"""Let the model call plain Python functions.

Give ``client.chat.completions.run_tools`` functions; each becomes a tool
definition (its name, its docstring, a JSON Schema of its parameters from
their type hints), and the loop calls the model, runs what it asks for,
sends the results back and repeats until the model answers. The pieces are
here for use on their own: ``tool_definition`` (what the model is told),
``function_tool`` (to override a name or description), and
``run_tools`` / ``async_run_tools`` (the same loop as a function).

::

    def get_weather(city: str) -> str:
        \"\"\"Current weather for a city.\"\"\"
        return f"18 C and sunny in {city}"

    run = client.chat.completions.run_tools(
        messages=[{"role": "user", "content": "Weather in Paris?"}], tools=[get_weather]
    )
    print(run.text)

The loop's decisions live in ``claude_3_sonnet.core.tool_loop`` (pure) and
the descriptions in ``claude_3_sonnet.core.tool_schema``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

from .core.errors import ToolArgumentsError, ToolDefinitionError, ToolLoopError
from .core.tool_loop import (
    Invocation,
    Outcome,
    ToolLoop,
    ToolRun,
    prepare,
    result_text,
    tool_calls_of,
)
from .core.tool_schema import FunctionTool, function_tool, tool_definition
from .transport.async_client import AsyncClaude3Sonnet
from .transport.sync_client import Claude3Sonnet

__all__ = [
    "FunctionTool",
    "Invocation",
    "Outcome",
    "ToolArgumentsError",
    "ToolDefinitionError",
    "ToolLike",
    "ToolLoop",
    "ToolLoopError",
    "ToolRun",
    "async_run_tools",
    "function_tool",
    "prepare",
    "result_text",
    "run_tools",
    "tool_calls_of",
    "tool_definition",
]

ToolLike: TypeAlias = Callable[..., Any] | FunctionTool
"""A plain function, or a ``FunctionTool`` (to override its name or description)."""


def run_tools(
    client: Claude3Sonnet,
    *,
    messages: Iterable[Any],
    tools: Iterable[ToolLike],
    max_rounds: int = 8,
    **kwargs: Any,
) -> ToolRun:
    """``client.chat.completions.run_tools(...)`` as a function."""
    return client.chat.completions.run_tools(
        messages=messages, tools=tools, max_rounds=max_rounds, **kwargs
    )


async def async_run_tools(
    client: AsyncClaude3Sonnet,
    *,
    messages: Iterable[Any],
    tools: Iterable[ToolLike],
    max_rounds: int = 8,
    **kwargs: Any,
) -> ToolRun:
    """``await client.chat.completions.run_tools(...)`` as a function."""
    return await client.chat.completions.run_tools(
        messages=messages, tools=tools, max_rounds=max_rounds, **kwargs
    )
