"""Run the benchmarks, write ``bench-results.json`` and print the table (``make bench``).

    python -m benchmarks.run                      # everything, about 100 s on 2 cores
    python -m benchmarks.run --quick              # seconds; the numbers mean nothing
    python -m benchmarks.run --only streaming per_call --rounds 9
    python -m benchmarks.run --output /tmp/bench.json

Each measurement is a module with ``measure(settings) -> dict``, imported
only when it runs (``--only import`` does not load the openai SDK). One
more is a plug-in: when ``benchmarks/batch_throughput.py`` exists, its
``measure(quick: bool) -> dict`` runs under the name ``batch``; when it
does not, ``batch`` is reported as skipped. A measurement that raises is
recorded with its error and the others still run; the exit status is then
1. A missed target never changes the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .common import Settings
from .report import machine_info, render
from .targets import evaluate

PACKAGE = __package__ or "benchmarks"
SCHEMA_VERSION = 2
"""2: the layout of ``benchmarks/`` (httpx2 floors, real stream format, four e2e contenders)."""
SECTIONS = {
    "per_call": "per_call",
    "streaming": "streaming",
    "end_to_end": "end_to_end",
    "import": "import_time",
    "generate": "generate_time",
}
"""Section name in the report -> module of this package with ``measure(settings)``."""
PLUGINS = {"batch": f"{PACKAGE}.batch_throughput"}
"""Section name -> optional module (full name) with ``measure(quick: bool)``, run when present."""
METHOD = (
    "contenders run in interleaved rounds (a different one first each round); figures are "
    "medians over rounds; ratios are medians of per-round ratios to the floor measured in "
    "the same round; targets are reported, never enforced"
)


def measure_section(name: str, settings: Settings) -> dict[str, Any]:
    """Import the section's module and run it (raises what the measurement raises)."""
    if name in PLUGINS:
        module_name = PLUGINS[name]
        try:
            found = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:  # its package is missing too
            found = None
        if found is None:
            return {"skipped": f"{module_name.replace('.', '/')}.py is not there"}
        result: dict[str, Any] = importlib.import_module(module_name).measure(settings.quick)
        return result
    module = importlib.import_module(f"{PACKAGE}.{SECTIONS[name]}")
    measured: dict[str, Any] = module.measure(settings)
    return measured


def run(settings: Settings, only: Sequence[str] = ()) -> dict[str, Any]:
    machine = machine_info()
    measurements: dict[str, Any] = {}
    started = time.perf_counter()
    for name in [*SECTIONS, *PLUGINS]:
        if only and name not in only:
            measurements[name] = {"skipped": "not selected with --only"}
            continue
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            measurements[name] = dict(measure_section(name, settings))
        except Exception as exc:  # a broken contender must not hide the others
            measurements[name] = {"error": f"{type(exc).__name__}: {exc}"}
        measurements[name]["seconds"] = round(time.perf_counter() - t0, 2)
    machine["load_average_at_end"] = list(os.getloadavg())
    return {
        "schema": SCHEMA_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join([Path(sys.executable).name, "-m", "benchmarks.run", *sys.argv[1:]]),
        "quick": settings.quick,
        "rounds": settings.rounds,
        "seconds": round(time.perf_counter() - started, 2),
        "method": METHOD,
        "machine": machine,
        "measurements": measurements,
        "targets": evaluate(measurements),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="a tiny run (the smoke test's)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per comparison")
    parser.add_argument("--output", type=Path, default=Path("bench-results.json"))
    parser.add_argument(
        "--only",
        nargs="+",
        action="extend",
        choices=[*SECTIONS, *PLUGINS],
        default=[],
        metavar="NAME",
        help=f"run only these ({', '.join([*SECTIONS, *PLUGINS])})",
    )
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(Settings.make(args.quick, args.rounds), args.only)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(render(report))
    print(f"\nwritten to {args.output}")
    failed = [name for name, section in report["measurements"].items() if "error" in section]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
