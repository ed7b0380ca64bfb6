"""The machine a run happened on, and the table printed at its end.

Numbers from a shared two-core machine mean little without the machine,
its load and the exact package versions, so every report carries them.
The table is built from the JSON report alone: any section that has
``variants`` (a plug-in measurement too) gets its rows.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import sys
from typing import Any

PACKAGES = (
    "claude-3-sonnet",
    "httpx2",
    "httpcore2",
    "httpx",
    "httpcore",
    "orjson",
    "attrs",
    "jsonschema-rs",
    "openai",
    "pydantic",
    "starlette",
    "uvicorn",
)
LABELS = {
    "per_call": "per call",
    "streaming": "stream",
    "end_to_end.sequential": "e2e seq",
    "end_to_end.async": "e2e async",
}


def machine_info() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average_at_start": list(os.getloadavg()),
        "python": sys.version,
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
    }


def _fmt(value: Any, unit: str) -> str:
    if not isinstance(value, int | float):
        return "?"
    if unit in {"calls/s", "chunks/s", "req/s"}:
        return f"{value:,.0f} {unit}"
    if unit == "s":
        return f"{value:.2f} {unit}"
    return f"{value:,.1f} {unit}".rstrip()


def _ratio(entry: dict[str, Any], floor: str) -> tuple[str, str]:
    """(ratio, what it is) of one variant."""
    if "throughput_ratio_to_floor" in entry:
        return f"{entry['throughput_ratio_to_floor']:.2f}x", f"throughput / {floor}"
    if "ratio_to_floor" not in entry:
        return "", ""
    ratio = f"{entry['ratio_to_floor']:.2f}x"
    meaning = f"rate / {floor}" if entry.get("unit") == "calls/s" else f"cost / {floor}"
    for key, value in entry.items():
        if key.startswith("ratio_to_") and key != "ratio_to_floor":
            ratio += f" ({value:.2f}x {key.removeprefix('ratio_to_')})"
    return ratio, meaning


def _sections(measurements: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every (name, section) with variants or a failure, nested ones as ``outer.inner``."""
    found: list[tuple[str, dict[str, Any]]] = []
    for name, section in measurements.items():
        if not isinstance(section, dict):
            continue
        nested = [
            (f"{name}.{key}", value)
            for key, value in section.items()
            if isinstance(value, dict) and "variants" in value
        ]
        found.extend(nested or [(name, section)])
    return found


def table_rows(measurements: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measurement, median, ratio, ratio meaning) rows for the printed table."""
    rows: list[tuple[str, str, str, str]] = []
    for name, section in _sections(measurements):
        label = LABELS.get(name, name)
        if "error" in section:
            rows.append((label, f"FAILED: {section['error']}", "", ""))
            continue
        variants = section.get("variants")
        if not isinstance(variants, dict):
            if "skipped" in section:
                rows.append((label, f"skipped: {section['skipped']}", "", ""))
            else:
                rows.append((label, "measured; no variants to tabulate (see the JSON)", "", ""))
            continue
        floor = str(section.get("floor", ""))
        for variant, entry in variants.items():
            ratio, meaning = _ratio(entry, floor)
            cpu = entry.get("client_cpu_us_per_call")
            if cpu is not None:
                meaning += f"; CPU/call: client {cpu:,.0f} us"
                server = entry.get("server_cpu_us_per_call")
                if server is not None:
                    meaning += f", server {server:,.0f} us"
            median = _fmt(entry.get("median"), str(entry.get("unit", "")))
            rows.append((f"{label}: {variant}", median, ratio, meaning))
    return rows


def render(report: dict[str, Any]) -> str:
    rows = [("measurement", "median", "ratio", "ratio is"), *table_rows(report["measurements"])]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    for name, section in report["measurements"].items():
        if isinstance(section, dict) and section.get("warning"):
            lines.append(f"WARNING ({name}): {section['warning']}")
    lines.extend(["", "targets (reported, never enforced):"])
    for t in report["targets"]:
        state = {True: "met", False: "MISSED", None: "not measured"}[t["met"]]
        measured = "n/a" if t["measured_ratio"] is None else f"{t['measured_ratio']:.3f}"
        lines.append(f"  [{state}] {t['description']}: {measured} (target {t['target']})")
    m = report["machine"]
    lines.extend(
        [
            "",
            f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python'].split()[0]}, "
            f"load {m['load_average_at_start'][0]:.2f} -> {m['load_average_at_end'][0]:.2f}",
            report["method"],
        ]
    )
    return "\n".join(lines)
