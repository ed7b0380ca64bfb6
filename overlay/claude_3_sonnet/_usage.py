"""Token and cost totals over a client's calls (thread-safe)."""

from __future__ import annotations

import math
import threading

import attrs

from claude_3_sonnet_client.models import ChatCompletion, Meta, MetaUsage, Usage


@attrs.frozen
class UsageSnapshot:
    """Totals at one moment. Credits and USD are ``None`` until the service reports them."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    credits_used: float | None = None
    usd_spent: float | None = None


class UsageTotals:
    """Accumulates the usage of every completed call."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._totals = UsageSnapshot()

    def snapshot(self) -> UsageSnapshot:
        return self._totals

    def record(self, completion: ChatCompletion) -> None:
        usage = completion.usage
        prompt = completion_tokens = total = 0
        if isinstance(usage, Usage):
            prompt = _count(usage.prompt_tokens)
            completion_tokens = _count(usage.completion_tokens)
            total = _count(usage.total_tokens)
        credits = usd = None
        meta = completion.meta
        if isinstance(meta, Meta) and isinstance(meta.usage, MetaUsage):
            credits = _amount(meta.usage.credits_used)
            usd = _amount(meta.usage.usd_spent)
        with self._lock:
            t = self._totals
            self._totals = UsageSnapshot(
                calls=t.calls + 1,
                prompt_tokens=t.prompt_tokens + prompt,
                completion_tokens=t.completion_tokens + completion_tokens,
                total_tokens=t.total_tokens + total,
                credits_used=_add(t.credits_used, credits),
                usd_spent=_add(t.usd_spent, usd),
            )

    def reset(self) -> None:
        with self._lock:
            self._totals = UsageSnapshot()


def _count(value: object) -> int:
    """A token count as sent; anything that is not a whole number counts as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _amount(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return None


def _add(total: float | None, value: float | None) -> float | None:
    if value is None:
        return total
    return (total or 0) + value
