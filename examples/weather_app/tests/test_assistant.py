"""The weather assistant against the claude-3-sonnet mock, through the package's pytest fixtures.

Nothing here is configured: installing ``claude-3-sonnet[mock]`` registers the
fixtures (``aiml_mock``, ``aiml_client``, ...). Each test gets a mock with an
empty script and no recorded requests.
"""

from __future__ import annotations

import time

import pytest
from claude_3_sonnet import AsyncClaude3Sonnet, Claude3Sonnet
from claude_3_sonnet.mock import MockServer
from claude_3_sonnet.testing import InProcessMock

from weather_app import SYSTEM, WeatherAssistant, answer_async
from weather_app.assistant import APOLOGY, INTERRUPTED


def test_unscripted_the_mock_follows_its_rules(aiml_client: Claude3Sonnet) -> None:
    # A question naming a tool's subject gets a call to it (a city from the question),
    # and tool results get an answer quoting them.
    answer = WeatherAssistant(aiml_client).answer("What's the weather in Paris?")
    assert answer == f"(System prompt: {SYSTEM}) The tool returned: 18 C and sunny in Paris"


def test_scripted_tool_call_then_answer(aiml_mock: MockServer, aiml_client: Claude3Sonnet) -> None:
    aiml_mock.script.reply(tool_calls=[("get_weather", {"city": "Oslo"})])
    aiml_mock.script.reply("Take a coat: 3 C and snowing in Oslo.")

    answer = WeatherAssistant(aiml_client).answer("Do I need a coat up north?")

    assert answer == "Take a coat: 3 C and snowing in Oslo."
    first, second = aiml_mock.requests  # what the application sent, in order
    assert first.system == SYSTEM
    assert first.tool_names == ["get_weather"]
    assert first.user_text == "Do I need a coat up north?"
    result = second.messages[-1]["content"][0]  # our tool's output went back to the model
    assert result["type"] == "tool_result"
    assert result["content"] == "3 C and snowing in Oslo"
    assert first.headers["authorization"] == "<redacted>"  # the key is never recorded
    aiml_mock.assert_all_valid()  # every request was valid under the API's contract


def test_service_down_gets_an_apology(aiml_mock: MockServer, aiml_client: Claude3Sonnet) -> None:
    aiml_mock.script.error(503, times=2)  # the first attempt and the one retry
    assistant = WeatherAssistant(aiml_client.with_options(max_retries=1))

    assert assistant.answer_or_apologise("Weather in Paris?") == APOLOGY
    assert [request.status for request in aiml_mock.requests] == [503, 503]


def test_slow_service_times_out(aiml_mock: MockServer, aiml_client: Claude3Sonnet) -> None:
    aiml_mock.script.delay(5)
    assistant = WeatherAssistant(aiml_client.with_options(max_retries=0), timeout=0.2)

    started = time.monotonic()
    assert assistant.answer_or_apologise("Weather in Paris?") == APOLOGY
    assert time.monotonic() - started < 2


def test_stream_cut_short_keeps_what_arrived(
    aiml_mock: MockServer, aiml_client: Claude3Sonnet
) -> None:
    # 4 events: the opening one, then "It", " is", " sunny"; then the connection drops.
    aiml_mock.script.reply("It is sunny and warm in Paris.", drop_after=4)

    pieces = list(WeatherAssistant(aiml_client).stream_answer("Weather in Paris?"))

    assert "".join(pieces) == "It is sunny" + INTERRUPTED


def test_in_process_mock_needs_no_socket(
    aiml_inprocess: InProcessMock, aiml_inprocess_client: Claude3Sonnet
) -> None:
    aiml_inprocess.script.reply(tool_calls=[("get_weather", {"city": "Paris"})]).reply("Sunny.")

    assert WeatherAssistant(aiml_inprocess_client).answer("Paris?") == "Sunny."
    assert len(aiml_inprocess.requests) == 2


def test_client_from_the_environment(aiml_env: MockServer) -> None:
    # aiml_env sets AIMLAPI_API_KEY and AIMLAPI_BASE_URL, as production would.
    aiml_env.script.reply("From the environment.")
    assistant = WeatherAssistant()
    try:
        assert assistant.answer("Hello?") == "From the environment."
    finally:
        assistant.client.close()


@pytest.mark.anyio
async def test_async_application(
    aiml_mock: MockServer, aiml_async_client: AsyncClaude3Sonnet
) -> None:
    aiml_mock.script.reply(tool_calls=[("get_weather", {"city": "Oslo"})]).reply("Cold.")

    assert await answer_async(aiml_async_client, "Oslo?") == "Cold."
    assert aiml_mock.last_request.messages[-1]["content"][0]["content"] == "3 C and snowing in Oslo"
