"""Scripted outcomes: queued from Python, served in order, shaped exactly as the service's.

Each test runs against both mocks that share the app's state in this
process: ``MockServer`` (a socket) and ``InProcessMock`` (no socket).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import httpx2
import pytest

from claude_3_sonnet import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    Claude3Sonnet,
    InternalServerError,
    RateLimitError,
    ResponseValidationError,
)
from claude_3_sonnet.core.validation import violations
from claude_3_sonnet.mock import MockConfig, MockProcess, MockServer, ScriptError, Step
from claude_3_sonnet.mock.controls import MockControls
from claude_3_sonnet.mock.script import MAX_STEPS, Script, ScriptedReply
from claude_3_sonnet.testing import InProcessMock

from .mock_helpers import CHAT, events, request

KEY = "script-test-key"
CONFIG = MockConfig(api_key=KEY)
AUTH = {"Authorization": f"Bearer {KEY}"}
OPENAI_SHAPED: dict[str, Any] = {"messages": [{"role": "system", "content": "Be brief."}]}


@pytest.fixture(scope="module")
def socket_mock() -> Iterator[MockServer]:
    with MockServer(CONFIG) as server:
        yield server


@pytest.fixture(params=["socket", "inprocess"])
def mock(request: pytest.FixtureRequest, socket_mock: MockServer) -> Iterator[MockControls]:
    if request.param == "socket":
        socket_mock.reset()
        yield socket_mock
        socket_mock.reset()
    else:
        with InProcessMock(CONFIG) as inprocess:
            yield inprocess


def http(mock: MockControls) -> httpx2.Client:
    """A raw HTTP client to the mock, with the key."""
    if isinstance(mock, InProcessMock):
        return httpx2.Client(transport=mock.transport(), base_url=mock.base_url, headers=AUTH)
    assert isinstance(mock, MockServer)
    return httpx2.Client(base_url=mock.base_url, headers=AUTH, timeout=30)


def client(mock: MockControls, **options: Any) -> Claude3Sonnet:
    if isinstance(mock, InProcessMock):
        return mock.client(**options)
    assert isinstance(mock, MockServer)
    return Claude3Sonnet(api_key=KEY, base_url=mock.base_url, **options)


def chunks_of(response: httpx2.Response) -> list[dict[str, Any]]:
    payloads = list(events(response.text))
    assert payloads[-1] == "[DONE]"
    found = [json.loads(p) for p in payloads[:-1]]
    assert all(violations(c, "ChatCompletionChunk") == [] for c in found)
    return found


# -- answers -------------------------------------------------------------------------------


def test_reply_is_the_next_answer_then_the_mock_answers_as_before(mock: MockControls) -> None:
    mock.script.reply("Sunny, 18 C")
    with http(mock) as raw:
        first = raw.post(CHAT, json=request("Weather?"))
        second = raw.post(CHAT, json=request("Weather?"))
    assert first.status_code == 201
    body = first.json()
    assert violations(body, "ChatCompletion") == []
    assert body["choices"][0]["message"]["content"] == "Sunny, 18 C"
    assert body["choices"][0]["finish_reason"] == "end_turn"
    assert body["usage"] == {"prompt_tokens": 1, "completion_tokens": 3, "total_tokens": 4}
    assert body["id"].startswith("msg_")
    assert second.json()["choices"][0]["message"]["content"] == "You said: Weather?"
    assert mock.script.pending == 0


def test_streamed_reply_has_the_service_format(mock: MockControls) -> None:
    mock.script.reply("It is sunny", finish_reason="length", usage=(10, 2))
    with http(mock) as raw:
        response = raw.post(
            CHAT, json=request("x", stream=True, stream_options={"include_usage": True})
        )
    chunks = chunks_of(response)
    assert [c["choices"][0]["delta"]["content"] for c in chunks[1:-2]] == ["It", " is", " sunny"]
    assert chunks[0]["id"].startswith("msg_")
    assert all(c["id"] == "" for c in chunks[1:])
    assert chunks[-3]["choices"][0]["finish_reason"] == "length"
    assert chunks[-3]["usage"] == {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12}
    assert chunks[-2]["choices"] == [{"index": 0, "finish_reason": "length"}]
    assert chunks[-1]["choices"] == []  # include_usage: the usage chunk
    assert chunks[-1]["usage"]["total_tokens"] == 12


def test_reply_with_tool_calls(mock: MockControls) -> None:
    mock.script.reply(tool_calls=[("get_weather", {"city": "Paris"}), ("get_time", "{}")])
    mock.script.reply(tool_calls=[("get_weather", {"city": "Rome"})])
    with http(mock) as raw:
        plain = raw.post(CHAT, json=request("x")).json()
        streamed = chunks_of(raw.post(CHAT, json={**request("x", stream=True), **OPENAI_SHAPED}))
    message = plain["choices"][0]["message"]
    assert plain["choices"][0]["finish_reason"] == "tool_calls"
    assert [c["function"]["name"] for c in message["tool_calls"]] == ["get_weather", "get_time"]
    assert json.loads(message["tool_calls"][0]["function"]["arguments"]) == {"city": "Paris"}
    assert all(c["id"].startswith("toolu_") for c in message["tool_calls"])
    assert len({c["id"] for c in message["tool_calls"]}) == 2
    assert plain["usage"]["completion_tokens"] == 2
    head = streamed[1]["choices"][0]["delta"]["tool_calls"][0]
    assert head["id"].startswith("call_")  # an OpenAI-shaped request gets OpenAI ids
    arguments = "".join(
        c["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"]
        for c in streamed
        if c["choices"] and c["choices"][0].get("delta", {}).get("tool_calls")
    )
    assert json.loads(arguments) == {"city": "Rome"}


def test_the_client_reads_scripted_answers(mock: MockControls) -> None:
    mock.script.reply("Hello there", reasoning="thinking first")
    mock.script.reply(tool_calls=[("lookup", {"term": "x"})])
    with client(mock) as sonnet:
        completion = sonnet.chat.completions.create(messages=[{"role": "user", "content": "Hi"}])
        assert completion.choices[0].message.content == "Hello there"
        assert completion.choices[0].message.reasoning_content == "thinking first"
        called = sonnet.chat.completions.create(messages=[{"role": "user", "content": "Hi"}])
        calls = called.choices[0].message.tool_calls
        assert calls is not None
        assert calls[0].function.name == "lookup"


def test_times_and_order(mock: MockControls) -> None:
    mock.script.reply("one", times=2).error(503).reply("three")
    assert mock.script.pending == 4
    assert [left for _, left in mock.script.steps()] == [2, 1, 1]
    with http(mock) as raw:
        answers = [raw.post(CHAT, json=request("x")) for _ in range(5)]
    assert [r.status_code for r in answers] == [201, 201, 503, 201, 201]
    texts = [r.json()["choices"][0]["message"]["content"] for r in answers if r.status_code == 201]
    assert texts == ["one", "one", "three", "You said: x"]
    assert [r.scripted for r in mock.requests] == [
        "reply 'one'",
        "reply 'one'",
        "error 503",
        "reply 'three'",
        None,
    ]


def test_clear(mock: MockControls) -> None:
    mock.script.reply("a").reply("b")
    mock.script.clear()
    assert mock.script.pending == 0
    assert "empty" in repr(mock.script)


# -- failures ------------------------------------------------------------------------------


def test_error_comes_first_whatever_the_key_or_body(mock: MockControls) -> None:
    mock.script.error(429, retry_after=3).error(500, "Down for maintenance, request id r-1")
    with http(mock) as raw:
        limited = raw.post(CHAT, json={"not": "valid"}, headers={"Authorization": "Bearer nope"})
        down = raw.post(CHAT, json=request("x"))
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"
    assert limited.json() == {"statusCode": 429, "message": "Too Many Requests"}
    assert down.json()["message"] == "Down for maintenance, request id r-1"


def test_answers_wait_for_a_request_the_mock_would_answer(mock: MockControls) -> None:
    mock.script.reply("for the valid one")
    with http(mock) as raw:
        assert (
            raw.post(CHAT, json=request("x"), headers={"Authorization": "Bearer no"}).status_code
            == 401
        )
        assert raw.post(CHAT, json={"model": "gpt-4"}).status_code == 400
        assert mock.script.pending == 1
        valid = raw.post(CHAT, json=request("x"))
    assert valid.json()["choices"][0]["message"]["content"] == "for the valid one"


def test_html_malformed_and_the_clients_errors(mock: MockControls) -> None:
    mock.script.error(502, html=True).malformed().error(429, times=3)
    with http(mock) as raw:
        page = raw.post(CHAT, json=request("x"))
    assert page.status_code == 502
    assert page.headers["content-type"].startswith("text/html")
    with client(mock, max_retries=0) as sonnet:
        with pytest.raises(ResponseValidationError):
            sonnet.ask("x")
        with pytest.raises(RateLimitError):
            sonnet.ask("x")
        with pytest.raises(RateLimitError):
            sonnet.ask("x", max_retries=1)  # the retry meets the third 429
    assert [r.status for r in mock.requests] == [502, 201, 429, 429, 429]


def test_the_clients_retries_get_through(mock: MockControls) -> None:
    mock.script.error(503, times=2).reply("finally")
    with client(mock) as sonnet:
        assert sonnet.ask("x") == "finally"
    assert [r.status for r in mock.requests] == [503, 503, 201]


def test_scripted_failure_before_the_fault_header(mock: MockControls) -> None:
    mock.script.error(500)
    with http(mock) as raw:
        first = raw.post(CHAT, json=request("x"), headers={"X-Mock-Fault": "status=418"})
        second = raw.post(CHAT, json=request("x"), headers={"X-Mock-Fault": "status=418"})
    assert (first.status_code, second.status_code) == (500, 418)


# -- delivery ------------------------------------------------------------------------------


def test_drop_cuts_a_stream_and_the_client_keeps_what_arrived(mock: MockControls) -> None:
    mock.script.drop(after=3)
    with (
        client(mock, max_retries=0) as sonnet,
        pytest.raises(APIConnectionError) as broken,
        sonnet.chat.completions.stream(messages=[{"role": "user", "content": "a b c d"}]) as stream,
    ):
        for _ in stream.text_stream:
            pass
    assert broken.value.partial_text == "You said:"


def test_drop_cuts_a_plain_answer(mock: MockControls) -> None:
    mock.script.reply("Never whole", drop_after=20)
    with client(mock, max_retries=0) as sonnet, pytest.raises(APIConnectionError):
        sonnet.ask("x")
    assert mock.last_request.scripted == "reply 'Never whole', dropped after 20"


def test_delay_times_a_client_out_and_is_recorded_at_once(mock: MockControls) -> None:
    mock.script.delay(3, times=2)
    started = time.monotonic()
    with client(mock, max_retries=1, timeout=0.2) as sonnet, pytest.raises(APITimeoutError):
        sonnet.ask("slow")
    assert time.monotonic() - started < 2.5
    assert len(mock.requests) == 2  # both attempts, though the mock was still waiting
    assert mock.requests[0].scripted == "own answer, after 3 s"


def test_chunk_delay_paces_a_stream(mock: MockControls) -> None:
    mock.script.reply("a b c", chunk_delay=0.15)
    with client(mock) as sonnet:
        started = time.monotonic()
        arrivals = []
        with sonnet.chat.completions.stream(messages=[{"role": "user", "content": "x"}]) as s:
            for _ in s.text_stream:
                arrivals.append(time.monotonic() - started)
    assert arrivals[-1] - arrivals[0] >= 0.25  # the pieces came apart, not at once


# -- the steps themselves ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda s: s.error(200), "status: expected an error status from 400 to 599"),
        (lambda s: s.error(429, retry_after=-1), "retry_after: expected a whole number"),
        (lambda s: s.reply("x", times=0), "times: expected a whole number from 1"),
        (lambda s: s.delay(float("inf")), "delay: expected a number of seconds"),
        (lambda s: s.delay(-1), "delay: expected a number of seconds"),
        (lambda s: s.reply(chunk_delay=True), "chunk_delay: expected a number of seconds"),
        (lambda s: s.drop(after=-1), "drop_after: expected a whole number"),
        (
            lambda s: s.reply(tool_calls=[("f", {"x": {1, 2}})]),
            "tool_calls[0]: arguments are not JSON",
        ),
        (lambda s: s.reply(tool_calls=[("f",)]), "tool_calls[0]: expected (name, arguments)"),
        (lambda s: s.reply(tool_calls="f"), "tool_calls: expected a list"),
        (lambda s: s.reply(usage=(1, -2)), "usage: expected (prompt_tokens, completion_tokens)"),
        (lambda s: s.reply(finish_reason=""), "finish_reason: expected a non-empty string"),
        (lambda s: s.reply(7), "text: expected str"),
    ],
)
def test_mistakes_are_refused_when_scripted(build: Any, words: str) -> None:
    script = Script()
    with pytest.raises(ScriptError) as error:
        build(script)
    assert words in str(error.value)
    assert script.pending == 0


def test_the_queue_is_bounded() -> None:
    script = Script()
    for _ in range(MAX_STEPS):
        script.add(Step())
    with pytest.raises(ScriptError, match="holds 10000 steps at most"):
        script.reply("one more")


def test_steps_round_trip_through_json() -> None:
    steps = [
        Step(reply=ScriptedReply("Hi", (("f", '{"a": 1}'),), "stop", (3, 4), "hmm"), delay=0.5),
        Step(drop_after=2, chunk_delay=0.1, times=3),
        Script().error(429, "slow down", retry_after=2, html=True).steps()[0][0],
        Script().malformed().steps()[0][0],
    ]
    for step in steps:
        assert Step.from_json(json.loads(json.dumps(step.to_json()))) == step


@pytest.mark.parametrize(
    "value",
    [
        [{"times": 1}, "not a step"],  # all or nothing
        {"reply": "Hi"},
        {"reply": {"text": 5}},
        {"reply": {"tool_calls": [{"name": 5}]}},
        {"reply": {"usage": [1]}},
        {"error": {"status": 99}},
        {"error": {"status": 500}, "reply": {"text": "x"}},
        {"times": 10**9},
        {"delay": 1e9},
        {"surprise": 1},
    ],
)
def test_hostile_steps_over_http_get_400(socket_mock: MockServer, value: Any) -> None:
    socket_mock.reset()
    response = httpx.post(socket_mock.base_url + "/_mock/script", json=value)
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid script step: ")
    assert socket_mock.script.pending == 0


def test_reset_forgets_the_script_and_reseeds_the_dice() -> None:
    config = MockConfig(api_key=KEY, failure_rate=0.5, seed=3)
    with InProcessMock(config) as inprocess, http(inprocess) as raw:
        first = [raw.post(CHAT, json=request("x")).status_code for _ in range(8)]
        inprocess.script.reply("left over")
        inprocess.reset()
        assert inprocess.script.pending == 0
        assert inprocess.requests == []
        assert [raw.post(CHAT, json=request("x")).status_code for _ in range(8)] == first


def test_a_mock_in_a_child_process_is_scripted_over_http() -> None:
    with MockProcess(CONFIG, log_level="error") as process:
        process.script.error(503).reply("from the child", times=2)
        assert process.script.pending == 3
        assert [left for _, left in process.script.steps()] == [1, 2]
        with Claude3Sonnet(api_key=KEY, base_url=process.base_url) as sonnet:
            assert sonnet.ask("x") == "from the child"
        assert [r.status for r in process.requests] == [503, 201]
        assert process.last_request.headers["authorization"] == "<redacted>"
        process.assert_all_valid()
        process.script.clear()
        assert process.script.pending == 0
        process.reset()
        assert process.requests == []
        process.script.error(500)
        with (
            Claude3Sonnet(api_key="wrong-key-123", base_url=process.base_url) as wrong,
            pytest.raises(InternalServerError),
        ):
            wrong.ask("x", max_retries=0)  # a scripted failure comes before the key check
        with (
            Claude3Sonnet(api_key="wrong-key-123", base_url=process.base_url) as wrong,
            pytest.raises(AuthenticationError),
        ):
            wrong.ask("x")


def test_the_control_endpoint_is_bounded() -> None:
    with MockServer(MockConfig(api_key=KEY, max_body_bytes=2000)) as server:
        url = server.base_url + "/_mock/script"
        assert httpx.post(url, json={"reply": {"text": "x" * 3000}}).status_code == 413
        server.script.extend([Step()] * (MAX_STEPS - 50))
        too_many = httpx.post(url, json=[{"times": 1}] * 60)  # more than the queue has room for
        assert too_many.status_code == 400
        assert "holds 10000 steps at most" in too_many.json()["message"]
        assert server.script.pending == MAX_STEPS - 50  # all or nothing
    script = Script()
    with pytest.raises(ScriptError):
        script.extend([Step()] * (MAX_STEPS + 1))
    assert script.pending == 0
