"""When to retry a failed attempt, and how long to wait first. Pure functions.

Retried: connection errors, timeouts, 408, 409, 429 and every 5xx. Never any
other 4xx: those are the caller's to fix. Waits grow exponentially with full
jitter on the upper quarter, and a server's ``retry-after-ms`` or
``Retry-After`` (seconds or an HTTP date) wins when it is sensible.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping

import attrs

RETRYABLE_STATUSES = frozenset({408, 409, 429})


@attrs.frozen
class RetryPolicy:
    """How hard to try. ``max_retries`` counts retries, not attempts."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    # A Retry-After longer than this is not honoured as is: it is capped.
    max_retry_after: float = 60.0

    def __attrs_post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")


def is_retryable_status(status_code: int) -> bool:
    return status_code in RETRYABLE_STATUSES or status_code >= 500


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The server's requested wait, from ``retry-after-ms`` or ``Retry-After``."""
    millis = _seconds(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000.0
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _seconds(value)
    if seconds is not None:
        return seconds
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(parsed.timestamp() - (time.time() if now is None else now), 0.0)


def _seconds(value: str | None) -> float | None:
    """A finite, non-negative number from a header ("NaN", "inf" and words are ignored)."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return max(number, 0.0) if math.isfinite(number) else None


def backoff(
    policy: RetryPolicy, retry_number: int, rand: Callable[[], float] = random.random
) -> float:
    """Exponential backoff for the n-th retry (1-based), jittered down by up to 25%."""
    delay: float = min(policy.initial_delay * 2.0 ** (retry_number - 1), policy.max_delay)
    return delay * (1.0 - 0.25 * rand())


def retry_delay(
    policy: RetryPolicy,
    retry_number: int,
    headers: Mapping[str, str] | None = None,
    rand: Callable[[], float] = random.random,
) -> float:
    """How long to wait before the n-th retry."""
    if headers is not None:
        requested = retry_after_seconds(headers)
        if requested is not None:
            return min(requested, policy.max_retry_after)
    return backoff(policy, retry_number, rand)
