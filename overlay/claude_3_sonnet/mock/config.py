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


@dataclass(frozen=True, slots=True)
class MockConfig:
    """How the mock behaves for every request.

    Per-request behaviour (errors, delays, dropped connections) comes from
    the ``X-Mock-Fault`` header instead; see ``faults.py``.
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

    def __post_init__(self) -> None:
        if not (math.isfinite(self.latency) and self.latency >= 0):
            raise ValueError(f"latency must be a finite number >= 0, got {self.latency!r}")
        if not (0.0 <= self.failure_rate <= 1.0):
            raise ValueError(f"failure_rate must be between 0 and 1, got {self.failure_rate!r}")
        if self.max_body_bytes < 1:
            raise ValueError(f"max_body_bytes must be positive, got {self.max_body_bytes!r}")
        if self.api_key == "":
            raise ValueError("api_key must be a non-empty string, or None to accept any key")
