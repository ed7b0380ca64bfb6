"""Tools from plain functions, and the tool loop, sync and async.

Schemas are checked exactly; the loop runs over real HTTP against the mock
(which calls tools deterministically) and, where the model must misbehave
(bad arguments, unknown tools, endless calls), against canned answers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
from collections.abc import Iterator
from typing import Annotated, Any, Dict, List, Literal, NotRequired, Optional, TypedDict  # noqa: UP035

import pytest

from claude_3_sonnet import APIError, AsyncClaude3Sonnet, Claude3Sonnet, Claude3SonnetError
from claude_3_sonnet.mock import MockServer
from claude_3_sonnet.tools import (
    FunctionTool,
    Outcome,
    ToolArgumentsError,
    ToolDefinitionError,
    ToolLoop,
    ToolLoopError,
    ToolRun,
    async_run_tools,
    function_tool,
    result_text,
    run_tools,
    tool_calls_of,
    tool_definition,
)
from claude_3_sonnet_client.models import ChatCompletion
from claude_3_sonnet_client.params import MessageParam

from .support import KEY, canned_async_client, canned_client, completion, replies

ASK: list[MessageParam] = [{"role": "user", "content": "What's the weather in Paris?"}]


class Unit(enum.Enum):
    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


@dataclasses.dataclass
class Point:
    """A place on the map."""

    lat: float
    lon: float = 0.0


class Filters(TypedDict):
    kind: str
    limit: NotRequired[int]


class Loose(TypedDict, total=False):
    tag: str


def get_weather(city: str, unit: Unit = Unit.CELSIUS) -> str:
    """Current weather for a city.

    Uses the cached forecast.

    Args:
        city: The city, e.g. Paris.
        unit: How to report the
            temperature.
    """
    return f"18 degrees {unit.value} in {city}"


@pytest.fixture
def client(mock_server: MockServer) -> Iterator[Claude3Sonnet]:
    with Claude3Sonnet(api_key=KEY, base_url=mock_server.base_url, max_retries=0) as c:
        yield c


def schema_of(annotation: Any) -> dict[str, Any]:
    """The property schema the tool definition gives a parameter annotated so."""

    def probe(value: Any) -> None: ...

    probe.__annotations__ = {"value": annotation, "return": None}
    properties: dict[str, Any] = tool_definition(probe)["input_schema"]["properties"]
    return dict(properties["value"])


# -- definitions ----------------------------------------------------------------


def test_definition_from_a_function() -> None:
    assert tool_definition(get_weather) == {
        "name": "get_weather",
        "description": "Current weather for a city.\n\nUses the cached forecast.",
        "input_schema": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "The city, e.g. Paris."},
                "unit": {
                    "type": "string",
                    "enum": ["celsius", "fahrenheit"],
                    "description": "How to report the temperature.",
                    "default": "celsius",
                },
            },
            "required": ["city"],
            "additionalProperties": False,
        },
    }


@pytest.mark.parametrize(
    ("annotation", "schema"),
    [
        (str, {"type": "string"}),
        (int, {"type": "integer"}),
        (float, {"type": "number"}),
        (bool, {"type": "boolean"}),
        (Any, {}),
        (list[int], {"type": "array", "items": {"type": "integer"}}),
        (tuple[str, ...], {"type": "array", "items": {"type": "string"}}),
        (dict[str, float], {"type": "object", "additionalProperties": {"type": "number"}}),
        (int | None, {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        (Optional[str], {"anyOf": [{"type": "string"}, {"type": "null"}]}),  # noqa: UP045
        (Literal["a", "b"], {"type": "string", "enum": ["a", "b"]}),
        (Literal[1, "x", None], {"enum": [1, "x", None]}),
        (Level, {"type": "integer", "enum": [1, 2]}),
        (Annotated[str, "The city"], {"type": "string", "description": "The city"}),
        (
            Point,
            {
                "type": "object",
                "properties": {
                    "lat": {"type": "number"},
                    "lon": {"type": "number", "default": 0.0},
                },
                "required": ["lat"],
                "additionalProperties": False,
                "description": "A place on the map.",
            },
        ),
        (
            Filters,
            {
                "type": "object",
                "properties": {"kind": {"type": "string"}, "limit": {"type": "integer"}},
                "required": ["kind"],
                "additionalProperties": False,
            },
        ),
        (
            Loose,
            {
                "type": "object",
                "properties": {"tag": {"type": "string"}},
                "required": [],
                "additionalProperties": False,
            },
        ),
    ],
)
def test_annotation_schemas(annotation: Any, schema: dict[str, Any]) -> None:
    assert schema_of(annotation) == schema


ANY_ITEMS = [1, "two", {"three": 3}, None]
ANY_VALUES = {"a": [1], "b": None, "c": "text"}


@pytest.mark.parametrize(
    ("annotation", "schema", "value"),
    [
        (list, {"type": "array"}, ANY_ITEMS),
        (List, {"type": "array"}, ANY_ITEMS),  # noqa: UP006 - the bare typing alias is the point
        (dict, {"type": "object"}, ANY_VALUES),
        (Dict, {"type": "object"}, ANY_VALUES),  # noqa: UP006
        (Optional[List], {"anyOf": [{"type": "array"}, {"type": "null"}]}, ANY_ITEMS),  # noqa: UP006, UP045
    ],
)
def test_bare_list_and_dict_take_items_of_any_type(
    annotation: Any, schema: dict[str, Any], value: Any
) -> None:
    assert schema_of(annotation) == schema

    def f(x: Any) -> Any:
        return x

    f.__annotations__ = {"x": annotation}
    assert function_tool(f).arguments({"x": value}) == ([], {"x": value})


def test_required_follows_defaults_not_optionality() -> None:
    def f(a: int | None, b: int | None = None, c: str = "x") -> None: ...

    schema = tool_definition(f)["input_schema"]
    assert schema["required"] == ["a"]
    assert schema["properties"]["b"]["default"] is None
    assert schema["properties"]["c"]["default"] == "x"


def test_sphinx_docstrings_and_overrides() -> None:
    def lookup(term: str) -> str:
        """Look a term up.

        :param term: What to look up.
        :returns: The definition.
        """
        return term

    tool = function_tool(lookup, name="define", description="Define a word.")
    assert tool.definition()["name"] == "define"
    assert tool.definition()["description"] == "Define a word."
    assert function_tool(lookup).definition()["description"] == "Look a term up."
    properties = tool.input_schema["properties"]
    assert properties["term"] == {"type": "string", "description": "What to look up."}


def test_no_docstring_no_description() -> None:
    def ping() -> str:
        return "pong"

    assert tool_definition(ping) == {
        "name": "ping",
        "input_schema": {
            "type": "object",
            "properties": {},
            "required": [],
            "additionalProperties": False,
        },
    }


def test_bound_methods_and_callable_objects() -> None:
    class Greeter:
        def greet(self, name: str) -> str:
            return f"hi {name}"

        def __call__(self, n: int) -> int:
            return n

    assert list(tool_definition(Greeter().greet)["input_schema"]["properties"]) == ["name"]
    tool = function_tool(Greeter(), name="count")
    assert tool.input_schema["required"] == ["n"]


@dataclasses.dataclass
class Node:
    value: int
    child: Node | None = None


def no_annotation(city, days: int) -> None:  # type: ignore[no-untyped-def]
    pass


def star_args(*cities: str) -> None:
    pass


def star_kwargs(**options: str) -> None:
    pass


def arbitrary_class(when: object) -> None:
    pass


def int_keys(table: dict[int, str]) -> None:
    pass


def recursive(tree: Node) -> None:
    pass


def bad_dataclass_field(point: Point, other: set[int]) -> None:
    pass


@pytest.mark.parametrize(
    ("function", "parameter", "words"),
    [
        (no_annotation, "city", "has no type annotation"),
        (star_args, "cities", r"\*args and \*\*kwargs"),
        (star_kwargs, "options", r"\*args and \*\*kwargs"),
        (arbitrary_class, "when", "object is not a supported type"),
        (int_keys, "table", "keys are strings"),
        (recursive, "tree", "Node refers to itself"),
        (bad_dataclass_field, "other", "has no JSON Schema"),
    ],
)
def test_unsupported_functions_are_refused(function: Any, parameter: str, words: str) -> None:
    with pytest.raises(ToolDefinitionError, match=words) as caught:
        function_tool(function)
    assert caught.value.function == function.__qualname__
    assert caught.value.parameter == parameter
    assert f"{function.__qualname__}(), parameter {parameter!r}" in str(caught.value)
    assert isinstance(caught.value, TypeError)


def test_bad_names_and_unresolvable_annotations() -> None:
    with pytest.raises(ToolDefinitionError, match="tool name '<lambda>'"):
        function_tool(lambda x: x)

    def forward(x: NoSuchType) -> None:  # type: ignore[name-defined]  # noqa: F821
        pass

    with pytest.raises(ToolDefinitionError, match="cannot be resolved"):
        function_tool(forward)


class Shape(enum.Enum):
    SQUARE = (1, 1)


def test_enum_with_unsupported_values() -> None:
    def draw(shape: Shape) -> None: ...

    with pytest.raises(ToolDefinitionError, match="choices must be"):
        function_tool(draw)


# -- arguments ------------------------------------------------------------------


def test_arguments_are_validated_and_converted() -> None:
    def plan(
        *,
        where: Point,
        unit: Unit,
        level: Level,
        stops: tuple[str, ...],
        scale: float,
        filters: Filters,
        flag: bool | int = 0,
    ) -> None: ...

    args, kwargs = function_tool(plan).arguments(
        {
            "where": {"lat": 48.8},
            "unit": "fahrenheit",
            "level": 2,
            "stops": ["a", "b"],
            "scale": 3,
            "filters": {"kind": "cafe"},
            "flag": True,
        }
    )
    assert args == []
    assert kwargs == {
        "where": Point(48.8),
        "unit": Unit.FAHRENHEIT,
        "level": Level.HIGH,
        "stops": ("a", "b"),
        "scale": 3.0,
        "filters": {"kind": "cafe"},
        "flag": True,
    }
    assert isinstance(kwargs["scale"], float)


def test_positional_only_parameters() -> None:
    def f(a: int, b: int = 5, /, c: int = 0) -> int:
        return a + b + c

    tool = function_tool(f)
    assert tool.arguments({"a": 1, "c": 2}) == ([1, 5], {"c": 2})
    args, kwargs = tool.arguments({"a": 1, "b": 2})
    assert tool(*args, **kwargs) == 3


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"city": 5}, r'city: 5 is not of type "string"'),
        ({}, '"city" is a required property'),
        ({"city": "Paris", "unit": "kelvin"}, "unit"),
        ({"city": "Paris", "extra": 1}, "extra"),
    ],
)
def test_invalid_arguments(data: dict[str, Any], words: str) -> None:
    with pytest.raises(ToolArgumentsError, match=words):
        function_tool(get_weather).arguments(data)


# -- pure loop helpers ------------------------------------------------------------


def test_assistant_turn_has_the_text_first_then_tool_uses() -> None:
    answer = ChatCompletion.from_dict(
        completion(
            "Let me check.",
            tool_calls=[("t1", "get_weather", '{"city": "Paris"}'), ("t2", "get_weather", "oops")],
        )
    )
    assert [c.id for c in tool_calls_of(answer)] == ["t1", "t2"]
    loop = ToolLoop(ASK, [get_weather], 8, {}, allow_async=False)
    assert [c.id for c in loop.receive(answer)] == ["t1", "t2"]
    assert loop.messages[-1] == {
        "role": "assistant",
        "content": [
            {"type": "text", "text": "Let me check."},
            {"type": "tool_use", "id": "t1", "name": "get_weather", "input": {"city": "Paris"}},
            {"type": "tool_use", "id": "t2", "name": "get_weather", "input": {}},
        ],
    }


def test_openai_shaped_conversations_get_openai_shaped_turns() -> None:
    answer = ChatCompletion.from_dict(
        completion("", tool_calls=[("call_1", "get_weather", '{"city": "Paris"}')])
    )
    system = [{"role": "system", "content": "Be brief."}, *ASK]
    loop = ToolLoop(system, [get_weather], 8, {"tool_choice": "required"}, allow_async=False)
    first = loop.request()
    assert first["tools"][0]["type"] == "function"
    assert first["tools"][0]["function"]["name"] == "get_weather"
    assert first["tool_choice"] == "required"
    loop.receive(answer)
    loop.add_results([Outcome("call_1", "18 C"), Outcome("call_2", "boom", True)])
    assert loop.messages[-3:] == [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C"},
        {"role": "tool", "tool_call_id": "call_2", "content": "Error: boom"},
    ]
    assert loop.request()["tool_choice"] == "auto"


def test_result_texts_and_blocks() -> None:
    assert result_text("text") == "text"
    assert result_text({"a": [Point(1.0)], "u": Unit.CELSIUS}) == (
        '{"a": [{"lat": 1.0, "lon": 0.0}], "u": "celsius"}'
    )
    assert result_text(None) == "null"
    assert result_text(object) == str(object)
    loop = ToolLoop(ASK, [get_weather], 8, {}, allow_async=False)
    loop.add_results([Outcome("t", "text"), Outcome("u", "boom", True)])
    assert loop.messages[-1] == {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "t", "content": "text"},
            {"type": "tool_result", "tool_use_id": "u", "content": "boom", "is_error": True},
        ],
    }


# -- the loop against the mock --------------------------------------------------------


def test_an_openai_shaped_round_trip_through_the_mock(client: Claude3Sonnet) -> None:
    def get_weather(city: str) -> str:
        """Current weather for a city."""
        return f"18 C in {city}"

    run = client.chat.completions.run_tools(
        messages=[{"role": "system", "content": "Be brief."}, *ASK],
        tools=[get_weather],
        tool_choice="auto",
    )
    assert run.rounds == 2
    assert run.text == "(System prompt: Be brief.) The tool returned: 18 C in Paris"
    assert [m["role"] for m in run.messages] == ["system", "user", "assistant", "tool", "assistant"]
    assert run.messages[2]["tool_calls"][0]["function"]["name"] == "get_weather"


def test_round_trip_through_the_mock(client: Claude3Sonnet) -> None:
    received: list[tuple[str, Unit]] = []

    def weather(city: str, unit: Unit) -> str:
        """Current weather."""
        received.append((city, unit))
        return f"18 {unit.value}"

    run = client.chat.completions.run_tools(
        messages=ASK, tools=[weather], tool_choice={"type": "any"}
    )
    assert isinstance(run, ToolRun)
    assert received == [("Paris", Unit.CELSIUS)]  # the mock's minimal valid arguments
    assert run.rounds == 2
    assert run.text == "The tool returned: 18 celsius"
    call_id = run.messages[1]["content"][0]["id"]
    assert run.messages == [
        *ASK,
        {
            "role": "assistant",
            "content": [
                {
                    "type": "tool_use",
                    "id": call_id,
                    "name": "weather",
                    "input": {"city": "Paris", "unit": "celsius"},
                }
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": call_id, "content": "18 celsius"}],
        },
        {"role": "assistant", "content": "The tool returned: 18 celsius"},
    ]
    assert client.usage_totals().calls == 2


def test_named_tool_choice_and_auto(client: Claude3Sonnet) -> None:
    def first(x: int) -> int:
        return x

    def second(p: Point) -> str:
        return f"at {p.lat}"

    run = run_tools(
        client,
        messages=ASK,
        tools=[first, second],
        tool_choice={"type": "tool", "name": "second"},
    )
    assert run.messages[1]["content"][0]["name"] == "second"
    assert run.text == "The tool returned: at 0.0"
    mentioned = run_tools(
        client, messages=[{"role": "user", "content": "please use SECOND"}], tools=[first, second]
    )
    assert mentioned.messages[1]["content"][0]["name"] == "second"
    silent = run_tools(client, messages=ASK, tools=[first, second])
    assert silent.rounds == 1
    assert silent.messages == [
        *ASK,
        {"role": "assistant", "content": f"You said: {ASK[0]['content']}"},
    ]


def test_a_raising_tool_is_reported_to_the_model(client: Claude3Sonnet) -> None:
    def explode(city: str) -> str:
        raise RuntimeError(f"no data for {city}")

    run = run_tools(client, messages=ASK, tools=[explode], tool_choice={"type": "any"})
    result = run.messages[2]["content"][0]
    assert result["is_error"] is True
    assert result["content"] == "explode raised RuntimeError: no data for Paris"
    assert run.text == "The tool failed: explode raised RuntimeError: no data for Paris"


def test_max_rounds_reached(client: Claude3Sonnet) -> None:
    calls: list[str] = []
    with pytest.raises(ToolLoopError, match=r"still asked for tools \(get_weather\) after 1") as e:
        run_tools(
            client,
            messages=ASK,
            tools=[lambda_free_tool(calls)],
            tool_choice={"type": "any"},
            max_rounds=1,
        )
    # The loop's own limit, not a failed call: in the family, but not an APIError.
    assert isinstance(e.value, Claude3SonnetError)
    assert not isinstance(e.value, APIError)
    assert e.value.rounds == 1
    assert e.value.messages == ASK  # valid to send again: no unanswered tool_use
    assert tool_calls_of(e.value.completion)[0].function.name == "get_weather"
    assert calls == []  # the unanswered calls were not run


def lambda_free_tool(calls: list[str]) -> FunctionTool:
    def weather(city: str) -> str:
        calls.append(city)
        return "sunny"

    return function_tool(weather, name="get_weather")


# -- the model misbehaving (canned answers) -------------------------------------------


def test_bad_calls_become_error_results_and_the_loop_goes_on() -> None:
    seen: list[dict[str, Any]] = []
    handler = replies(
        completion(
            "Checking.",
            tool_calls=[
                ("t1", "get_weather", '{"city": 5}'),
                ("t2", "get_weather", "{not json"),
                ("t3", "get_weather", "[1, 2]"),
                ("t4", "teleport", "{}"),
                ("t5", "get_weather", '{"city": "Oslo"}'),
            ],
        ),
        completion("Done."),
        seen=seen,
    )
    with canned_client(handler) as client:
        run = run_tools(client, messages=ASK, tools=[get_weather])
    assert run.text == "Done."
    results = {b["tool_use_id"]: b for b in run.messages[2]["content"]}
    assert list(results) == ["t1", "t2", "t3", "t4", "t5"]
    assert results["t1"]["is_error"] is True
    assert "invalid arguments for get_weather: city: 5 is not of type" in results["t1"]["content"]
    assert "not valid JSON" in results["t2"]["content"]
    assert "must be a JSON object" in results["t3"]["content"]
    assert results["t4"]["content"] == "unknown tool 'teleport'; the tools are get_weather"
    assert results["t5"] == {
        "type": "tool_result",
        "tool_use_id": "t5",
        "content": "18 degrees celsius in Oslo",
    }
    assert seen[1]["messages"] == run.messages[:3]
    assert seen[0]["tools"] == [tool_definition(get_weather)]


def test_a_forcing_tool_choice_applies_to_the_first_round_only() -> None:
    seen: list[dict[str, Any]] = []
    handler = replies(
        completion(tool_calls=[("t1", "get_weather", '{"city": "Rome"}')]),
        completion(tool_calls=[("t2", "get_weather", '{"city": "Oslo"}')]),
        completion(tool_calls=[("t3", "get_weather", '{"city": "Lima"}')]),
        seen=seen,
    )
    with canned_client(handler) as client, pytest.raises(ToolLoopError) as caught:
        run_tools(
            client, messages=ASK, tools=[get_weather], tool_choice={"type": "any"}, max_rounds=3
        )
    assert [body["tool_choice"] for body in seen] == [
        {"type": "any"},
        {"type": "auto"},
        {"type": "auto"},
    ]
    assert caught.value.rounds == 3
    assert len(caught.value.messages) == 5  # ask, then two complete tool rounds


def test_loop_arguments_are_checked_before_sending() -> None:
    async def coroutine_tool(city: str) -> str:
        return city

    with canned_client(replies(completion("x"))) as client:
        with pytest.raises(ToolDefinitionError, match="async function"):
            run_tools(client, messages=ASK, tools=[coroutine_tool])
        with pytest.raises(ToolDefinitionError, match="two tools have this name"):
            run_tools(client, messages=ASK, tools=[get_weather, get_weather])
        with pytest.raises(ValueError, match="at least one tool"):
            run_tools(client, messages=ASK, tools=[])
        with pytest.raises(ValueError, match="max_rounds"):
            run_tools(client, messages=ASK, tools=[get_weather], max_rounds=0)
        with pytest.raises(TypeError, match="does not stream"):
            run_tools(client, messages=ASK, tools=[get_weather], stream=True)


# -- async -------------------------------------------------------------------------------


def test_async_loop_awaits_async_tools(mock_server: MockServer) -> None:
    async def weather(city: str) -> dict[str, Any]:
        await asyncio.sleep(0)
        return {"city": city, "temp": 18}

    def failing(city: str) -> str:
        raise ValueError("offline")

    async def scenario() -> tuple[ToolRun, ToolRun]:
        async with AsyncClaude3Sonnet(api_key=KEY, base_url=mock_server.base_url) as client:
            ok = await client.chat.completions.run_tools(
                messages=ASK, tools=[weather, failing], tool_choice={"type": "any"}
            )
            bad = await async_run_tools(
                client,
                messages=ASK,
                tools=[weather, failing],
                tool_choice={"type": "tool", "name": "failing"},
            )
            return ok, bad

    ok, bad = asyncio.run(scenario())
    assert ok.text == 'The tool returned: {"city": "Paris", "temp": 18}'
    assert ok.rounds == 2
    assert bad.messages[2]["content"][0]["is_error"] is True
    assert bad.text == "The tool failed: failing raised ValueError: offline"


def test_async_loop_bad_calls_and_max_rounds() -> None:
    handler = replies(
        completion(tool_calls=[("t1", "get_weather", '{"town": "Paris"}')]),
        completion(tool_calls=[("t2", "get_weather", '{"city": "Paris"}')]),
    )

    async def scenario() -> ToolLoopError:
        async with canned_async_client(handler) as client:
            with pytest.raises(ToolLoopError) as caught:
                await async_run_tools(client, messages=ASK, tools=[get_weather], max_rounds=2)
            return caught.value

    error = asyncio.run(scenario())
    assert error.rounds == 2
    first_result = error.messages[2]["content"][0]
    assert first_result["is_error"] is True
    assert "'town' was unexpected" in first_result["content"]
    assert json.loads(tool_calls_of(error.completion)[0].function.arguments) == {"city": "Paris"}
