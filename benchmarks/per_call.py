"""Per call: what the client itself costs for one non-streamed call, in process.

An in-process transport answers every request with the seed page's ``201``
body, so no network and no server is measured. The floor is what a caller
writes without any SDK on the client's HTTP library: ``httpx2.Client.post(
url, json=body, headers=auth).json()``. Beside it: the same on httpx 0.28,
the generated low-level client (on httpx, which it is written for; its
time includes ``ChatCompletionRequest.from_dict(body)``, as a caller with a
dict pays it), ours with and without request validation, and the openai
SDK on the same httpx2 transport as ours. Before timing, every contender
must return the seed's answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import httpx2
import openai

from claude_3_sonnet import ChatCompletion, Claude3Sonnet
from claude_3_sonnet.core.contract import spec
from claude_3_sonnet_client import AuthenticatedClient
from claude_3_sonnet_client.api.chat import create_chat_completion
from claude_3_sonnet_client.models import ChatCompletionRequest

from .common import (
    API_KEY,
    AUTH,
    BASE_URL,
    BODY,
    MODEL,
    URL,
    Sample,
    Settings,
    canned_transport,
    interleaved,
    messages,
    timed,
    variants_table,
)

FLOOR = "raw_httpx2"
Contender = tuple[Callable[[], object], Callable[[], None]]
"""(one call, close)."""


def seed_response() -> dict[str, Any]:
    """The seed page's response, as bundled in the contract's examples."""
    response = spec()["components"]["responses"]["ChatCompletionResponse"]
    value: dict[str, Any] = response["content"]["application/json"]["examples"]["seed"]["value"]
    return value


def completion_text(result: object) -> object:
    """The answer's text, whichever contender returned ``result``."""
    if isinstance(result, dict):
        return result["choices"][0]["message"]["content"]
    if isinstance(result, ChatCompletion | openai.types.chat.ChatCompletion):
        return result.choices[0].message.content
    raise TypeError(f"unexpected result {type(result).__name__}")


def _raw(library: Any, transport: Any) -> Contender:
    client = library.Client(transport=transport)

    def call() -> object:
        return client.post(URL, json=BODY, headers=AUTH).json()

    return call, client.close


def _generated(transport: httpx.MockTransport) -> Contender:
    client = AuthenticatedClient(
        base_url=BASE_URL, token=API_KEY, httpx_args={"transport": transport}
    )

    def call() -> object:
        return create_chat_completion.sync(
            client=client, body=ChatCompletionRequest.from_dict(BODY)
        )

    return call, client.get_httpx_client().close


def _ours(transport: httpx2.MockTransport, *, validate: bool) -> Contender:
    client = Claude3Sonnet(
        api_key=API_KEY,
        base_url=BASE_URL,
        http_client=httpx2.Client(transport=transport),
        validate=validate,
    )

    def call() -> object:
        return client.chat.completions.create(model=MODEL, messages=messages())

    return call, client.close


def _openai(transport: httpx2.MockTransport) -> Contender:
    client = openai.OpenAI(
        api_key=API_KEY, base_url=BASE_URL + "/v1", http_client=httpx2.Client(transport=transport)
    )

    def call() -> object:
        return client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Hello"}]
        )

    return call, client.close


def contenders() -> dict[str, Contender]:
    body = [json.dumps(seed_response()).encode()]
    on_httpx2 = canned_transport(httpx2, 201, body, "application/json")
    on_httpx = canned_transport(httpx, 201, body, "application/json")
    return {
        FLOOR: _raw(httpx2, on_httpx2),
        "raw_httpx": _raw(httpx, on_httpx),
        "generated_client": _generated(on_httpx),
        "ours_validated": _ours(on_httpx2, validate=True),
        "ours_unvalidated": _ours(on_httpx2, validate=False),
        "openai_sdk": _openai(on_httpx2),
    }


def measure(settings: Settings) -> dict[str, Any]:
    calls = contenders()
    expected = seed_response()["choices"][0]["message"]["content"]
    try:
        for name, (call, _) in calls.items():
            text = completion_text(call())
            if text != expected:
                raise RuntimeError(f"per-call contender {name} got {text!r}, not the seed's answer")
            for _ in range(max(5, settings.calls // 10)):  # warm up
                call()

        def one(name: str) -> Sample:
            return timed(calls[name][0], settings.calls)

        samples = interleaved(list(calls), settings.rounds, one)
    finally:
        for _, close in calls.values():
            close()
    return {
        "description": (
            "client-side cost of one non-streamed call; an in-process transport answers "
            "the seed's 201"
        ),
        "floor": FLOOR,
        "calls_per_round": settings.calls,
        "variants": variants_table(samples, FLOOR, "us/call", 1e6),
    }
