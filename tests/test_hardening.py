"""Bad input and hostile answers: clear errors naming the culprit, never a leak or a crash."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from claude_3_sonnet import (
    APIConnectionError,
    AuthenticationError,
    Claude3Sonnet,
    ConfigurationError,
    InternalServerError,
    RequestValidationError,
    ResponseValidationError,
)
from claude_3_sonnet.core.retry import RetryPolicy, retry_after_seconds, retry_delay
from claude_3_sonnet_client.params import MessageParam

from .fixtures import SEED_RESPONSE

SECRET = "sk-aiml-SECRET-0123456789abcdef"
HELLO: list[MessageParam] = [{"role": "user", "content": "Hello"}]


def client_with(handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> Claude3Sonnet:
    client = Claude3Sonnet(
        api_key=kwargs.pop("api_key", SECRET),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **kwargs,
    )
    client._sleep = lambda _: None
    return client


# -- the key stays secret even when a server echoes it -------------------------


def echo_key(status: int) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        auth = request.headers["authorization"]
        return httpx.Response(
            status,
            json={"message": f"bad token {auth}", "error": {"message": auth}, "requestId": auth},
        )

    return handler


@pytest.mark.parametrize(
    ("status", "cls"), [(401, AuthenticationError), (500, InternalServerError)]
)
def test_an_echoed_key_is_scrubbed_everywhere(
    status: int, cls: type[Exception], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="claude_3_sonnet")
    with client_with(echo_key(status)) as client, pytest.raises(cls) as info:
        client.ask("Hello")
    error: Any = info.value
    seen = [
        str(error),
        repr(error.args),
        error.service_message,
        json.dumps(error.body),
        str(error.request_id),
        *(r.getMessage() for r in caplog.records),
    ]
    assert caplog.records
    assert [s for s in seen if SECRET in s] == []


def test_an_echoed_key_in_a_broken_stream_is_scrubbed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = f'data: {{"oops": "{request.headers["authorization"]}"\n\n'
        return httpx.Response(
            200, content=body.encode(), headers={"content-type": "text/event-stream"}
        )

    with client_with(handler) as client, pytest.raises(ResponseValidationError) as info:
        list(client.chat.completions.create(messages=HELLO, stream=True))
    assert SECRET not in str(info.value)
    assert SECRET not in info.value.raw


def test_short_test_keys_do_not_mangle_messages() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"message": "asked for a stream, got a kink"})

    with client_with(handler, api_key="k") as client, pytest.raises(InternalServerError) as info:
        client.ask("Hello")
    assert "asked for a stream, got a kink" in str(info.value)


# -- hostile or broken answers ----------------------------------------------------


@pytest.mark.parametrize("value", ["NaN", "inf", "-inf", "soon"])
def test_a_retry_after_that_is_not_a_finite_number_is_ignored(value: str) -> None:
    assert retry_after_seconds({"retry-after": value}) is None
    assert retry_after_seconds({"retry-after-ms": value}) is None
    assert retry_delay(RetryPolicy(), 1, {"retry-after": value}, rand=lambda: 0.0) == 0.5


def test_the_client_survives_a_nan_retry_after() -> None:
    waits: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, json={"message": "slow down"}, headers={"retry-after": "NaN"})

    with client_with(handler) as client:
        client._sleep = waits.append
        with pytest.raises(Exception, match="slow down"):
            client.ask("Hello")
    assert len(waits) == 2
    assert all(0 < w < 1 for w in waits)


def test_a_corrupt_compressed_body_is_a_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, content=b"not gzip at all", headers={"content-encoding": "gzip"})

    with (
        client_with(handler, max_retries=0) as client,
        pytest.raises(APIConnectionError, match="Decod"),
    ):
        client.ask("Hello")


def test_a_compressed_body_is_fine() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = gzip.compress(json.dumps(SEED_RESPONSE).encode())
        return httpx.Response(201, content=body, headers={"content-encoding": "gzip"})

    with client_with(handler) as client:
        assert client.ask("Hello") == "Hello! How can I assist you today?"


def test_odd_usage_values_do_not_lose_the_answer() -> None:
    body = {
        **SEED_RESPONSE,
        "usage": {"prompt_tokens": "5", "completion_tokens": None, "total_tokens": 3},
    }
    body["meta"] = {"usage": {"credits_used": "lots", "usd_spent": 0.25}}

    with client_with(lambda request: httpx.Response(201, json=body)) as client:
        assert client.ask("Hello") == "Hello! How can I assist you today?"
        totals = client.usage_totals()
    assert (totals.prompt_tokens, totals.total_tokens, totals.credits_used, totals.usd_spent) == (
        0,
        3,
        None,
        0.25,
    )


@pytest.mark.parametrize(
    "events",
    [
        [],
        [
            '{"id": "m", "object": "chat.completion.chunk", "created": 1, "model": "m", '
            '"choices": [{"index": 0, "delta": {"content": "Hal"}}]}'
        ],
    ],
    ids=["empty", "cut-short"],
)
def test_a_stream_cut_short_is_an_error_with_what_arrived(events: list[str]) -> None:
    body = "".join(f"data: {e}\n\n" for e in events).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    with (
        client_with(handler) as client,
        pytest.raises(APIConnectionError, match="before the answer was complete") as info,
    ):
        client.chat.completions.create(messages=HELLO, stream=True).get_final_completion()
    assert info.value.partial_text == ("Hal" if events else "")


def test_raw_stream_content_is_empty_until_read() -> None:
    body = b'data: {"id": "m", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "finish_reason": "end_turn"}]}\n\n'

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, stream=httpx.ByteStream(body), headers={"content-type": "text/event-stream"}
        )

    with client_with(handler) as client:
        raw = client.chat.completions.with_raw_response.create(messages=HELLO, stream=True)
        assert raw.content == b""
        assert raw.parse().get_final_completion().choices[0].finish_reason == "end_turn"


# -- values JSON cannot carry are refused, naming where they are ---------------------


def seed_handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, json=SEED_RESPONSE)


def deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


@pytest.mark.parametrize("validate", [True, False])
@pytest.mark.parametrize(
    ("kwargs", "path", "words"),
    [
        ({"metadata": {1: "a"}}, "metadata", "keys must be strings"),
        ({"temperature": float("nan")}, "temperature", "not a JSON number"),
        ({"top_p": float("inf")}, "top_p", "not a JSON number"),
        (
            {"messages": [{"role": "user", "content": b"hi"}]},
            "messages[0].content",
            "bytes are not JSON",
        ),
        ({"extra_body": {"x": object()}}, "x", "cannot be sent as JSON"),
        ({"stop_sequences": {"a", "b"}}, "stop_sequences", "a set has no order"),
        ({"extra_body": {"x": deep(500)}}, "x.a.a", "nested more than"),
        ({"messages": [{"role": "user", "content": "bad \ud800 text"}]}, "body", "lone surrogate"),
    ],
)
def test_unsendable_values_are_named(
    kwargs: dict[str, Any], path: str, words: str, validate: bool
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return seed_handler(request)

    kwargs = {"messages": HELLO, **kwargs}
    with (
        client_with(handler, validate=validate) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        client.chat.completions.create(**kwargs)
    assert f"{path}" in str(info.value)
    assert words in str(info.value)
    assert sent == []


def test_messages_may_be_any_iterable() -> None:
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return seed_handler(request)

    with client_with(handler) as client:
        client.chat.completions.create(messages=(m for m in HELLO), stop_sequences=("END",))
    assert sent[0]["messages"] == HELLO
    assert sent[0]["stop_sequences"] == ["END"]


def test_type_errors_name_the_type_once() -> None:
    with client_with(seed_handler) as client, pytest.raises(RequestValidationError) as info:
        client.chat.completions.create(messages={"role": "user"})  # type: ignore[dict-item]
    assert "messages: expected array, received object" in str(info.value)


# -- configuration mistakes are configuration errors ----------------------------------


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"api_key": "kéy-0123456789"}, "non-ASCII"),
        ({"api_key": 123}, "must be a string"),
        ({"max_retries": "2"}, "max_retries"),
        ({"max_retries": -1}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "fast"}, "timeout"),
        ({"base_url": "http://[::1"}, "not a valid URL"),
        ({"base_url": "https://api.aimlapi.com?x=1"}, "query"),
    ],
)
def test_configuration_mistakes(kwargs: dict[str, Any], words: str) -> None:
    kwargs = {"api_key": SECRET, **kwargs}
    with pytest.raises(ConfigurationError, match=words):
        Claude3Sonnet(**kwargs)


def test_per_call_options_are_checked_too() -> None:
    with client_with(seed_handler) as client:
        with pytest.raises(ConfigurationError, match="timeout"):
            client.ask("Hello", timeout=-1)
        with pytest.raises(ConfigurationError, match="max_retries"):
            client.ask("Hello", max_retries=-3)


def test_an_http_client_keeps_its_own_timeout() -> None:
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return seed_handler(request)

    http = httpx.Client(transport=httpx.MockTransport(handler), timeout=3.0)
    with Claude3Sonnet(api_key=SECRET, http_client=http) as client:
        client.ask("Hello")
        client.ask("Hello", timeout=7.0)
    assert seen[0]["read"] == 3.0
    assert seen[1]["read"] == 7.0


def test_ask_and_stream_refuse_a_stream_argument() -> None:
    with client_with(seed_handler) as client:
        with pytest.raises(TypeError, match="stream"):
            client.ask("Hello", stream=True)  # type: ignore[call-arg]
        with pytest.raises(TypeError, match="always streams"):
            client.chat.completions.stream(messages=HELLO, stream=False)  # type: ignore[call-arg]
