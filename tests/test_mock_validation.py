"""The mock rejects what the service rejects, with the service's status and wording."""

from __future__ import annotations

import httpx
import pytest

from claude_3_sonnet.mock import MockServer

from .mock_helpers import AUTH, CHAT, HELLO, error_of, post, request

VALIDATION = "Body validation error!\n"


def test_valid_request_is_answered_201(mock_server: MockServer) -> None:
    response = post(mock_server.base_url, HELLO)
    assert response.status_code == 201
    assert response.json()["object"] == "chat.completion"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-key"},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dGVzdC1rZXk6"},
        {"Authorization": "test-key"},
    ],
    ids=["missing", "wrong-key", "no-token", "basic", "no-scheme"],
)
def test_missing_or_wrong_key_is_401(mock_server: MockServer, headers: dict[str, str]) -> None:
    response = httpx.post(mock_server.base_url + CHAT, json=HELLO, headers=headers)
    message = error_of(response, 401)
    assert message.startswith("This request requires a valid API key.")


def test_bearer_scheme_is_case_insensitive(mock_server: MockServer) -> None:
    response = httpx.post(
        mock_server.base_url + CHAT, json=HELLO, headers={"Authorization": "bearer test-key"}
    )
    assert response.status_code == 201


def test_auth_is_checked_before_the_body(mock_server: MockServer) -> None:
    response = httpx.post(mock_server.base_url + CHAT, content=b"not json")
    error_of(response, 401)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/chat/complete"),
        ("POST", "/v2/chat/completions"),
        ("POST", "/v1/chat/completions/"),
        ("GET", "/"),
        ("GET", CHAT),
        ("PUT", CHAT),
        ("DELETE", CHAT),
        ("PATCH", CHAT),
        ("OPTIONS", CHAT),
    ],
)
def test_unknown_endpoint_or_method_is_404(mock_server: MockServer, method: str, path: str) -> None:
    response = httpx.request(method, mock_server.base_url + path, json=HELLO, headers=AUTH)
    message = error_of(response, 404)
    assert message == f"Cannot {method} {path}"
    assert response.json()["error"] == "Not Found"


def test_head_is_404_without_body(mock_server: MockServer) -> None:
    response = httpx.head(mock_server.base_url + CHAT, headers=AUTH)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
def test_body_must_be_json(mock_server: MockServer, content_type: str | None) -> None:
    headers = dict(AUTH)
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = httpx.post(
        mock_server.base_url + CHAT, content=b'{"model": "claude-3-sonnet-latest"}', headers=headers
    )
    message = error_of(response, 400)
    assert message.startswith(VALIDATION + "body: Expected content type application/json")


def test_json_content_type_with_charset_is_accepted(mock_server: MockServer) -> None:
    response = post(
        mock_server.base_url, HELLO, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"", "Expecting value"),
        (b"{", "Expecting property name"),
        (b'{"model": }', "Expecting value"),
        (b"[1, 2,]", "Expecting value"),
        (b'{"max_tokens": NaN}', "NaN is not valid JSON"),
        (b'{"max_tokens": 1e999}', "out of range"),
        (b"\xef\xbb\xbf{}", "BOM"),
    ],
)
def test_invalid_json_is_400(mock_server: MockServer, content: bytes, detail: str) -> None:
    response = httpx.post(
        mock_server.base_url + CHAT,
        content=content,
        headers={**AUTH, "Content-Type": "application/json"},
    )
    message = error_of(response, 400)
    assert message.startswith(VALIDATION + "body: Expected ")
    assert detail in message


def test_non_utf8_body_is_400(mock_server: MockServer) -> None:
    response = httpx.post(
        mock_server.base_url + CHAT,
        content='{"model": "é"}'.encode("latin-1"),
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert "Expected UTF-8 JSON" in error_of(response, 400)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ([], "body: Expected object, received array"),
        ("hello", "body: Expected object, received string"),
        (42, "body: Expected object, received integer"),
        (None, "body: Expected object, received null"),
    ],
)
def test_non_object_body_is_400(mock_server: MockServer, body: object, line: str) -> None:
    message = error_of(post(mock_server.base_url, body), 400)
    assert message == VALIDATION + line


def test_system_and_developer_messages_are_accepted(mock_server: MockServer) -> None:
    """The gateway documents them for Claude 3 today (FACTS.md); the old 400 is gone."""
    body = {
        "model": "claude-3-sonnet-latest",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "developer", "content": [{"type": "text", "text": "Answer in French."}]},
            {"role": "user", "content": "Hi"},
        ],
    }
    response = post(mock_server.base_url, body)
    assert response.status_code == 201
    assert response.json()["choices"][0]["message"]["content"] == (
        "(System prompt: Be brief. Answer in French.) You said: Hi"
    )


@pytest.mark.parametrize(
    ("body", "lines"),
    [
        ({"messages": []}, ["model: Expected a value, received nothing"]),
        (
            {"model": "claude-3-sonnet-latest"},
            ["messages: Expected a value, received nothing"],
        ),
        (
            {"model": 4, "messages": []},
            ["model: Expected string, received 4"],
        ),
        (
            {"model": "claude-3-sonnet-latest", "messages": "Hello"},
            ["messages: Expected array, received string"],
        ),
        (
            request(max_tokens=0),
            ["max_tokens: Expected a number >= 1, received 0"],
        ),
        (
            request(max_tokens=1.5),
            ["max_tokens: Expected integer, received number"],
        ),
        (
            request(temperature=2.5),
            ["temperature: Expected a number <= 2, received 2.5"],
        ),
        (
            request(stream="yes"),
            ["stream: Expected boolean, received string"],
        ),
        (
            request(metadata={"user_id": 42}),
            ["metadata.user_id: Expected string, received integer"],
        ),
        (
            request(tool_choice={"type": "sometimes"}),
            [
                "tool_choice: Expected string | type 'auto' | type 'any' | type 'tool' | "
                "type 'none' | type 'function' | type 'custom' | type 'allowed_tools', "
                "received object with type 'sometimes'"
            ],
        ),
        (
            request(tools=[{"name": "x"}]),
            ["tools[0].input_schema: Expected a value, received nothing"],
        ),
    ],
)
def test_contract_violations_are_listed_one_per_line(
    mock_server: MockServer, body: object, lines: list[str]
) -> None:
    message = error_of(post(mock_server.base_url, body), 400)
    assert message == VALIDATION + "\n".join(lines)


def test_every_violation_is_reported(mock_server: MockServer) -> None:
    body = {
        "model": "claude-3-sonnet-latest",
        "messages": [
            {"role": "robot", "content": "Hi"},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Look", "extra": 1},
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/bmp", "data": "AA"},
                    },
                ],
            },
        ],
        "max_tokens": -1,
    }
    message = error_of(post(mock_server.base_url, body), 400)
    lines = message.split("\n")
    assert lines[0] == "Body validation error!"
    assert sorted(lines[1:]) == sorted(
        [
            "messages[0]: Expected role 'system' | role 'developer' | role 'user' | "
            "role 'assistant' | role 'tool', received object with role 'robot'",
            "messages[1].content[1].source.media_type: Expected one of 'image/jpeg', "
            "'image/png', 'image/gif', 'image/webp', received 'image/bmp'",
            "max_tokens: Expected a number >= 1, received -1",
        ]
    )


def test_unknown_top_level_fields_are_accepted(mock_server: MockServer) -> None:
    """The contract leaves the request open (the openai SDK sends fields of its own)."""
    response = post(mock_server.base_url, request(n=1, user="u-1"))
    assert response.status_code == 201
