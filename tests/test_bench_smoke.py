"""``make bench`` still runs: a tiny ``--quick`` run, checked for shape, never for speed."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("per_call", "streaming", "end_to_end", "import", "generate")
TARGETS = {
    "per_call_validated",
    "streaming_throughput",
    "import_time",
    "end_to_end_sequential",
    "end_to_end_async",
}


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    output = tmp_path_factory.mktemp("bench") / "tmp.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return report, result.stdout


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import bench  # noqa: PLC0415

    return bench


def test_quick_run_writes_every_section(quick_report: tuple[dict[str, Any], str]) -> None:
    report, _ = quick_report
    assert report["quick"] is True
    assert {"schema", "machine", "measurements", "targets", "rounds"} <= report.keys()
    for name in SECTIONS:
        section = report["measurements"][name]
        assert "skipped" not in section, f"{name}: {section.get('skipped')}"
        variants = (
            section["variants"] if name != "end_to_end" else section["sequential"]["variants"]
        )
        for entry in variants.values():
            assert math.isfinite(entry["median"])
            assert entry["median"] > 0
            assert entry["rounds"]
    e2e = report["measurements"]["end_to_end"]
    assert set(e2e["async"]["variants"]) == {"raw_httpx", "ours", "openai_sdk"}
    assert set(report["measurements"]["per_call"]["variants"]) == {
        "raw_httpx",
        "generated_client",
        "ours_validated",
        "ours_unvalidated",
        "openai_sdk",
    }
    assert report["measurements"]["streaming"]["variants"]["ours"]["throughput_ratio_to_floor"] > 0


def test_targets_and_machine_are_recorded(quick_report: tuple[dict[str, Any], str]) -> None:
    report, stdout = quick_report
    targets = {t["name"]: t for t in report["targets"]}
    assert set(targets) == TARGETS
    for target in targets.values():
        assert isinstance(target["met"], bool)
        assert isinstance(target["measured_ratio"], float)
        assert target["target"].split()[0] in {"<=", ">="}
    machine = report["machine"]
    for key in ("cpu", "cores", "python", "packages"):
        assert machine[key], key
    for package in ("httpx", "openai", "claude-3-sonnet"):
        assert machine["packages"][package], package
    assert "targets:" in stdout
    assert "per call: ours_validated" in stdout


def test_targets_are_judged_not_enforced(bench: ModuleType) -> None:
    """A missing measurement is "not measured", a missed target is reported, nothing raises."""
    results = {t["name"]: t for t in bench.evaluate({})}
    assert all(t["met"] is None for t in results.values())
    missed = bench.evaluate({"per_call": {"variants": {"ours_validated": {"ratio_to_floor": 9.0}}}})
    assert missed[0]["met"] is False
    assert bench.paired_ratios({"a": [2.0, 4.0], "f": [1.0, 2.0]}, "f") == {"a": 2.0, "f": 1.0}
