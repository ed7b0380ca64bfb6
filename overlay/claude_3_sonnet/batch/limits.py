"""How fast a batch may go: rate limits, one shared back-off, adaptive concurrency.

Three mechanisms, each answering a different signal:

* :class:`TokenBucket` (requests per minute, tokens per minute) keeps the
  client under limits the user knows in advance. It *reserves* rather than
  blocks: ``reserve(n)`` books ``n`` units and says how long the caller must
  wait for them, so the same object works in-process (``await
  asyncio.sleep(delay)``) and behind a Ray actor shared by a cluster, where
  a caller can only be told a duration. It also takes corrections after the
  fact (``adjust``): a request's token cost is only an estimate until the
  answer reports its usage. aiolimiter, the usual asyncio choice, can
  neither hand out a delay instead of awaiting nor give tokens back, which
  is why this module has its own bucket (a dozen lines of arithmetic).
* :class:`Backoff` is the shared pause. A 429 means the *account* is over
  its limit, not one request, so when any request gets one, no request
  starts until its ``Retry-After`` has passed. Requests already in flight
  finish normally. :class:`Schedule` puts the pause and the buckets
  together: one object answers "when may the next request start?".
* :class:`AdaptiveLimit` is AIMD congestion control (as in TCP): the number
  of requests in flight halves on an overload signal (429, 503) and grows
  by about one per round of successes, never above the user's
  ``--concurrency``. Only one cut per congestion event: a request that
  started before the last cut cannot cut again.

The arithmetic is pure and takes the clock as a parameter, so it is tested
without sleeping.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

Clock = Callable[[], float]

BURST_SECONDS = 1.0
"""A bucket holds one second's worth of its rate: a run starts at once but never
bursts a whole minute's quota into the first second."""


class TokenBucket:
    """A token bucket that books ahead: reservations may overdraw it, and wait for it."""

    def __init__(
        self,
        per_minute: float,
        *,
        burst_seconds: float = BURST_SECONDS,
        clock: Clock = time.monotonic,
    ) -> None:
        if not (per_minute > 0 and math.isfinite(per_minute)):
            raise ValueError(f"a rate limit must be a positive number, got {per_minute!r}")
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate * burst_seconds)
        self._clock = clock
        self._level = self.capacity
        self._updated = clock()

    def _refill(self) -> None:
        now = self._clock()
        self._level = min(self.capacity, self._level + (now - self._updated) * self.rate)
        self._updated = now

    def reserve(self, amount: float) -> float:
        """Book ``amount`` units; the seconds to wait before using them (0: go now).

        A request larger than the bucket is allowed: it waits until the debt
        it leaves behind would have been refilled, so nothing deadlocks.
        """
        self._refill()
        self._level -= amount
        return 0.0 if self._level >= 0 else -self._level / self.rate

    def adjust(self, amount: float) -> None:
        """Correct an earlier reservation: positive books more, negative gives back."""
        self._refill()
        self._level = min(self.capacity, self._level - amount)


class Backoff:
    """The one pause every request of a run honours after a 429."""

    def __init__(self, *, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._resume_at = -math.inf
        self.pauses = 0

    def pause(self, seconds: float) -> None:
        """No request may start for ``seconds`` from now (an earlier, longer pause stands)."""
        resume_at = self._clock() + max(seconds, 0.0)
        if resume_at > self._resume_at:
            self._resume_at = resume_at
            self.pauses += 1

    def remaining(self) -> float:
        """Seconds until requests may start again (0: now)."""
        return max(self._resume_at - self._clock(), 0.0)


class Schedule:
    """When the next request may start: the shared pause and the rate limits, together.

    Pure bookkeeping, no waiting: the in-process :class:`LocalLimits` sleeps
    on its answers, and the Ray runner serves one ``Schedule`` from an actor
    so a whole cluster shares it.
    """

    def __init__(
        self,
        *,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self.requests = (
            TokenBucket(requests_per_minute, clock=clock) if requests_per_minute else None
        )
        self.tokens = TokenBucket(tokens_per_minute, clock=clock) if tokens_per_minute else None
        self.backoff = Backoff(clock=clock)

    def reserve(self, tokens: int) -> float:
        """Book one request of about ``tokens`` tokens; seconds to wait before sending it."""
        delay = self.backoff.remaining()
        if self.requests is not None:
            delay = max(delay, self.requests.reserve(1))
        if self.tokens is not None:
            delay = max(delay, self.tokens.reserve(tokens))
        return delay

    def adjust(self, tokens: int) -> None:
        """The answer used ``tokens`` more tokens than booked (fewer: negative)."""
        if self.tokens is not None and tokens:
            self.tokens.adjust(tokens)

    def pause(self, seconds: float) -> None:
        self.backoff.pause(seconds)

    def paused_for(self) -> float:
        return self.backoff.remaining()


class LocalLimits:
    """A :class:`Schedule` for the tasks of one event loop (the dispatcher does the waiting)."""

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule

    async def reserve(self, tokens: int) -> float:
        return self.schedule.reserve(tokens)

    async def paused_for(self) -> float:
        return self.schedule.paused_for()

    async def adjust(self, tokens: int) -> None:
        self.schedule.adjust(tokens)

    async def pause(self, seconds: float) -> None:
        self.schedule.pause(seconds)


class AdaptiveLimit:
    """How many requests may be in flight: AIMD between 1 and ``maximum``."""

    def __init__(
        self, maximum: int, *, adaptive: bool = True, clock: Clock = time.monotonic
    ) -> None:
        if maximum < 1:
            raise ValueError(f"concurrency must be at least 1, got {maximum!r}")
        self.maximum = maximum
        self.adaptive = adaptive
        self.limit = float(maximum)
        self.in_flight = 0
        self.cuts = 0
        self._clock = clock
        self._last_cut = -math.inf
        self._changed = asyncio.Condition()

    @property
    def allowed(self) -> int:
        return max(1, math.floor(self.limit))

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[float]:
        """Hold one of the allowed places while a request is sent; yields its start time."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < self.allowed)
            self.in_flight += 1
        try:
            yield self._clock()
        finally:
            async with self._changed:
                self.in_flight -= 1
                self._changed.notify(1)  # one place freed: one waiter (all wait for the same)

    async def succeeded(self) -> None:
        """Additive increase: about one more place per round of successes."""
        if self.adaptive and self.limit < self.maximum:
            grown = self.allowed
            self.limit = min(float(self.maximum), self.limit + 1.0 / self.limit)
            if self.allowed > grown:
                async with self._changed:
                    self._changed.notify_all()

    def overloaded(self, started: float) -> bool:
        """Multiplicative decrease, once per congestion event; whether it cut."""
        if not self.adaptive or started <= self._last_cut:
            return False
        self._last_cut = self._clock()
        self.limit = max(1.0, self.limit / 2.0)
        self.cuts += 1
        return True
