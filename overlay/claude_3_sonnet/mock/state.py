"""What the mock remembers between requests.

Two things only: how many requests each fault ``key`` has sent (so a test
can assert that a client retried exactly N times, and ``times=K`` can fail
just the first K), and the seeded dice of ``failure_rate``. Both are read
from other threads (a test calling ``MockServer.attempts``), hence the lock.
"""

from __future__ import annotations

import random
import threading

RANDOM_FAILURES = (500, 502, 503)


class MockState:
    """Per-app counters and the random-failure generator."""

    def __init__(self, failure_rate: float = 0.0, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._attempts: dict[str, int] = {}
        self._failure_rate = failure_rate
        self._random = random.Random(seed)

    def count_attempt(self, key: str) -> int:
        """Record one more request carrying ``key``; returns its number (1 for the first)."""
        with self._lock:
            number = self._attempts.get(key, 0) + 1
            self._attempts[key] = number
            return number

    def attempts(self, key: str) -> int:
        """How many requests carrying ``key`` arrived so far."""
        with self._lock:
            return self._attempts.get(key, 0)

    def reset(self) -> None:
        """Forget every key's count."""
        with self._lock:
            self._attempts.clear()

    def random_failure(self) -> int | None:
        """The status of a random failure for this request, or ``None`` to answer normally.

        Each call takes the next draws from a generator seeded with ``seed``,
        so the n-th request of a run fails (or not) the same way every run.
        """
        if self._failure_rate <= 0:
            return None
        with self._lock:
            if self._random.random() >= self._failure_rate:
                return None
            return self._random.choice(RANDOM_FAILURES)
