"""``make demo``: a streamed answer and a tool round trip, in a few seconds.

With ``AIMLAPI_API_KEY`` set it talks to the real service; without it, to
the bundled mock, started here on a free port, so the demo works on a fresh
clone with no account. The mock's answers are canned (it echoes what it is
told), but every byte goes through the same client code and HTTP.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

from claude_3_sonnet import APIError, Claude3Sonnet, ConfigurationError

KEY_VARIABLES = ("AIMLAPI_API_KEY", "AIML_API_KEY")


def get_weather(city: str) -> str:
    """Current weather for a city."""
    return f"18 C and sunny in {city}"


@contextlib.contextmanager
def connect() -> Iterator[Claude3Sonnet]:
    """The real service when a key is set, else a mock started for the demo."""
    if any(os.environ.get(name) for name in KEY_VARIABLES):
        print("Talking to the AI/ML API (AIMLAPI_API_KEY is set).\n")
        with Claude3Sonnet() as client:
            yield client
        return
    from claude_3_sonnet.mock import MockConfig, MockServer  # noqa: PLC0415

    config = MockConfig()
    with MockServer(config, host="127.0.0.1", port=0) as server:
        print(f"Talking to the bundled mock at {server.base_url}.")
        print("(Set AIMLAPI_API_KEY to use the real service.)\n")
        with Claude3Sonnet(api_key=config.api_key, base_url=server.base_url) as client:
            yield client


def stream_answer(client: Claude3Sonnet) -> None:
    question = "In one sentence: why is the sky blue?"
    print(f"1. Streaming\n   you:    {question}\n   claude: ", end="", flush=True)
    with client.chat.completions.stream(
        messages=[{"role": "user", "content": question}], max_tokens=100
    ) as stream:
        for piece in stream.text_stream:
            print(piece, end="", flush=True)
    print("\n")


def tool_round_trip(client: Claude3Sonnet) -> None:
    question = "What's the weather in Paris?"
    print(f"2. A tool round trip\n   you:    {question}")
    run = client.chat.completions.run_tools(
        messages=[{"role": "user", "content": question}],
        tools=[get_weather],
        tool_choice={"type": "any"},  # the first round must call the tool
        max_tokens=200,
    )
    for message in run.messages:
        for block in message["content"] if isinstance(message["content"], list) else []:
            show_block(block)
    print(f"   claude: {run.text}  ({run.rounds} model calls)\n")


def show_block(block: dict[str, Any]) -> None:
    if block["type"] == "tool_use":
        print(f"   claude calls {block['name']}({json.dumps(block['input'])})")
    elif block["type"] == "tool_result":
        print(f"   the tool returns: {block['content']}")


def main() -> int:
    try:
        with connect() as client:
            stream_answer(client)
            tool_round_trip(client)
            usage = client.usage_totals()
    except APIError as exc:
        print(f"\nerror: {exc.message}", file=sys.stderr)
        return 1
    except ConfigurationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print()
        return 130
    print(f"Used {usage.total_tokens} tokens in {usage.calls} calls.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
