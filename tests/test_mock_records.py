"""What the mock received: every request, parsed, judged by the contract, the key kept out."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from claude_3_sonnet import APITimeoutError, Claude3Sonnet, RequestValidationError
from claude_3_sonnet.core.validation import Violation
from claude_3_sonnet.mock import MockConfig, MockServer, RecordedRequest
from claude_3_sonnet.mock.records import Recorder, assert_all_valid, record
from claude_3_sonnet.testing import InProcessMock

from .mock_helpers import CHAT, PNG, request

KEY = "records-test-key-0123456789"
CONFIG = MockConfig(api_key=KEY)
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def mock() -> Iterator[InProcessMock]:
    with InProcessMock(CONFIG) as inprocess:
        yield inprocess


def raw(mock: InProcessMock, **headers: str) -> httpx2.Client:
    return httpx2.Client(
        transport=mock.transport(), base_url=mock.base_url, headers={**AUTH, **headers}
    )


def test_a_request_as_the_mock_saw_it(mock: InProcessMock) -> None:
    tool = {"name": "get_weather", "input_schema": {"type": "object"}}
    body = request("What's the weather?", system="Be brief.", tools=[tool], stream=True)
    with raw(mock, **{"X-App": "weather"}) as http:
        http.post(CHAT + "?trace=1", json=body)
    seen = mock.last_request
    assert (seen.method, seen.path, seen.query, seen.status) == ("POST", CHAT, "trace=1", 201)
    assert seen.body == body
    assert seen.messages == body["messages"]
    assert seen.tools == [tool]
    assert seen.tool_names == ["get_weather"]
    assert seen.model == "claude-3-sonnet-latest"
    assert seen.stream is True
    assert seen.system == "Be brief."
    assert seen.user_text == "What's the weather?"
    assert seen.header("X-App") == "weather"
    assert seen.valid
    assert seen.scripted is None
    assert seen.describe() == "POST /v1/chat/completions?trace=1 -> 201"
    mock.assert_all_valid()


def test_user_text_of_blocks_and_openai_tools(mock: InProcessMock) -> None:
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}
    blocks: list[dict[str, Any]] = [
        {"type": "text", "text": "Look"},
        image,
        {"type": "text", "text": "here"},
    ]
    function = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    with raw(mock) as http:
        http.post(CHAT, json=request(blocks, tools=[function]))
    assert mock.last_request.user_text == "Look here"
    assert mock.last_request.tool_names == ["f"]


def test_records_cannot_be_changed_through_their_views(mock: InProcessMock) -> None:
    with raw(mock) as http:
        http.post(CHAT, json=request("Hi"))
    seen = mock.last_request
    seen.body["messages"].clear()
    seen.headers["x-injected"] = "1"
    assert seen.messages == [{"role": "user", "content": "Hi"}]
    assert "x-injected" not in seen.headers
    mock.requests.clear()
    assert len(mock.requests) == 1


def test_the_key_is_never_stored(mock: InProcessMock) -> None:
    body = request(f"my key is {KEY}", metadata={"note": KEY})
    with raw(mock, **{"X-Api-Key": KEY, "X-Debug": f"key={KEY}", "Cookie": "s=1"}) as http:
        http.post(CHAT + f"?key={KEY}", json=body)
        http.post(CHAT, content=f"not json {KEY}", headers={"Content-Type": "text/plain"})
    for seen in mock.requests:
        text = json.dumps(seen.to_json())
        assert KEY not in text
        assert KEY not in repr(seen)
    first = mock.requests[0]
    assert first.headers["authorization"] == "<redacted>"
    assert first.headers["x-api-key"] == "<redacted>"
    assert first.headers["cookie"] == "<redacted>"
    assert first.messages[0]["content"].startswith("my key is ...")  # still JSON, scrubbed


def test_the_key_is_not_in_a_violation_that_quotes_it() -> None:
    """A rejected value is quoted in its violation, cut short at 60 characters: neither form stays.

    Checked on both sides: the client's own ``RequestValidationError``, and the mock's record.
    """
    long_key = "records-test-key-" + "0123456789" * 6
    bodies = [request("Hi", max_tokens=value) for value in (long_key, f"my key is {long_key}")]
    with InProcessMock(MockConfig(api_key=long_key)) as keyed:
        with keyed.client() as client:
            for body in bodies:
                with pytest.raises(RequestValidationError) as refused:
                    client.chat.completions.create(**body)
                assert long_key[:20] not in f"{refused.value} {refused.value.violations}"
        headers = {"Authorization": f"Bearer {long_key}"}
        with httpx2.Client(transport=keyed.transport(), base_url=keyed.base_url) as http:
            for body in bodies:
                assert http.post(CHAT, json=body, headers=headers).status_code == 400
        for seen in keyed.requests:
            assert seen.violations
            assert long_key[:20] not in json.dumps(seen.to_json())
        with pytest.raises(AssertionError) as failed:
            keyed.assert_all_valid()
        assert long_key[:20] not in str(failed.value)


def test_a_wrong_key_is_scrubbed_too(mock: InProcessMock) -> None:
    other = "someone-elses-key-42"
    with raw(mock, Authorization=f"Bearer {other}") as http:
        assert http.post(CHAT, json=request(f"echo {other}")).status_code == 401
    assert other not in json.dumps(mock.last_request.to_json())
    assert mock.last_request.status == 401


def test_contract_violations_are_recorded_and_asserted(mock: InProcessMock) -> None:
    with raw(mock) as http:
        http.post(CHAT, json=request("ok"))
        http.post(CHAT, json={**request("x"), "max_tokens": 0})
        http.post(CHAT, content=b"{", headers={"Content-Type": "application/json"})
        http.post(CHAT, json=request("no key"), headers={"Authorization": ""})
        http.get("/v1/chat/completion")
    assert [r.status for r in mock.requests] == [201, 400, 400, 401, 404]
    assert [r.valid for r in mock.requests] == [True, False, False, False, False]
    assert mock.requests[1].violations[0].path == "max_tokens"
    assert mock.requests[2].body is None
    assert mock.requests[3].violations[0].path == "headers.authorization"
    assert "not an operation of the contract" in mock.requests[4].violations[0].message
    with pytest.raises(AssertionError) as failed:
        mock.assert_all_valid()
    message = str(failed.value)
    assert message.startswith("4 of the 5 requests the mock received break the contract:")
    assert "requests[1]: POST /v1/chat/completions -> 400" in message
    assert "max_tokens: 0 is not a number >= 1" in message
    assert "requests[4]: GET /v1/chat/completion -> 404" in message


def test_control_endpoints_are_not_recorded(mock: InProcessMock) -> None:
    with raw(mock) as http:
        http.get("/_mock/health")
        http.get("/_mock/nothing-here")
    assert mock.requests == []


def test_recorded_before_the_wait() -> None:
    with (
        MockServer(CONFIG) as server,
        Claude3Sonnet(api_key=KEY, base_url=server.base_url, timeout=0.2, max_retries=0) as client,
    ):
        server.script.delay(5)
        with pytest.raises(APITimeoutError):
            client.ask("x")
        assert server.last_request.scripted == "own answer, after 5 s"
        started = time.monotonic()
    assert time.monotonic() - started < 2  # the server did not wait out the delay to stop


def test_the_oldest_go_first() -> None:
    with InProcessMock(MockConfig(api_key=KEY, record_limit=3)) as mock, raw(mock) as http:
        http.post(CHAT, json={"bad": 1})
        for word in ["a", "b", "c"]:
            http.post(CHAT, json=request(word))
        assert [r.user_text for r in mock.requests] == ["a", "b", "c"]
        with pytest.raises(AssertionError, match="an older request \\(no longer kept\\)"):
            mock.assert_all_valid()  # the invalid one was dropped, not forgotten
        mock.reset()
        mock.assert_all_valid()


def test_recording_can_be_off() -> None:
    with InProcessMock(MockConfig(api_key=KEY, record_limit=0)) as mock, raw(mock) as http:
        assert http.post(CHAT, json=request("x")).status_code == 201
        assert mock.requests == []


def test_memory_is_bounded_by_bytes_too() -> None:
    recorder = Recorder(limit=1000, max_bytes=1000)
    for index in range(10):
        recorder.add(_entry(b"x" * 400, f"/{index}"))
    kept = recorder.snapshot()
    assert [r.path for r in kept] == ["/8", "/9"]
    assert recorder.evicted == 8
    recorder.add(_entry(b"y" * 5000, "/big"))  # the newest is kept, whatever its size
    assert [r.path for r in recorder.snapshot()] == ["/big"]


def test_short_keys_are_not_scrubbed() -> None:
    """As everywhere in the package, a key under 8 characters would scrub ordinary words."""
    entry = record(
        method="POST",
        path=CHAT,
        query="",
        headers=[(b"authorization", b"Bearer k"), (b"x-note", b"keep k")],
        content=b'{"k": "k"}',
        status=201,
        secrets=["k"],
    )
    assert entry.headers == {"authorization": "<redacted>", "x-note": "keep k"}
    assert entry.content == b'{"k": "k"}'


def test_json_round_trip() -> None:
    entry = _entry(b'{"a": 1}', CHAT, Violation("a", "is wrong", "b", "1"))
    assert RecordedRequest.from_json(json.loads(json.dumps(entry.to_json()))) == entry
    with pytest.raises(AssertionError, match="requests\\[0\\]: POST /v1/chat/completions"):
        assert_all_valid([entry])


def _entry(content: bytes, path: str, *problems: Violation) -> RecordedRequest:
    return RecordedRequest("POST", path, "", (("a", "b"),), content, 201, problems)
