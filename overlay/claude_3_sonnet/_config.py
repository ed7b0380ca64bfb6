"""Where settings come from, and how secrets are kept out of sight."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from ._errors import APIError, ConfigurationError

API_KEY_VARIABLES = ("AIMLAPI_API_KEY", "AIML_API_KEY")
BASE_URL_VARIABLE = "AIMLAPI_BASE_URL"
DEFAULT_BASE_URL = "https://api.aimlapi.com"
DEFAULT_MODEL = "claude-3-sonnet-latest"
COMPLETIONS_PATH = "/v1/chat/completions"
# Generous for a long answer, quick to notice a dead connection.
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
# Connection pool sized for a busy async application.
DEFAULT_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


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


def resolve_base_url(
    base_url: str | httpx.URL | None, environ: Mapping[str, str] = os.environ
) -> str:
    """The argument, else ``AIMLAPI_BASE_URL``, else ``https://api.aimlapi.com``."""
    raw = (
        str(base_url)
        if base_url is not None
        else environ.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL
    )
    try:
        url = httpx.URL(raw)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"base_url {raw!r} is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(f"base_url must be an http(s) URL, got {raw!r}")
    if url.query or url.fragment:
        raise ConfigurationError(f"base_url must not have a query or fragment, got {raw!r}")
    return raw.rstrip("/")


def check_timeout(timeout: Any) -> None:
    """A timeout is ``None`` (wait forever), a positive number, or an ``httpx.Timeout``."""
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ConfigurationError(
            f"timeout must be a positive number of seconds, None or httpx.Timeout, got {timeout!r}"
        )


def check_max_retries(max_retries: Any) -> None:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, got {max_retries!r}")


def redact(secret: str) -> str:
    """A form of a secret safe to print: its last four characters at most."""
    return f"...{secret[-4:]}" if len(secret) >= 16 else "***"


MIN_SECRET_LENGTH = 8
"""Shorter "keys" (test stand-ins like "k") would scrub ordinary words."""


def scrub(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` replaced by its redacted form."""
    if len(secret) < MIN_SECRET_LENGTH or secret not in text:
        return text
    return text.replace(secret, redact(secret))


def _scrub_data(value: Any, secret: str) -> Any:
    if isinstance(value, str):
        return scrub(value, secret)
    if isinstance(value, dict):
        return {k: _scrub_data(v, secret) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_data(v, secret) for v in value]
    return value


def scrub_error(error: APIError, secret: str) -> APIError:
    """Remove the key from everything an error shows or carries.

    A service that echoes the Authorization header in its error body would
    otherwise put the key into messages, logs and ``.body``.
    """
    if len(secret) < MIN_SECRET_LENGTH:
        return error
    error.message = scrub(error.message, secret)
    error.args = tuple(scrub(a, secret) if isinstance(a, str) else a for a in error.args)
    for name in ("service_message", "raw", "partial_text", "request_id"):
        value = getattr(error, name, None)
        if isinstance(value, str):
            setattr(error, name, scrub(value, secret))
    if hasattr(error, "body"):
        error.body = _scrub_data(error.body, secret)
    return error
