"""Token and cost totals over a client's calls (thread-safe)."""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from typing import Any

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
        """Count one completed call.

        A usage or cost report the parser could not read is kept, as sent, in
        ``additional_properties``; whatever numbers it holds still count.
        """
        kept = completion.additional_properties
        usage: Any = completion.usage if completion.usage is not None else kept.get("usage")
        meta: Any = completion.meta if completion.meta is not None else kept.get("meta")
        self.add(usage, meta)

    def add(
        self, usage: Usage | Mapping[str, Any] | None, meta: Meta | Mapping[str, Any] | None
    ) -> None:
        """Count one completed call from its usage and the gateway's cost report."""
        prompt = _count(_field(usage, "prompt_tokens"))
        completion_tokens = _count(_field(usage, "completion_tokens"))
        total = _count(_field(usage, "total_tokens"))
        report = _field(meta, "usage")
        credits = _amount(_field(report, "credits_used"))
        usd = _amount(_field(report, "usd_spent"))
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


def _field(value: Any, name: str) -> Any:
    """A field of a parsed model or of the raw JSON object it came from."""
    if isinstance(value, Mapping):
        return value.get(name)
    if isinstance(value, Usage | Meta | MetaUsage):
        found = getattr(value, name, None)
        return found if found is not None else value.additional_properties.get(name)
    return None


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
