"""Overriding ``aiml_mock_config`` changes the mock for the tests that see the override."""

from __future__ import annotations

import pytest
from claude_3_sonnet import AuthenticationError, Claude3Sonnet
from claude_3_sonnet.mock import MockConfig, MockServer

from weather_app import WeatherAssistant


@pytest.fixture
def aiml_mock_config() -> MockConfig:
    return MockConfig(api_key="weather-app-test-key", latency=0.01)


def test_the_client_fixture_uses_the_configured_key(
    aiml_mock: MockServer, aiml_client: Claude3Sonnet
) -> None:
    assert aiml_mock.api_key == aiml_client.api_key == "weather-app-test-key"
    assert WeatherAssistant(aiml_client).answer("Hello") == (
        "(System prompt: You are a weather assistant. Use the get_weather tool; answer in "
        "one sentence.) You said: Hello"
    )


def test_a_wrong_key_is_refused(aiml_mock: MockServer) -> None:
    with (
        Claude3Sonnet(api_key="not-the-key", base_url=aiml_mock.base_url) as client,
        pytest.raises(AuthenticationError),
    ):
        WeatherAssistant(client).answer("Hello")
    assert aiml_mock.last_request.status == 401
