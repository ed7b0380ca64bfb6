"""``X-Mock-Fault``: every fault on request, and the server-wide random failures."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from claude_3_sonnet.mock import Fault, FaultError, MockConfig, MockServer, parse_fault

from .mock_helpers import AUTH, CHAT, HELLO, completion, error_of, post, request

NGINX_502 = (
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
    "</center><hr><center>nginx</center></body></html>"
)


def _key() -> str:
    return f"k-{uuid.uuid4().hex[:12]}"


# ---------------------------------------------------------------- the grammar


def test_no_header_is_no_fault() -> None:
    assert parse_fault(None) == Fault()
    assert parse_fault("") == Fault()
    assert parse_fault(" ; ;") == Fault()


def test_every_parameter_parses() -> None:
    assert parse_fault(
        "status=429; retry_after=3; retry_after_ms=2500; times=2; key=a.b:c-1_2; latency=0.25"
    ) == Fault(
        status=429, retry_after=3, retry_after_ms=2500, times=2, key="a.b:c-1_2", latency=0.25
    )
    assert parse_fault("HTML=502") == Fault(html=502)
    assert parse_fault("malformed=1") == Fault(malformed=True)
    assert parse_fault("malformed=true") == Fault(malformed=True)
    assert parse_fault("drop_after=3;chunk_latency=.5") == Fault(drop_after=3, chunk_latency=0.5)
    assert parse_fault("key=abc") == Fault(key="abc")


@pytest.mark.parametrize(
    ("header", "parameter"),
    [
        ("status=abc", "status"),
        ("status=200", "status"),
        ("status=600", "status"),
        ("status=-1", "status"),
        ("status", "status"),
        ("html=1000", "html"),
        ("malformed=yes", "malformed"),
        ("drop_after=x", "drop_after"),
        ("latency=-1", "latency"),
        ("latency=61", "latency"),
        ("latency=nan", "latency"),
        ("chunk_latency=1e3", "chunk_latency"),
        ("status=429; retry_after=1.5", "retry_after"),
        ("status=429; retry_after_ms=soon", "retry_after_ms"),
        ("times=2", "times"),
        ("status=500; times=two; key=a", "times"),
        ("key=has space", "key"),
        ("key=", "key"),
        ("retry_after=1", "retry_after"),
        ("retry_after_ms=1", "retry_after_ms"),
        ("status=500; status=502", "status"),
        ("explode=1", "explode"),
        ("status=500; html=502", "html"),
        ("status=500; malformed=1", "malformed"),
        ("drop_after=1; html=502", "drop_after"),
    ],
)
def test_bad_values_name_the_parameter(header: str, parameter: str) -> None:
    with pytest.raises(FaultError) as caught:
        parse_fault(header)
    assert caught.value.parameter == parameter


def test_bad_header_is_400_naming_the_parameter(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, HELLO, fault="status=500; retry_after=soon")
    message = error_of(response, 400)
    assert message.startswith("Invalid X-Mock-Fault header: retry_after: ")
    assert "'soon'" in message


# ------------------------------------------------------------------ statuses


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (400, "Bad Request"),
        (401, "This request requires a valid API key. Get one at https://aimlapi.com/app/keys"),
        (403, "You've run out of credits. Please top up your balance."),
        (404, "Not Found"),
        (408, "Request Timeout"),
        (429, "Too Many Requests"),
        (500, "Internal server error"),
        (502, "Bad Gateway"),
        (503, "Service unavailable"),
        (504, "Generation timeout"),
        (529, "Error 529"),
    ],
)
def test_status_fault(mock_server: MockServer, status: int, message: str) -> None:
    response = post(mock_server.base_url, HELLO, fault=f"status={status}")
    assert error_of(response, status) == message
    assert response.json() == {"statusCode": status, "message": message}


def test_429_has_retry_after_1_by_default(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, HELLO, fault="status=429")
    assert response.headers["retry-after"] == "1"
    assert "retry-after-ms" not in response.headers


def test_retry_after_overrides(mock_server: MockServer) -> None:
    response = post(
        mock_server.base_url, HELLO, fault="status=429; retry_after=7; retry_after_ms=6500"
    )
    assert response.headers["retry-after"] == "7"
    assert response.headers["retry-after-ms"] == "6500"


def test_other_statuses_have_no_retry_after_unless_asked(mock_server: MockServer) -> None:
    assert "retry-after" not in post(mock_server.base_url, HELLO, fault="status=503").headers
    asked = post(mock_server.base_url, HELLO, fault="status=503; retry_after=0")
    assert asked.headers["retry-after"] == "0"


def test_fault_wins_over_a_bad_request(mock_server: MockServer) -> None:
    response = httpx.post(
        mock_server.base_url + CHAT, content=b"junk", headers={"X-Mock-Fault": "status=502"}
    )
    assert error_of(response, 502) == "Bad Gateway"


# ------------------------------------------------------- other kinds of fault


def test_html_fault(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, HELLO, fault="html=502")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == NGINX_502


def test_html_fault_other_status(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, HELLO, fault="html=503; retry_after=2")
    assert response.status_code == 503
    assert "<title>503 Service Unavailable</title>" in response.text
    assert response.headers["retry-after"] == "2"


def test_malformed_fault(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, HELLO, fault="malformed=1")
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    assert response.text == '{"id": "broken'
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_malformed_0_is_no_fault(mock_server: MockServer) -> None:
    assert post(mock_server.base_url, HELLO, fault="malformed=0").status_code == 201


def test_latency_fault_still_answers(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, HELLO, fault="latency=0.05")
    assert response.status_code == 201


def test_chunk_latency_stream_is_complete(mock_server: MockServer) -> None:
    slow = post(mock_server.base_url, request("a b c", stream=True), fault="chunk_latency=0.01")
    fast = post(mock_server.base_url, request("a b c", stream=True))
    assert slow.status_code == 201
    assert slow.text == fast.text


def _read_dropped_stream(base_url: str, body: dict[str, object], fault: str) -> list[str]:
    """The event lines received before the connection broke (it must break)."""
    received: list[str] = []
    headers = {**AUTH, "X-Mock-Fault": fault}
    try:
        with httpx.stream("POST", base_url + CHAT, json=body, headers=headers) as response:
            assert response.status_code == 201
            received.extend(line for line in response.iter_lines() if line)
    except httpx.RemoteProtocolError:
        return received
    raise AssertionError("the stream ended normally")


def test_drop_after_cuts_the_stream(mock_server: MockServer) -> None:
    body = request("one two three four five", stream=True)
    received = _read_dropped_stream(mock_server.base_url, body, "drop_after=2")
    assert len(received) == 2
    assert all(line.startswith("data: {") for line in received)


def test_drop_after_zero_sends_only_headers(mock_server: MockServer) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        post(mock_server.base_url, request("x", stream=True), fault="drop_after=0")


def test_drop_after_past_the_end_drops_before_done(mock_server: MockServer) -> None:
    body = request("x", stream=True)
    received = _read_dropped_stream(mock_server.base_url, body, "drop_after=100")
    assert received
    assert "data: [DONE]" not in received


def test_drop_after_cuts_a_plain_body(mock_server: MockServer) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        post(mock_server.base_url, HELLO, fault="drop_after=10")


def test_server_survives_drops(mock_server: MockServer) -> None:
    for _ in range(5):
        with pytest.raises(httpx.RemoteProtocolError):
            post(mock_server.base_url, request("x", stream=True), fault="drop_after=1")
    completion(mock_server.base_url, HELLO)


# ------------------------------------------------------------- times and keys


def test_times_fails_the_first_requests_of_a_key(mock_server: MockServer) -> None:
    key = _key()
    fault = f"status=503; times=2; key={key}"
    statuses = [post(mock_server.base_url, HELLO, fault=fault).status_code for _ in range(4)]
    assert statuses == [503, 503, 201, 201]
    assert mock_server.attempts(key) == 4


def test_keys_are_counted_separately(mock_server: MockServer) -> None:
    first, second = _key(), _key()
    assert (
        post(mock_server.base_url, HELLO, fault=f"status=429; times=1; key={first}").status_code
        == 429
    )
    assert (
        post(mock_server.base_url, HELLO, fault=f"status=429; times=1; key={second}").status_code
        == 429
    )
    assert (
        post(mock_server.base_url, HELLO, fault=f"status=429; times=1; key={first}").status_code
        == 201
    )
    assert mock_server.attempts(first) == 2
    assert mock_server.attempts(second) == 1
    assert mock_server.attempts(_key()) == 0


def test_key_alone_only_counts(mock_server: MockServer) -> None:
    key = _key()
    for _ in range(3):
        assert post(mock_server.base_url, HELLO, fault=f"key={key}").status_code == 201
    assert mock_server.attempts(key) == 3


def test_key_without_times_fails_every_time(mock_server: MockServer) -> None:
    key = _key()
    for _ in range(3):
        assert post(mock_server.base_url, HELLO, fault=f"status=500; key={key}").status_code == 500


def test_times_applies_to_every_kind_of_fault(mock_server: MockServer) -> None:
    key = _key()
    fault = f"drop_after=1; times=1; key={key}"
    with pytest.raises(httpx.RemoteProtocolError):
        post(mock_server.base_url, request("x", stream=True), fault=fault)
    assert post(mock_server.base_url, request("x", stream=True), fault=fault).status_code == 201


def test_attempts_endpoint_and_reset() -> None:
    with MockServer(MockConfig(api_key="test-key")) as server:
        key = _key()
        post(server.base_url, HELLO, fault=f"key={key}")
        response = httpx.get(f"{server.base_url}/_mock/attempts/{key}")
        assert response.status_code == 200
        assert response.json() == {"key": key, "attempts": 1}
        assert httpx.delete(f"{server.base_url}/_mock/attempts").status_code == 200
        assert server.attempts(key) == 0
        post(server.base_url, HELLO, fault=f"key={key}")
        server.reset()
        assert server.attempts(key) == 0


# ------------------------------------------------------------ server-wide options


def _statuses(server: MockServer, count: int) -> list[int]:
    with httpx.Client(base_url=server.base_url, headers=AUTH) as client:
        return [client.post(CHAT, json=HELLO).status_code for _ in range(count)]


def test_failure_rate_is_reproducible_with_a_seed() -> None:
    config = MockConfig(api_key="test-key", failure_rate=0.5, seed=7)
    with MockServer(config) as first:
        one = _statuses(first, 40)
    with MockServer(config) as second:
        two = _statuses(second, 40)
    assert one == two
    assert set(one) <= {201, 500, 502, 503}
    assert 201 in one
    assert set(one) & {500, 502, 503}


def test_failure_rate_bodies_are_the_services() -> None:
    with (
        MockServer(MockConfig(api_key="test-key", failure_rate=1.0)) as server,
        httpx.Client(base_url=server.base_url, headers=AUTH) as client,
    ):
        for _ in range(10):
            response = client.post(CHAT, json=HELLO)
            assert response.json()["message"] in {
                "Internal server error",
                "Bad Gateway",
                "Service unavailable",
            }
            error_of(response, response.status_code)


def test_random_failures_spare_invalid_requests() -> None:
    with MockServer(MockConfig(api_key="test-key", failure_rate=1.0)) as server:
        assert post(server.base_url, {"model": "x"}).status_code == 400


def test_server_latency_still_answers() -> None:
    with MockServer(MockConfig(api_key="test-key", latency=0.01)) as server:
        completion(server.base_url, HELLO)


def test_every_response_has_a_request_id(mock_server: MockServer) -> None:
    responses = [
        post(mock_server.base_url, HELLO),
        post(mock_server.base_url, request("x", stream=True)),
        post(mock_server.base_url, {"model": "x"}),
        post(mock_server.base_url, HELLO, fault="status=429"),
        post(mock_server.base_url, HELLO, fault="html=502"),
        post(mock_server.base_url, HELLO, fault="malformed=1"),
        httpx.post(mock_server.base_url + CHAT, json=HELLO),
        httpx.get(mock_server.base_url + "/nowhere"),
        httpx.get(mock_server.base_url + "/_mock/health"),
    ]
    ids = [r.headers["x-request-id"] for r in responses]
    assert len(set(ids)) == len(ids)
    for request_id in ids:
        uuid.UUID(request_id)
