"""The keyword arguments of the clients' methods, as types editors and mypy check.

The request fields come from the contract (``claude_3_sonnet_client.params``,
emitted by ``make generate``); the per-call options are the client's own.
A field added to the contract is accepted and typed here after
``make generate``, with no edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

import httpx2

from claude_3_sonnet_client.params import ChatCompletionCreateParams, ChatCompletionSettings


class RequestOptions(TypedDict, total=False):
    """Per-call options of every method that calls the service."""

    timeout: float | httpx2.Timeout | None
    """Per operation (connect, each read); a number applies to each."""
    total_timeout: float | None
    """Seconds the whole call may take, retries and waits included (``None``: no limit)."""
    idle_timeout: float | None
    """Seconds a stream may stay silent between events (``None``: no limit)."""
    max_retries: int
    """Retries after the first attempt."""
    extra_headers: Mapping[str, str] | None
    """Headers added to (or replacing) the client's."""
    extra_query: Mapping[str, str] | None
    """Query parameters added to the client's ``default_query``."""
    extra_body: Mapping[str, Any] | None
    """Body fields the contract does not know, sent as they are."""


class CreateKwargs(ChatCompletionCreateParams, RequestOptions, total=False):
    """``create()`` and ``stream()``: the request (``messages`` required) and the options."""


class SettingsKwargs(ChatCompletionSettings, RequestOptions, total=False):
    """``ask()``: every request field but ``messages``, and the options."""
