"""What the mock remembers between requests.

* how many requests each fault ``key`` has sent (so a test can assert that a
  client retried exactly N times, and ``times=K`` can fail just the first K);
* the seeded dice of ``failure_rate``;
* the script of outcomes a test queued (``script.py``);
* the requests received (``records.py``).

All of it is read and changed from other threads (a test calling
``MockServer.attempts`` while the server's thread answers), hence the locks.
"""

from __future__ import annotations

import random
import threading

from .config import DEFAULT_RECORD_LIMIT
from .records import Recorder
from .script import Script

RANDOM_FAILURES = (500, 502, 503)


class MockState:
    """Per-app counters, random-failure generator, script and received requests."""

    def __init__(
        self, failure_rate: float = 0.0, seed: int = 0, record_limit: int = DEFAULT_RECORD_LIMIT
    ) -> None:
        self._lock = threading.Lock()
        self._attempts: dict[str, int] = {}
        self._failure_rate = failure_rate
        self._seed = seed
        self._random = random.Random(seed)
        self.script = Script()
        self.recorder = Recorder(record_limit)

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

    def reset_attempts(self) -> None:
        """Forget every key's count."""
        with self._lock:
            self._attempts.clear()

    def reset(self) -> None:
        """Back to a fresh start: counts, script, recorded requests, and the dice reseeded."""
        with self._lock:
            self._attempts.clear()
            self._random = random.Random(self._seed)
        self.script.clear()
        self.recorder.clear()

    def random_failure(self) -> int | None:
        """The status of a random failure for this request, or ``None`` to answer normally.

        Each call takes the next draws from a generator seeded with ``seed``,
        so the n-th request of a run (or since ``reset``) fails, or not, the
        same way every run.
        """
        if self._failure_rate <= 0:
            return None
        with self._lock:
            if self._random.random() >= self._failure_rate:
                return None
            return self._random.choice(RANDOM_FAILURES)
