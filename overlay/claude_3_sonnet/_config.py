"""Where settings come from, and how secrets are kept out of sight."""

from __future__ import annotations

import os
from collections.abc import Mapping

import httpx

from ._errors import ConfigurationError

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
    if any(c.isspace() for c in api_key):
        raise ConfigurationError("the API key contains whitespace; check how it was copied")
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
    url = httpx.URL(raw)
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(f"base_url must be an http(s) URL, got {raw!r}")
    return raw.rstrip("/")


def redact(secret: str) -> str:
    """A form of a secret safe to print: its last four characters at most."""
    return f"...{secret[-4:]}" if len(secret) >= 16 else "***"


def scrub(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` replaced by its redacted form."""
    return text.replace(secret, redact(secret)) if secret and secret in text else text
