"""When to retry a failed attempt, how long to wait, and when the call's time is up. Pure.

Retried: connection errors, timeouts, 408, 409, 429 and every 5xx. Never
another 4xx (the caller's to fix), and never a failure that cannot heal by
waiting: a host name that does not resolve, a TLS certificate that does not
verify. Waits grow exponentially, jittered down by up to a quarter; a
server's ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date) can
make a wait longer, never shorter (``Retry-After: 0`` or a date in the past
would otherwise turn retries into a burst), and is capped.

:class:`Attempts` is the state of one logical call. It takes the clock as a
parameter, so its decisions can be tested without sleeping: the transport
loop asks it, after each failed attempt, for the wait before the next one,
or for the final error, which then says how many attempts were made over
how long. A wait that would run past the call's total time budget is not
started: the call ends with the last error instead.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import time
from collections.abc import Callable, Mapping

import attrs

from .errors import APIError

logger = logging.getLogger("claude_3_sonnet")

RETRYABLE_STATUSES = frozenset({408, 409, 429})


@attrs.frozen
class RetryPolicy:
    """How hard to try. ``max_retries`` counts retries, not attempts."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    """A server's requested wait longer than this is capped to it."""

    def __attrs_post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")


def is_retryable_status(status_code: int) -> bool:
    return status_code in RETRYABLE_STATUSES or status_code >= 500


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The server's requested wait, from ``retry-after-ms`` or ``Retry-After`` (>= 0)."""
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
    except (TypeError, ValueError, IndexError):
        return None
    try:
        stamp = parsed.timestamp()
    except (OverflowError, OSError, ValueError):
        return None
    return max(stamp - (time.time() if now is None else now), 0.0)


def _seconds(value: str | None) -> float | None:
    """A finite number from a header, at least 0 ("NaN", "inf" and words are ignored)."""
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
    """How long to wait before the n-th retry: the backoff, or longer if the server asks."""
    delay = backoff(policy, retry_number, rand)
    if headers is not None:
        requested = retry_after_seconds(headers)
        if requested is not None:
            delay = max(delay, min(requested, policy.max_retry_after))
    return delay


@attrs.define
class Attempts:
    """The retry state of one logical call: decides, never sleeps or sends."""

    policy: RetryPolicy
    deadline: float | None = None
    """The clock reading at which the call's total time budget runs out."""
    clock: Callable[[], float] = time.monotonic
    rand: Callable[[], float] = random.random
    attempt: int = 1
    started: float = attrs.field(default=attrs.Factory(lambda self: self.clock(), takes_self=True))

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    def remaining(self) -> float | None:
        """Seconds left in the budget (``None``: no budget)."""
        return None if self.deadline is None else self.deadline - self.clock()

    def final(self, error: APIError) -> APIError:
        """``error`` stamped with the attempts made and the time they took."""
        error.attempts = self.attempt
        error.elapsed = self.elapsed
        return error

    def next_delay(
        self, error: APIError, *, retryable: bool, headers: Mapping[str, str] | None = None
    ) -> float:
        """Seconds to wait before the next attempt; raises the final error instead."""
        if not retryable or self.attempt > self.policy.max_retries:
            self._give_up(error, "not retryable" if not retryable else "no retries left")
        delay = retry_delay(self.policy, self.attempt, headers, self.rand)
        left = self.remaining()
        if left is not None and delay >= left:
            error.message += (
                f" (not retried: the next attempt would start after the call's "
                f"total_timeout ran out, {max(left, 0.0):.1f} s left)"
            )
            self._give_up(error, "time budget spent")
        logger.info(
            "attempt %d failed (%s); retrying in %.2f s (elapsed %.3f s)",
            self.attempt,
            error.message,
            delay,
            self.elapsed,
        )
        self.attempt += 1
        return delay

    def _give_up(self, error: APIError, why: str) -> None:
        self.final(error)
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "giving up after attempt %d (%s, %.3f s): %s",
                self.attempt,
                why,
                error.elapsed,
                error.message,
            )
        raise error
