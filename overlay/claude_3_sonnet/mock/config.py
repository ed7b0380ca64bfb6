"""Server-wide settings of the mock.

Kept apart from the app so the client's tests, the CLI and the subprocess
runner can build one without importing Starlette.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DEFAULT_API_KEY = "mock-key"
DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
"""Anthropic's documented request limit (32 MB); larger bodies get 413."""
DEFAULT_IDLE_TIMEOUT = 5.0
"""uvicorn's keep-alive timeout, now also applied to a connection that never sends a byte."""
DEFAULT_REQUEST_TIMEOUT = 5.0
"""A whole request (32 MiB at most) crosses loopback in well under a second; a peer that
needs five is stalling on purpose (or on a link slower than 6 MiB/s: raise it there)."""
DEFAULT_RECORD_LIMIT = 1000


def _seconds(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number of seconds > 0, got {value!r}")


@dataclass(frozen=True, slots=True)
class MockConfig:
    """How the mock behaves for every request.

    Per-request behaviour (errors, delays, dropped connections) comes from
    the ``X-Mock-Fault`` header or from the script (``server.script``)
    instead; see ``faults.py`` and ``script.py``. Instances are hashable, so
    the pytest plugin keeps one running server per distinct config.
    """

    api_key: str | None = DEFAULT_API_KEY
    """The bearer token the mock accepts; ``None`` accepts any bearer token."""
    latency: float = 0.0
    """Seconds to wait before answering each chat request."""
    failure_rate: float = 0.0
    """Fraction (0..1) of valid chat requests answered 500, 502 or 503 at random."""
    seed: int = 0
    """Seed of the random failures: the n-th valid request fails or not reproducibly."""
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    """Largest request body accepted; a larger one is answered 413."""
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    """Seconds a connection may stay open without sending a request (after it opens, or
    after its last answer) before the mock closes it."""
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    """Seconds from a request's first byte until all of it (headers and body) must have
    arrived; a peer that sends half a request and stalls is disconnected after this."""
    record_limit: int = DEFAULT_RECORD_LIMIT
    """How many received requests ``server.requests`` keeps (the oldest go first); 0 keeps none."""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.latency) and self.latency >= 0):
            raise ValueError(f"latency must be a finite number >= 0, got {self.latency!r}")
        if not (0.0 <= self.failure_rate <= 1.0):
            raise ValueError(f"failure_rate must be between 0 and 1, got {self.failure_rate!r}")
        if self.max_body_bytes < 1:
            raise ValueError(f"max_body_bytes must be positive, got {self.max_body_bytes!r}")
        if self.api_key == "":
            raise ValueError("api_key must be a non-empty string, or None to accept any key")
        _seconds("idle_timeout", self.idle_timeout)
        _seconds("request_timeout", self.request_timeout)
        if self.record_limit < 0:
            raise ValueError(f"record_limit must be >= 0, got {self.record_limit!r}")
