"""The I/O-free core: retry decisions, error extraction, configuration, validation."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from claude_3_sonnet import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
)
from claude_3_sonnet.core.config import resolve_api_key, resolve_base_url
from claude_3_sonnet.core.contract import request_fields
from claude_3_sonnet.core.request import build_body, encode
from claude_3_sonnet.core.response import service_message, status_error
from claude_3_sonnet.core.retry import (
    Attempts,
    backoff,
    is_retryable_status,
    retry_after_seconds,
    retry_delay,
)
from claude_3_sonnet.core.secrets import redact
from claude_3_sonnet.core.validation import violations
from claude_3_sonnet.transport.http import connection_error

# -- configuration ---------------------------------------------------------


def test_api_key_from_argument_then_both_variables() -> None:
    assert resolve_api_key("arg", {"AIMLAPI_API_KEY": "a", "AIML_API_KEY": "b"}) == "arg"
    assert resolve_api_key(None, {"AIMLAPI_API_KEY": "a", "AIML_API_KEY": "b"}) == "a"
    assert resolve_api_key(None, {"AIML_API_KEY": "b"}) == "b"


def test_missing_key_names_both_variables() -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_api_key(None, {})
    assert "AIMLAPI_API_KEY" in str(info.value)
    assert "AIML_API_KEY" in str(info.value)


def test_base_url_from_argument_then_variable_then_default() -> None:
    assert resolve_base_url("http://x:1/", {}) == "http://x:1"
    assert resolve_base_url(None, {"AIMLAPI_BASE_URL": "http://env"}) == "http://env"
    assert resolve_base_url(None, {}) == "https://api.aimlapi.com"
    with pytest.raises(ConfigurationError, match="base_url"):
        resolve_base_url("ftp://nope", {})


def test_redaction_never_shows_the_key() -> None:
    key = "sk-aiml-0123456789abcdef0123"
    assert key not in redact(key)
    assert redact("short") == "***"


# -- retry decisions --------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 529])
def test_retryable_statuses(status: int) -> None:
    assert is_retryable_status(status)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_client_errors_are_never_retried(status: int) -> None:
    assert not is_retryable_status(status)


def test_retry_after_forms() -> None:
    assert retry_after_seconds({"retry-after": "3"}) == 3.0
    assert retry_after_seconds({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert (
        retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=1445412470.0)
        == 10.0
    )
    assert retry_after_seconds({"retry-after": "soon"}) is None
    assert retry_after_seconds({}) is None


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(max_retries=3, max_retry_after=5.0)
    assert retry_delay(policy, 1, {"retry-after": "2"}) == 2.0
    assert retry_delay(policy, 1, {"retry-after": "3600"}) == 5.0


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0)
    assert [backoff(policy, n, rand=lambda: 0.0) for n in (1, 2, 3, 4, 5, 6)] == [
        0.5,
        1.0,
        2.0,
        4.0,
        8.0,
        8.0,
    ]
    assert backoff(policy, 1, rand=lambda: 1.0) == 0.375


def _error(status: int, body: Any = None, **headers: str) -> APIStatusError:
    content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    return status_error(status, "Reason", headers, content)


def test_attempts_retry_until_the_budget_is_spent() -> None:
    attempts = Attempts(RetryPolicy(max_retries=2, initial_delay=0.01))
    assert attempts.next_delay(_error(503, {"message": "Service unavailable"}), retryable=True) > 0
    assert attempts.next_delay(_error(503, {"message": "Service unavailable"}), retryable=True) > 0
    with pytest.raises(InternalServerError, match="Service unavailable") as info:
        attempts.next_delay(_error(503, {"message": "Service unavailable"}), retryable=True)
    assert info.value.attempts == 3
    assert "after 3 attempts" in str(info.value)


def test_attempts_raise_client_errors_at_once() -> None:
    attempts = Attempts(RetryPolicy(max_retries=5))
    with pytest.raises(BadRequestError):
        attempts.next_delay(_error(400, {"message": "Body validation error!"}), retryable=False)


def test_transport_errors_map_to_connection_errors() -> None:
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    where = {"method": "POST", "url": str(request.url)}
    refused, retryable = connection_error(
        httpx.ConnectError("refused", request=request), httpx, None, **where
    )
    assert isinstance(refused, APIConnectionError)
    assert retryable
    timeout, _ = connection_error(httpx.ReadTimeout("slow", request=request), httpx, None, **where)
    assert isinstance(timeout, APITimeoutError)
    assert "timed out" in str(timeout)


# -- error bodies -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"statusCode": 429, "message": "Too Many Requests"}, "Too Many Requests"),
        (
            {"message": ["messages must be an array", "model is required"]},
            "messages must be an array; model is required",
        ),
        ({"error": {"message": "Invalid key", "type": "auth"}}, "Invalid key"),
        ({"error": "Not Found", "statusCode": 404}, "Not Found"),
        ("Generation timeout", "Generation timeout"),
        (
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
            "502 Bad Gateway",
        ),
        ({"unexpected": True}, '{"unexpected": true}'),
    ],
)
def test_service_message_from_every_shape(body: Any, expected: str) -> None:
    assert service_message(body) == expected


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (429, RateLimitError),
        (500, InternalServerError),
        (504, InternalServerError),
    ],
)
def test_status_errors_by_class(status: int, cls: type[Exception]) -> None:
    error = _error(status, {"message": "words"}, **{"x-request-id": "req_7"})
    assert type(error) is cls
    assert str(status) in str(error)
    assert "words" in str(error)
    assert "req_7" in str(error)
    assert error.request_id == "req_7"


def test_request_id_is_found_in_the_message_text() -> None:
    error = _error(500, {"message": "Maintenance. Request ID: abc123def456"})
    assert error.request_id == "abc123def456"


# -- request building -------------------------------------------------------


def test_request_fields_come_from_the_contract() -> None:
    assert {"model", "messages", "max_tokens", "tools", "tool_choice", "system"} <= request_fields()


def test_unknown_parameters_are_named() -> None:
    with pytest.raises(TypeError, match="'max_token'"):
        build_body({"model": "claude-3-sonnet-latest", "messages": [], "max_token": 5})


def test_none_leaves_a_field_out_and_extra_body_is_merged() -> None:
    body = build_body({"model": "m", "messages": [], "system": None}, {"beta": 1})
    assert body == {"model": "m", "messages": [], "beta": 1}


def test_violations_name_the_path_and_the_problem() -> None:
    bad = {
        "model": "claude-3-sonnet-latest",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "hi"},
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/bmp", "data": "x"},
                    },
                ],
            }
        ],
        "max_tokens": 0,
    }
    found = sorted(str(v) for v in violations(bad, "ChatCompletionRequest"))
    assert found == [
        "max_tokens: 0 is not a number >= 1",
        "messages[0].content[1].source.media_type: 'image/bmp' is not one of "
        "'image/jpeg', 'image/png', 'image/gif', 'image/webp'",
    ]


def test_violations_for_a_wrong_tool_choice_point_at_the_missing_field() -> None:
    found = violations(
        {"model": "claude-3-sonnet-latest", "messages": [], "tool_choice": {"type": "tool"}},
        "ChatCompletionRequest",
    )
    assert [str(v) for v in found] == ["tool_choice.name: is required but missing"]


def test_body_is_compact_json() -> None:
    assert json.loads(encode({"a": "é"})) == {"a": "é"}
