"""Keep the API key out of sight: the one place the package scrubs secrets.

The key travels in one request header and nowhere else. It could still leak
three ways, each closed here:

* a server that echoes the ``Authorization`` header back (in an error body,
  a response header, even a streamed answer) would put the key into an
  exception's message, ``.body``, ``.headers``, ``.partial_text`` or
  ``.chunks``: :func:`scrub_error` replaces it wherever an error is made;
* the HTTP libraries' DEBUG logs print response headers:
  :class:`SecretFilter` rewrites such records on the ``httpx``/``httpcore``
  loggers (and ours) before any handler sees them;
* an error chained to an HTTP library's exception would carry the request
  and its headers: the transport never chains one (see ``transport.http``).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import attrs

from .errors import APIError, Claude3SonnetError
from .validation import Violation

MIN_SECRET_LENGTH = 8
"""Shorter "keys" (test stand-ins like "k") would scrub ordinary words."""

LOGGERS = (
    "claude_3_sonnet",
    "httpx",
    "httpx2",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore2",
    "httpcore2.connection",
    "httpcore2.http11",
    "httpcore2.http2",
    "httpcore2.proxy",
)
"""Loggers whose records may quote headers. A filter on a logger does not apply to
records of its children, so each is listed."""


def redact(secret: str) -> str:
    """A form of a secret safe to print: its last four characters at most."""
    return f"...{secret[-4:]}" if len(secret) >= 16 else "***"


def scrub(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` replaced by its redacted form.

    A copy cut short for display (``describe`` abridges a quoted value to
    ``sk-abcdef...``) goes too, down to ``MIN_SECRET_LENGTH`` characters.
    """
    if len(secret) < MIN_SECRET_LENGTH or secret[:MIN_SECRET_LENGTH] not in text:
        return text
    text = text.replace(secret, redact(secret))
    for end in range(len(secret) - 1, MIN_SECRET_LENGTH - 1, -1):
        cut = secret[:end] + "..."
        if cut in text:
            text = text.replace(cut, redact(secret) + "...")
    return text


def scrub_data(value: Any, secret: str) -> Any:
    """JSON-like data (or any nesting of dicts, lists and strings) with the secret scrubbed."""
    if isinstance(value, str):
        return scrub(value, secret)
    if isinstance(value, dict):
        return {scrub_data(k, secret): scrub_data(v, secret) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub_data(v, secret) for v in value)
    if isinstance(value, Violation):  # quotes the value it rejects
        return Violation(*(scrub(text, secret) for text in attrs.astuple(value)))
    return value


def _scrub_chunks(chunks: Any, secret: str) -> Any:
    """Chunks without the secret: their JSON is searched as bytes, rebuilt only if it holds it."""
    events = getattr(chunks, "events", None)
    if isinstance(events, list):  # a stream's ChunkList: the chunks' JSON as received
        needle = secret.encode("utf-8")
        if not any(needle in event for event in events):
            return chunks
        masked = redact(secret).encode("utf-8")
        return type(chunks)([event.replace(needle, masked) for event in events])
    if not chunks:
        return chunks
    data = [chunk.to_dict() for chunk in chunks]
    if secret not in json.dumps(data, ensure_ascii=False, default=str):
        return chunks
    return [
        type(chunk).from_dict(scrub_data(d, secret)) for chunk, d in zip(chunks, data, strict=True)
    ]


def scrub_error(error: Claude3SonnetError, secret: str) -> Claude3SonnetError:
    """Remove the secret from everything an error shows or carries (in place; returned)."""
    if len(secret) < MIN_SECRET_LENGTH:
        return error
    error.args = tuple(scrub_data(a, secret) for a in error.args)
    for name, value in list(vars(error).items()):
        if name == "chunks":
            setattr(error, name, _scrub_chunks(value, secret))
        elif name != "response":
            setattr(error, name, scrub_data(value, secret))
    if isinstance(error, APIError):
        error.message = scrub(error.message, secret)
    return error


class SecretFilter(logging.Filter):
    """Rewrites log records that quote a registered secret.

    Filters run only for records that pass the logger's level, so this costs
    nothing unless DEBUG logging is on.
    """

    def __init__(self) -> None:
        super().__init__("claude_3_sonnet.secrets")
        self._secrets: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        if len(secret) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            self._secrets[secret] = self._secrets.get(secret, 0) + 1

    def remove(self, secret: str) -> None:
        with self._lock:
            count = self._secrets.get(secret, 0) - 1
            if count > 0:
                self._secrets[secret] = count
            else:
                self._secrets.pop(secret, None)

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = list(self._secrets)
        if not secrets:
            return True
        try:
            text = record.getMessage()
        except Exception:  # a malformed record is the logging module's to report
            return True
        cleaned = text
        for secret in secrets:
            cleaned = scrub(cleaned, secret)
        if cleaned != text:
            record.msg, record.args = cleaned, None
        return True


SECRETS = SecretFilter()
"""The process-wide filter; clients register their key on creation."""


def protect(secret: str) -> None:
    """Register a secret and make sure the filter sits on every logger that could quote it."""
    for name in LOGGERS:
        logging.getLogger(name).addFilter(SECRETS)  # idempotent: a filter is added once
    SECRETS.add(secret)


def release(secret: str) -> None:
    """Forget a secret registered with :func:`protect` (a client was closed)."""
    SECRETS.remove(secret)
