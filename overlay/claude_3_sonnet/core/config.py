"""Where settings come from, their defaults, and how they are checked.

Every default here is one a user should not trip over by accident; each is
documented in the README's "Reliability and security" section.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from .errors import ConfigurationError

API_KEY_VARIABLES = ("AIMLAPI_API_KEY", "AIML_API_KEY")
BASE_URL_VARIABLE = "AIMLAPI_BASE_URL"
LOG_VARIABLE = "AIMLAPI_LOG"
DEFAULT_BASE_URL = "https://api.aimlapi.com"
DEFAULT_MODEL = "claude-3-sonnet-latest"
DEFAULT_MAX_RETRIES = 2

DEFAULT_TOTAL_TIMEOUT = 600.0
"""Seconds one call may take in all: connecting, every read, every attempt, every wait.
A 4,096-token answer streams in well under five minutes."""
DEFAULT_IDLE_TIMEOUT = 120.0
"""Seconds a stream may stay silent between two events (the first event included)."""

MiB = 1024 * 1024


@attrs.frozen
class ResponseLimits:
    """How much of an answer the client will hold in memory.

    Each limit stops reading as soon as it is passed (a compressed body is
    inflated piece by piece, so a gzip bomb stops at the limit, not after
    inflating) and raises :class:`~.errors.ResponseTooLargeError`.
    """

    max_response_bytes: int = 16 * MiB
    """A non-streamed answer, as received and as decompressed."""
    max_stream_bytes: int = 64 * MiB
    """A whole streamed answer, decompressed."""
    max_event_bytes: int = 4 * MiB
    """One line of a stream (one event's ``data:``)."""
    max_error_bytes: int = 64 * 1024
    """An error body: read this much at most, and keep it (once) in the exception."""

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigurationError(
                    f"ResponseLimits.{field.name} must be a whole number of bytes >= 1, "
                    f"got {value!r}"
                )


DEFAULT_LIMITS = ResponseLimits()


def resolve_api_key(api_key: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The argument, else ``AIMLAPI_API_KEY``, else ``AIML_API_KEY``."""
    if api_key is None:
        api_key = next((environ[v] for v in API_KEY_VARIABLES if environ.get(v)), None)
    if not api_key:
        raise ConfigurationError(
            "no API key: pass api_key=... or set AIMLAPI_API_KEY (or AIML_API_KEY) "
            "in the environment; get a key at https://aimlapi.com/app/keys"
        )
    if not isinstance(api_key, str):
        raise ConfigurationError(f"api_key must be a string, got {type(api_key).__name__}")
    if not api_key.isascii() or not api_key.isprintable() or any(c.isspace() for c in api_key):
        raise ConfigurationError(
            "the API key contains spaces or characters a key never has "
            "(non-ASCII or control characters); check how it was copied"
        )
    return api_key


def resolve_base_url(base_url: Any, environ: Mapping[str, str] = os.environ) -> str:
    """The argument, else ``AIMLAPI_BASE_URL``, else ``https://api.aimlapi.com``; no trailing ``/``."""
    raw = str(base_url) if base_url is not None else environ.get(BASE_URL_VARIABLE) or ""
    raw = raw or DEFAULT_BASE_URL
    try:
        parts = urlsplit(raw)
        host = parts.hostname
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError as exc:
        raise ConfigurationError(f"base_url {raw!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigurationError(f"base_url must be an http(s) URL, got {raw!r}")
    if parts.query or parts.fragment:
        raise ConfigurationError(f"base_url must not have a query or fragment, got {raw!r}")
    return raw.rstrip("/")


def endpoint_url(base_url: str, path: str) -> str:
    """``base_url`` joined with the operation's ``path``, without repeating a shared prefix.

    The openai SDK's habit is a base URL ending in ``/v1``; the contract's path
    starts with ``/v1``. ``https://api.aimlapi.com/v1`` and
    ``https://api.aimlapi.com`` both reach ``.../v1/chat/completions``, and a
    proxy prefix (``https://proxy/aiml``) is kept.
    """
    base_path = urlsplit(base_url).path.rstrip("/")
    base_segments = [s for s in base_path.split("/") if s]
    path_segments = [s for s in path.split("/") if s]
    for overlap in range(min(len(base_segments), len(path_segments)), 0, -1):
        if base_segments[-overlap:] == path_segments[:overlap]:
            return base_url.rstrip("/") + "/" + "/".join(path_segments[overlap:])
    return base_url.rstrip("/") + "/" + "/".join(path_segments)


def check_seconds(name: str, value: Any, *, allow_none: bool = True) -> float | None:
    """A positive, finite number of seconds (or ``None`` for no limit)."""
    if value is None and allow_none:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not value > 0
    ):
        also = " or None" if allow_none else ""
        raise ConfigurationError(
            f"{name} must be a positive number of seconds{also}, got {value!r}"
        )
    return float(value)


def check_max_retries(max_retries: Any) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, got {max_retries!r}")
    return max_retries
