"""The client over real HTTP against the mock server: every call, every fault.

Waits are recorded instead of slept (the clients' ``_sleep`` hook), so the
tests check that ``Retry-After`` is honoured without measuring time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from claude_3_sonnet import (
    APIConnectionError,
    APITimeoutError,
    AsyncClaude3Sonnet,
    AuthenticationError,
    BadRequestError,
    ChatCompletion,
    ChatCompletionChunk,
    Claude3Sonnet,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RequestValidationError,
    ResponseValidationError,
    Stream,
)
from claude_3_sonnet.mock import MockServer
from claude_3_sonnet_client.params import MessageParam

KEY = "test-key"
HELLO: list[MessageParam] = [{"role": "user", "content": "Hello"}]


def fault(spec: str) -> dict[str, str]:
    return {"X-Mock-Fault": spec}


def unique_key() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def client(mock_server: MockServer, waits: list[float]) -> Iterator[Claude3Sonnet]:
    with Claude3Sonnet(api_key=KEY, base_url=mock_server.base_url) as c:
        c._sleep = waits.append
        yield c


def async_client(base_url: str, waits: list[float], **kwargs: Any) -> AsyncClaude3Sonnet:
    client = AsyncClaude3Sonnet(api_key=KEY, base_url=base_url, **kwargs)

    async def record(delay: float) -> None:
        waits.append(delay)

    client._sleep = record
    return client


# -- every public call ------------------------------------------------------


def test_create_returns_a_generated_completion(client: Claude3Sonnet) -> None:
    completion = client.chat.completions.create(model="claude-3-sonnet-latest", messages=HELLO)
    assert isinstance(completion, ChatCompletion)
    assert completion.model == "claude-3-sonnet-20240229"
    assert isinstance(completion.choices[0].message.content, str)
    assert completion.choices[0].message.content


def test_same_request_same_answer(client: Claude3Sonnet) -> None:
    first = client.chat.completions.create(messages=HELLO, max_tokens=50)
    second = client.chat.completions.create(messages=HELLO, max_tokens=50)
    assert first.to_dict() == second.to_dict()


def test_stream_equals_the_non_streamed_answer(client: Claude3Sonnet) -> None:
    complete = client.chat.completions.create(messages=HELLO, system="Be brief")
    stream = client.chat.completions.create(messages=HELLO, system="Be brief", stream=True)
    assert isinstance(stream, Stream)
    chunks = list(stream)
    assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert chunks[0].id
    assert all(c.id == "" for c in chunks[1:])
    final = stream.get_final_completion()
    assert final.choices[0].message.content == complete.choices[0].message.content
    assert final.usage.to_dict() == complete.usage.to_dict()  # type: ignore[union-attr]


def test_stream_helper(client: Claude3Sonnet) -> None:
    expected = client.chat.completions.create(messages=HELLO).choices[0].message.content
    with client.chat.completions.stream(messages=HELLO) as s:
        text = "".join(s.text_stream)
        final = s.get_final_completion()
    assert text == expected == final.choices[0].message.content


def test_early_exit_releases_the_connection(client: Claude3Sonnet) -> None:
    streams = []
    for _ in range(3):
        with client.chat.completions.create(messages=HELLO, max_tokens=400, stream=True) as stream:
            next(iter(stream))
        streams.append(stream)
    assert all(s.response.is_closed for s in streams)
    assert client.ask("Still working?")


def test_ask(client: Claude3Sonnet) -> None:
    answer = client.ask("Hello", system="Be brief")
    assert isinstance(answer, str)
    assert answer


def test_with_raw_response(client: Claude3Sonnet) -> None:
    raw = client.chat.completions.with_raw_response.create(messages=HELLO)
    assert raw.status_code == 201
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.request_id
    completion = raw.parse()
    assert isinstance(completion, ChatCompletion)
    assert raw.parse() is completion
    streamed = client.chat.completions.with_raw_response.create(messages=HELLO, stream=True)
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert streamed.parse().get_final_text() == completion.choices[0].message.content


def test_async_calls(mock_server: MockServer, waits: list[float]) -> None:
    async def main() -> None:
        async with async_client(mock_server.base_url, waits) as client:
            completion = await client.chat.completions.create(messages=HELLO)
            stream = await client.chat.completions.create(messages=HELLO, stream=True)
            texts = [
                c.choices[0].delta.content async for c in stream if c.choices and c.choices[0].delta
            ]
            assert (
                "".join(t for t in texts if isinstance(t, str))
                == completion.choices[0].message.content
            )
            async with client.chat.completions.stream(messages=HELLO) as s:
                assert (await s.get_final_text()) == completion.choices[0].message.content
            assert await client.ask("Hello") == completion.choices[0].message.content
            raw = await client.chat.completions.with_raw_response.create(messages=HELLO)
            assert raw.status_code == 201
            assert raw.parse().id == completion.id
            results = await asyncio.gather(*(client.ask(f"task {i}") for i in range(20)))
            assert len(set(results)) == 20

    asyncio.run(main())


def test_one_client_shared_by_threads(client: Claude3Sonnet) -> None:
    answers: dict[int, str] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            answers[i] = client.ask(f"thread {i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert answers == {i: client.ask(f"thread {i}") for i in range(16)}


# -- errors and faults --------------------------------------------------------


def test_validation_happens_before_sending(client: Claude3Sonnet) -> None:
    bad = [
        {
            "role": "user",
            "content": [
                {
                    "type": "image",
                    "source": {"type": "base64", "media_type": "image/bmp", "data": "x"},
                }
            ],
        }
    ]
    with pytest.raises(RequestValidationError) as info:
        client.chat.completions.create(messages=bad)  # type: ignore[arg-type]
    assert "messages[0].content[0].source.media_type: 'image/bmp' is not one of" in str(info.value)


def test_server_side_validation_is_a_bad_request(mock_server: MockServer) -> None:
    client = Claude3Sonnet(api_key=KEY, base_url=mock_server.base_url, validate=False)
    with client, pytest.raises(BadRequestError) as info:
        client.chat.completions.create(messages=HELLO, max_tokens=0)
    assert info.value.status_code == 400
    assert "Body validation error!" in str(info.value)
    assert "max_tokens" in str(info.value)


def test_wrong_key_is_not_retried(mock_server: MockServer, waits: list[float]) -> None:
    secret = "sk-wrong-0123456789abcdef"
    with Claude3Sonnet(api_key=secret, base_url=mock_server.base_url) as client:
        client._sleep = waits.append
        with pytest.raises(AuthenticationError) as info:
            client.ask("Hello")
    assert waits == []
    assert info.value.status_code == 401
    assert secret not in str(info.value)


def test_unknown_path_is_not_found(mock_server: MockServer) -> None:
    client = Claude3Sonnet(api_key=KEY, base_url=mock_server.base_url + "/nope")
    with client, pytest.raises(NotFoundError):
        client.ask("Hello")


def test_rate_limit_honours_retry_after_then_gives_up(
    client: Claude3Sonnet, waits: list[float]
) -> None:
    with pytest.raises(RateLimitError) as info:
        client.chat.completions.create(
            messages=HELLO, extra_headers=fault("status=429; retry_after=3")
        )
    assert waits == [3.0, 3.0]
    assert "429" in str(info.value)
    assert "Too Many Requests" in str(info.value)
    assert info.value.request_id


def test_retry_after_ms_wins(client: Claude3Sonnet, waits: list[float]) -> None:
    with pytest.raises(RateLimitError):
        client.chat.completions.create(
            messages=HELLO, max_retries=1, extra_headers=fault("status=429; retry_after_ms=1500")
        )
    assert waits == [1.5]


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (500, "Internal server error"),
        (502, "Bad Gateway"),
        (503, "Service unavailable"),
        (504, "Generation timeout"),
    ],
)
def test_server_errors_are_retried_then_raised(
    client: Claude3Sonnet, waits: list[float], mock_server: MockServer, status: int, words: str
) -> None:
    key = unique_key()
    with pytest.raises(InternalServerError) as info:
        client.chat.completions.create(
            messages=HELLO, extra_headers=fault(f"status={status}; times=99; key={key}")
        )
    assert info.value.status_code == status
    assert words in str(info.value)
    assert len(waits) == 2
    assert mock_server.attempts(key) == 3


def test_fail_twice_then_succeed(
    client: Claude3Sonnet, waits: list[float], mock_server: MockServer
) -> None:
    key = unique_key()
    completion = client.chat.completions.create(
        messages=HELLO, extra_headers=fault(f"status=503; times=2; key={key}")
    )
    assert completion.choices[0].message.content
    assert mock_server.attempts(key) == 3
    assert len(waits) == 2


def test_max_retries_per_call(
    client: Claude3Sonnet, waits: list[float], mock_server: MockServer
) -> None:
    key = unique_key()
    with pytest.raises(InternalServerError):
        client.chat.completions.create(
            messages=HELLO, max_retries=0, extra_headers=fault(f"status=500; times=5; key={key}")
        )
    assert mock_server.attempts(key) == 1
    assert waits == []


def test_stream_is_retried_before_its_first_event(
    client: Claude3Sonnet, mock_server: MockServer
) -> None:
    key = unique_key()
    stream = client.chat.completions.create(
        messages=HELLO, stream=True, extra_headers=fault(f"status=502; times=1; key={key}")
    )
    assert stream.get_final_text()
    assert mock_server.attempts(key) == 2


def test_latency_past_the_timeout_raises_a_timeout(
    client: Claude3Sonnet, waits: list[float]
) -> None:
    with pytest.raises(APITimeoutError):
        client.chat.completions.create(
            messages=HELLO, timeout=0.2, max_retries=1, extra_headers=fault("latency=2")
        )
    assert len(waits) == 1


def test_slow_stream_times_out_with_partial_text(client: Claude3Sonnet) -> None:
    stream = client.chat.completions.create(
        messages=HELLO,
        stream=True,
        timeout=0.3,
        max_tokens=30,
        extra_headers=fault("chunk_latency=2"),
    )
    with pytest.raises(APITimeoutError) as info:
        list(stream)
    assert info.value.chunks
    assert info.value.partial_text == stream.partial_text


def test_dropped_stream_keeps_partial_text(client: Claude3Sonnet) -> None:
    expected = (
        client.chat.completions.create(messages=HELLO, max_tokens=40).choices[0].message.content
    )
    stream = client.chat.completions.create(
        messages=HELLO, max_tokens=40, stream=True, extra_headers=fault("drop_after=3")
    )
    received: list[str] = []
    with pytest.raises(APIConnectionError) as info:
        received.extend(stream.text_stream)
    assert len(info.value.chunks) == 3
    assert info.value.partial_text == "".join(received)
    assert isinstance(expected, str)
    assert expected.startswith(info.value.partial_text)


def test_malformed_success_body(client: Claude3Sonnet) -> None:
    with pytest.raises(ResponseValidationError) as info:
        client.chat.completions.create(messages=HELLO, extra_headers=fault("malformed=1"))
    assert info.value.status_code == 201
    assert info.value.raw.startswith('{"id": "broken')
    assert "not JSON" in str(info.value)


def test_html_error_page_from_a_proxy(client: Claude3Sonnet, waits: list[float]) -> None:
    with pytest.raises(InternalServerError) as info:
        client.chat.completions.create(messages=HELLO, extra_headers=fault("html=502"))
    assert "502 Bad Gateway" in str(info.value)
    assert "<" not in str(info.value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_unreachable_server_is_a_connection_error(waits: list[float]) -> None:
    with Claude3Sonnet(api_key=KEY, base_url=f"http://127.0.0.1:{free_port()}") as client:
        client._sleep = waits.append
        with pytest.raises(APIConnectionError) as info:
            client.ask("Hello")
    assert len(waits) == 2
    assert "127.0.0.1" in str(info.value)


def test_async_faults(mock_server: MockServer, waits: list[float]) -> None:
    async def main() -> None:
        async with async_client(mock_server.base_url, waits) as client:
            with pytest.raises(RateLimitError):
                await client.chat.completions.create(
                    messages=HELLO, extra_headers=fault("status=429; retry_after=2")
                )
            assert waits == [2.0, 2.0]
            stream = await client.chat.completions.create(
                messages=HELLO, stream=True, max_tokens=40, extra_headers=fault("drop_after=2")
            )
            with pytest.raises(APIConnectionError) as info:
                async for _ in stream:
                    pass
            assert len(info.value.chunks) == 2

    asyncio.run(main())


# -- the key stays secret ------------------------------------------------------


def test_the_key_never_appears_in_repr_logs_or_errors(
    mock_server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "sk-secret-0123456789abcdef-XYZ"
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    with Claude3Sonnet(api_key=secret, base_url=mock_server.base_url, max_retries=1) as client:
        client._sleep = lambda _: None
        texts.append(repr(client))
        for headers in (fault("status=500"), fault("html=502"), fault("malformed=1"), {}):
            try:
                client.ask("Hello", extra_headers=headers)
            except Exception as exc:
                texts.extend([str(exc), repr(exc), repr(exc.args)])
    texts.extend(record.getMessage() for record in caplog.records)
    assert caplog.records
    assert texts
    assert not [t for t in texts if secret in t]


def test_extra_headers_and_extra_body_reach_the_wire() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            201,
            json={
                "id": "x",
                "object": "chat.completion",
                "created": 1,
                "model": "m",
                "choices": [],
            },
        )

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with Claude3Sonnet(api_key=KEY, http_client=http, default_headers={"X-App": "demo"}) as client:
        client.chat.completions.create(
            messages=HELLO,
            extra_headers={"X-Trace": "t1"},
            extra_body={"beta_flag": True},
            max_tokens=5,
        )
    request = seen[0]
    assert request.headers["x-app"] == "demo"
    assert request.headers["x-trace"] == "t1"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert json.loads(request.content) == {
        "model": "claude-3-sonnet-latest",
        "messages": HELLO,
        "max_tokens": 5,
        "beta_flag": True,
    }
