"""The performance targets, judged on a report and never enforced.

A benchmark is not a test: on a shared two-core machine a missed target
can be noise, so the run reports each target as met, missed or not
measured and always exits normally because of them. Each target names
where its ratio sits in the report, so the JSON and the table agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    path: tuple[str, ...]
    """Where the measured ratio is, inside ``measurements``."""
    op: str
    limit: float


TARGETS = (
    Target(
        "per_call_validated",
        "our per-call cost with validation on <= 1.5x raw httpx2",
        ("per_call", "variants", "ours_validated", "ratio_to_floor"),
        "<=",
        1.5,
    ),
    Target(
        "streaming_throughput",
        "our streaming throughput >= 0.5x httpx2 iter_lines + json.loads (real format)",
        ("streaming", "variants", "ours", "throughput_ratio_to_floor"),
        ">=",
        0.5,
    ),
    Target(
        "import_time",
        "from claude_3_sonnet import Claude3Sonnet <= 3x import httpx",
        ("import", "variants", "claude_3_sonnet", "ratio_to_floor"),
        "<=",
        3.0,
    ),
    Target(
        "end_to_end_sequential",
        "sequential calls/s over loopback >= the openai SDK's",
        ("end_to_end", "sequential", "variants", "ours", "ratio_to_openai"),
        ">=",
        1.0,
    ),
    Target(
        "end_to_end_async",
        "async calls/s, 64 in flight, >= the openai SDK's",
        ("end_to_end", "async", "variants", "ours", "ratio_to_openai"),
        ">=",
        1.0,
    ),
)


def _lookup(measurements: dict[str, Any], path: tuple[str, ...]) -> float | None:
    value: Any = measurements
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def evaluate(measurements: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target with its measured ratio and ``met`` (``None``: not measured)."""
    results = []
    for target in TARGETS:
        measured = _lookup(measurements, target.path)
        met: bool | None = None
        if measured is not None and not math.isnan(measured):
            met = measured <= target.limit if target.op == "<=" else measured >= target.limit
        results.append(
            {
                "name": target.name,
                "description": target.description,
                "measured_ratio": measured,
                "target": f"{target.op} {target.limit}",
                "met": met,
            }
        )
    return results
