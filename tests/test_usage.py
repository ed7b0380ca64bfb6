"""Usage totals: tokens add up over every kind of call; credits and USD once reported."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterator

import pytest

from claude_3_sonnet import (
    APIConnectionError,
    AsyncClaude3Sonnet,
    ChatCompletion,
    Claude3Sonnet,
    UsageSnapshot,
)
from claude_3_sonnet.conversation import Conversation
from claude_3_sonnet.mock import MockServer
from claude_3_sonnet_client.models import Usage
from claude_3_sonnet_client.params import MessageParam

from .support import KEY, canned_async_client, canned_client, completion, replies

HELLO: list[MessageParam] = [{"role": "user", "content": "Hello there"}]


@pytest.fixture
def client(mock_server: MockServer) -> Iterator[Claude3Sonnet]:
    with Claude3Sonnet(api_key=KEY, base_url=mock_server.base_url) as c:
        yield c


def usage_of(answer: ChatCompletion) -> tuple[int, int, int]:
    assert isinstance(answer.usage, Usage)
    return answer.usage.prompt_tokens, answer.usage.completion_tokens, answer.usage.total_tokens


def test_a_new_client_has_used_nothing(client: Claude3Sonnet) -> None:
    assert client.usage_totals() == UsageSnapshot()
    assert client.usage_totals().credits_used is None


def test_tokens_accumulate_over_calls(client: Claude3Sonnet) -> None:
    first = client.chat.completions.create(messages=HELLO)
    second = client.chat.completions.create(messages=HELLO, system="Answer in one word.")
    with client.chat.completions.stream(messages=HELLO, max_tokens=3) as stream:
        streamed = stream.get_final_completion()
    client.ask("One more question")
    totals = client.usage_totals()
    assert totals.calls == 4
    counted = [usage_of(c) for c in (first, second, streamed)]
    assert totals.prompt_tokens > sum(p for p, _, _ in counted)  # ask() added some
    assert totals.total_tokens == totals.prompt_tokens + totals.completion_tokens
    assert (totals.credits_used, totals.usd_spent) == (None, None)  # the mock reports no cost


def test_totals_match_each_answer(client: Claude3Sonnet) -> None:
    answers = [client.chat.completions.create(messages=HELLO, max_tokens=n) for n in (1, 2, 50)]
    totals = client.usage_totals()
    assert (totals.prompt_tokens, totals.completion_tokens, totals.total_tokens) == tuple(
        map(sum, zip(*(usage_of(a) for a in answers), strict=True))
    )


def test_helpers_count_every_model_call(client: Claude3Sonnet) -> None:
    def get_weather(city: str) -> str:
        return "sunny"

    client.chat.completions.run_tools(
        messages=HELLO, tools=[get_weather], tool_choice={"type": "any"}
    )
    chat = Conversation(client)
    chat.send("hi")
    "".join(chat.stream("again"))
    assert client.usage_totals().calls == 4


def test_a_broken_stream_is_not_counted(mock_server: MockServer) -> None:
    with Claude3Sonnet(
        api_key=KEY,
        base_url=mock_server.base_url,
        default_headers={"X-Mock-Fault": "drop_after=1"},
    ) as client:
        with pytest.raises(APIConnectionError):
            "".join(client.chat.completions.create(messages=HELLO, stream=True).text_stream)
        assert client.usage_totals().calls == 0


def test_credits_and_usd_accumulate_when_reported() -> None:
    handler = replies(
        completion(
            "a", usage=(10, 5), meta={"usage": {"credits_used": 2730, "usd_spent": 0.001365}}
        ),
        completion("b", usage=(1, 1)),  # no meta: tokens only
        completion("c", usage=(2, 3), meta={"usage": {"credits_used": 270, "usd_spent": 0.000135}}),
        completion("d", usage=(0, 0), meta={"usage": None}),
    )
    with canned_client(handler) as client:
        for _ in range(4):
            client.chat.completions.create(messages=HELLO)
        totals = client.usage_totals()
    assert (totals.calls, totals.prompt_tokens, totals.completion_tokens) == (4, 13, 9)
    assert totals.total_tokens == 22
    assert totals.credits_used == 3000
    assert totals.usd_spent is not None
    assert math.isclose(totals.usd_spent, 0.0015)


def test_async_client_totals(mock_server: MockServer) -> None:
    async def scenario() -> UsageSnapshot:
        async with AsyncClaude3Sonnet(api_key=KEY, base_url=mock_server.base_url) as client:
            await client.ask("one")
            stream = await client.chat.completions.create(messages=HELLO, stream=True)
            async with stream:
                await stream.get_final_completion()
            return client.usage_totals()

    totals = asyncio.run(scenario())
    assert totals.calls == 2
    assert totals.total_tokens > 0

    async def with_cost() -> UsageSnapshot:
        handler = replies(completion(meta={"usage": {"credits_used": 5, "usd_spent": 0.5}}))
        async with canned_async_client(handler) as client:
            await client.ask("x")
            await client.ask("y")
            return client.usage_totals()

    assert asyncio.run(with_cost()).credits_used == 10
