"""Garbage in, a well-formed 4xx out, and the server keeps serving."""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claude_3_sonnet.core.validation import violations
from claude_3_sonnet.mock import MockServer

from .mock_helpers import AUTH, CHAT, HELLO, completion, error_of, request

JSON_HEADERS = {**AUTH, "Content-Type": "application/json"}
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _well_formed_client_error(response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert violations(body, "ErrorResponse") == []
    assert body["statusCode"] == response.status_code
    assert isinstance(body["message"], str)


@pytest.fixture(scope="module")
def http(mock_server: MockServer) -> Any:
    with httpx.Client(base_url=mock_server.base_url, timeout=30) as client:
        yield client


@FUZZ
@given(content=st.binary(max_size=2048))
def test_random_bytes(http: httpx.Client, content: bytes) -> None:
    _well_formed_client_error(http.post(CHAT, content=content, headers=JSON_HEADERS))


@FUZZ
@given(text=st.text(max_size=512))
def test_random_text(http: httpx.Client, text: str) -> None:
    response = http.post(CHAT, content=text.encode("utf-8", "surrogatepass"), headers=JSON_HEADERS)
    _well_formed_client_error(response)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(value=JSON_VALUES)
def test_random_json(http: httpx.Client, value: Any) -> None:
    _well_formed_client_error(http.post(CHAT, content=json.dumps(value), headers=JSON_HEADERS))


@FUZZ
@given(
    messages=st.lists(
        st.fixed_dictionaries(
            {
                "role": st.sampled_from(["user", "assistant", "tool", "System"]),
                "content": JSON_VALUES,
            }
        ),
        max_size=3,
    )
)
def test_random_messages_never_5xx(http: httpx.Client, messages: list[Any]) -> None:
    body = {"model": "claude-3-sonnet-latest", "messages": messages}
    response = http.post(CHAT, content=json.dumps(body), headers=JSON_HEADERS)
    assert response.status_code in {201, 400}, response.text
    if response.status_code == 400:
        _well_formed_client_error(response)


@FUZZ
@given(text=st.text(), system=st.text(), stops=st.lists(st.text(max_size=3), max_size=3))
def test_any_text_round_trips(http: httpx.Client, text: str, system: str, stops: list[str]) -> None:
    body = request(text, system=system, stop_sequences=stops, max_tokens=50)
    response = http.post(CHAT, content=json.dumps(body), headers=JSON_HEADERS)
    assert response.status_code == 201, response.text
    assert violations(response.json(), "ChatCompletion") == []


def test_lone_surrogates_do_not_break_the_answer(http: httpx.Client) -> None:
    content = '{"model": "claude-3-sonnet-latest", "messages": [{"role": "user", "content": "a \\ud800 b"}]}'
    response = http.post(CHAT, content=content, headers=JSON_HEADERS)
    assert response.status_code == 201
    assert response.json()["choices"][0]["message"]["content"] == "You said: a ? b"


@pytest.mark.parametrize("depth", [200, 5_000, 100_000])
def test_deep_nesting(http: httpx.Client, depth: int) -> None:
    content = "[" * depth + "]" * depth
    _well_formed_client_error(http.post(CHAT, content=content, headers=JSON_HEADERS))


def test_deep_nesting_inside_an_allowed_field(http: httpx.Client) -> None:
    nested = '{"a":' * 900 + "1" + "}" * 900
    content = (
        '{"model": "claude-3-sonnet-latest", "messages": [{"role": "assistant", "content": '
        '[{"type": "tool_use", "id": "t", "name": "n", "input": ' + nested + "}]}]}"
    )
    response = http.post(CHAT, content=content, headers=JSON_HEADERS)
    assert response.status_code in {201, 400}
    if response.status_code == 400:
        _well_formed_client_error(response)


@pytest.mark.parametrize(
    "content",
    [
        b'{"model": "claude-3-sonnet-latest", "messages": [], "max_tokens": ' + b"9" * 5000 + b"}",
        b'{"model": "claude-3-sonnet-latest", "messages": [], "max_tokens": 1e400}',
        b'{"model": "claude-3-sonnet-latest", "messages": [], "max_tokens": -Infinity}',
        b"\x00\x00\x00{",
        b"\xff\xfe{\x00}\x00",
        b'{"model": "claude-3-sonnet-latest", "messages": [{"role": "user", "content": "\xc3\x28"}]}',
    ],
)
def test_hostile_numbers_and_encodings(http: httpx.Client, content: bytes) -> None:
    _well_formed_client_error(http.post(CHAT, content=content, headers=JSON_HEADERS))


def test_huge_numbers_that_are_valid_json(http: httpx.Client) -> None:
    body = request("x", max_tokens=10**30, top_k=-(10**30), temperature=0.5, seed=10**30)
    response = http.post(CHAT, content=json.dumps(body), headers=JSON_HEADERS)
    assert response.status_code == 201


def test_body_over_the_limit_is_413(mock_server: MockServer, http: httpx.Client) -> None:
    limit = mock_server.config.max_body_bytes
    content = b'{"model": "' + b"x" * limit + b'"}'
    response = http.post(CHAT, content=content, headers=JSON_HEADERS)
    message = error_of(response, 413)
    assert str(limit) in message


def test_large_valid_body_is_answered(http: httpx.Client) -> None:
    text = "word " * 400_000
    body = request(text, max_tokens=5)
    response = http.post(CHAT, content=json.dumps(body), headers=JSON_HEADERS)
    assert response.status_code == 201
    assert response.json()["usage"]["prompt_tokens"] == 400_000


def test_garbage_headers(http: httpx.Client) -> None:
    response = http.post(
        CHAT,
        content=json.dumps(HELLO),
        headers={
            **JSON_HEADERS,
            "X-Mock-Fault": "\x7f\x01=;;==;",
            "Content-Type": "application/json;;;",
        },
    )
    _well_formed_client_error(response)


def _raw(mock_server: MockServer, data: bytes) -> bytes:
    """Send raw bytes over TCP, close our side, and return whatever came back."""
    url = urlsplit(mock_server.base_url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_client_that_hangs_up_mid_body(mock_server: MockServer) -> None:
    head = (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n"
        b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    )
    _raw(mock_server, head + b'{"model": ')
    completion(mock_server.base_url, HELLO)


def test_garbage_instead_of_http(mock_server: MockServer) -> None:
    answer = _raw(mock_server, b"\x16\x03\x01\x02\x00 not http at all\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    completion(mock_server.base_url, HELLO)


def test_server_still_serves_afterwards(mock_server: MockServer) -> None:
    completion(mock_server.base_url, HELLO)
