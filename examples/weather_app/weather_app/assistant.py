"""Answer weather questions with Claude 3 Sonnet and a weather tool.

The application code knows nothing of tests: it takes a client (or builds
one from the environment, as in production) and handles the failures a
real deployment has. Its tests, in ``tests/``, run it against the mock that
``claude-3-sonnet[mock]`` installs, through the package's pytest fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator

from claude_3_sonnet import APIConnectionError, APIError, AsyncClaude3Sonnet, Claude3Sonnet

SYSTEM = "You are a weather assistant. Use the get_weather tool; answer in one sentence."
APOLOGY = "Sorry, the weather service is unavailable right now."
INTERRUPTED = " [answer interrupted]"

_WEATHER = {"Paris": "18 C and sunny", "Oslo": "3 C and snowing"}


def get_weather(city: str) -> str:
    """Current weather for a city.

    Args:
        city: The city's name, e.g. Paris.
    """
    return f"{_WEATHER.get(city, 'no data')} in {city}"


class WeatherAssistant:
    """Weather answers for one user; ``client`` defaults to ``Claude3Sonnet()`` (the environment)."""

    def __init__(self, client: Claude3Sonnet | None = None, *, timeout: float = 30.0) -> None:
        self.client = client if client is not None else Claude3Sonnet()
        self.timeout = timeout

    def answer(self, question: str) -> str:
        """The model's answer, after it has called ``get_weather`` as often as it likes."""
        run = self.client.chat.completions.run_tools(
            messages=[{"role": "user", "content": question}],
            tools=[get_weather],
            system=SYSTEM,
            max_tokens=300,
            timeout=self.timeout,
        )
        return run.text or ""

    def answer_or_apologise(self, question: str) -> str:
        """:meth:`answer`, or an apology when the service fails (after the client's retries)."""
        try:
            return self.answer(question)
        except APIError:
            return APOLOGY

    def stream_answer(self, question: str) -> Iterator[str]:
        """The answer piece by piece; a broken stream ends with a note instead of an error."""
        try:
            with self.client.chat.completions.stream(
                messages=[{"role": "user", "content": question}],
                system=SYSTEM,
                max_tokens=300,
                timeout=self.timeout,
            ) as stream:
                yield from stream.text_stream
        except APIConnectionError:
            yield INTERRUPTED


async def answer_async(client: AsyncClaude3Sonnet, question: str) -> str:
    """The same as :meth:`WeatherAssistant.answer`, for an asyncio application."""
    run = await client.chat.completions.run_tools(
        messages=[{"role": "user", "content": question}],
        tools=[get_weather],
        system=SYSTEM,
        max_tokens=300,
    )
    return run.text or ""
