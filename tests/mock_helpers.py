"""Requests and checks the mock's tests share."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import httpx

from claude_3_sonnet.core.validation import violations

MOCK_API_KEY = "test-key"
CHAT = "/v1/chat/completions"
AUTH = {"Authorization": f"Bearer {MOCK_API_KEY}"}
HELLO: dict[str, Any] = {
    "model": "claude-3-sonnet-latest",
    "messages": [{"role": "user", "content": "Hello"}],
}
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="


def request(text: str | list[dict[str, Any]] = "Hello", **fields: Any) -> dict[str, Any]:
    """A valid request with one user message, plus ``fields``."""
    body = copy.deepcopy(HELLO)
    body["messages"][0]["content"] = text
    body.update(fields)
    return body


def client(base_url: str, **kwargs: Any) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers=AUTH, timeout=30, **kwargs)


def post(
    base_url: str, body: Any, *, fault: str | None = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    """POST a chat request (``body`` as JSON) with the test key."""
    sent = {**AUTH, "Content-Type": "application/json", **(headers or {})}
    if fault is not None:
        sent["X-Mock-Fault"] = fault
    return httpx.post(base_url + CHAT, content=json.dumps(body), headers=sent, timeout=30)


def completion(base_url: str, body: dict[str, Any]) -> dict[str, Any]:
    """A successful, contract-valid ``chat.completion``."""
    response = post(base_url, body)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    value: dict[str, Any] = response.json()
    assert violations(value, "ChatCompletion") == []
    return value


def events(text: str) -> Iterator[str]:
    """The ``data:`` payloads of an event stream, in order."""
    for block in text.split("\n\n"):
        if block:
            assert block.startswith("data: "), block
            yield block.removeprefix("data: ")


def stream(base_url: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    """A successful stream's chunks (``[DONE]`` checked and removed); each chunk is contract-valid."""
    response = post(base_url, {**body, "stream": True})
    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    payloads = list(events(response.text))
    assert payloads[-1] == "[DONE]"
    chunks = [json.loads(p) for p in payloads[:-1]]
    for chunk in chunks:
        assert violations(chunk, "ChatCompletionChunk") == []
    return chunks


def streamed_content(chunks: list[dict[str, Any]]) -> str:
    return "".join(
        c["choices"][0]["delta"].get("content") or ""
        for c in chunks
        if c["choices"] and "delta" in c["choices"][0]
    )


def error_of(response: httpx.Response, status: int) -> str:
    """The message of a JSON error response with ``status``, checked against the contract."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert violations(body, "ErrorResponse") == []
    assert body["statusCode"] == status
    message: str = body["message"]
    return message
