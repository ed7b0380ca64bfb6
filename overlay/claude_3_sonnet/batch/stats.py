"""The running totals of a batch and the summary it ends with.

Totals are counted from the output records themselves, so the in-process
runner and the Ray runner (whose driver only sees records) count alike.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen
class BatchSummary:
    """How a run went. ``complete``: every input id has a record in the output."""

    output: str
    total: int
    """Ids in the input (each gets exactly one record)."""
    skipped: int
    """Ids that already had a record when the run started."""
    succeeded: int
    """Records written with ``status: ok`` by this run."""
    failed: int
    """Records written with ``status: error`` by this run."""
    prompt_tokens: int
    completion_tokens: int
    usd: float | None
    """Cost the service reported (``meta.usage.usd_spent``), if it did."""
    credits: float | None
    estimated_usd: float | None
    """Cost from the prices given in the options, if any."""
    rate_limited: int
    """429 answers received (each retried after the shared pause)."""
    retries: int
    elapsed: float
    complete: bool
    interrupted: bool
    warnings: tuple[str, ...] = ()

    @property
    def written(self) -> int:
        return self.succeeded + self.failed

    @property
    def remaining(self) -> int:
        return max(self.total - self.skipped - self.written, 0)


@attrs.define
class RunStats:
    """Mutable totals, updated once per record written."""

    output: str
    total: int = 0
    skipped: int = 0
    succeeded: int = 0
    failed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    usd: float | None = None
    credits: float | None = None
    estimated_usd: float | None = None
    rate_limited: int = 0
    retries: int = 0
    concurrency: int = 0
    """Requests allowed in flight right now (adaptive)."""
    paused_for: float = 0.0
    """Seconds left of a shared pause after a 429."""
    started: float = attrs.field(factory=time.monotonic)
    warnings: list[str] = attrs.field(factory=list)

    @property
    def written(self) -> int:
        return self.succeeded + self.failed

    @property
    def done(self) -> int:
        """Ids with a record, this run's and earlier runs'."""
        return self.skipped + self.written

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def cost(self) -> float | None:
        """The best cost figure there is: the service's, else the estimate."""
        return self.usd if self.usd is not None else self.estimated_usd

    def count(self, record: Mapping[str, Any]) -> None:
        """Add one record written by this run."""
        if record.get("status") == "ok":
            self.succeeded += 1
        else:
            self.failed += 1
        attempts = record.get("attempts")
        if isinstance(attempts, int) and attempts > 1:
            self.retries += attempts - 1
        usage = record.get("usage") or {}
        self.prompt_tokens += _int(usage.get("prompt_tokens"))
        self.completion_tokens += _int(usage.get("completion_tokens"))
        cost = record.get("cost") or {}
        self.usd = _add(self.usd, cost.get("usd"))
        self.credits = _add(self.credits, cost.get("credits"))
        self.estimated_usd = _add(self.estimated_usd, cost.get("estimated_usd"))

    def summary(self, *, complete: bool, interrupted: bool) -> BatchSummary:
        return BatchSummary(
            output=self.output,
            total=self.total,
            skipped=self.skipped,
            succeeded=self.succeeded,
            failed=self.failed,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            usd=self.usd,
            credits=self.credits,
            estimated_usd=self.estimated_usd,
            rate_limited=self.rate_limited,
            retries=self.retries,
            elapsed=self.elapsed,
            complete=complete,
            interrupted=interrupted,
            warnings=tuple(self.warnings),
        )


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _add(total: float | None, value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (total or 0.0) + value
    return total
