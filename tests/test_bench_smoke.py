"""``make bench`` still runs: a tiny ``--quick`` run, checked for shape, never for speed.

The quick run covers the five core measurements; the ``batch`` plug-in
(``benchmarks/batch_throughput.py``) has its own cost and tests, and the
hook that runs it is checked here with a stand-in: skipped when absent,
run when present. Also checked without running anything: targets are
judged and never enforced, and the streaming body is the service's real
format (a drifted one is refused).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import run as bench_run
from benchmarks import stream_body
from benchmarks.common import Settings, paired_ratios
from benchmarks.report import render
from benchmarks.targets import evaluate

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("per_call", "streaming", "end_to_end", "import", "generate")
TARGETS = {
    "per_call_validated",
    "streaming_throughput",
    "import_time",
    "end_to_end_sequential",
    "end_to_end_async",
}
E2E_CONTENDERS = {"raw_httpx2", "raw_httpx", "ours", "openai_sdk"}


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    output = tmp_path_factory.mktemp("bench") / "bench.json"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "benchmarks.run", "--quick", "--output", str(output)),
            *("--only", *SECTIONS),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return report, result.stdout


def _assert_variants(variants: dict[str, Any]) -> None:
    for entry in variants.values():
        assert math.isfinite(entry["median"])
        assert entry["median"] > 0
        assert entry["rounds"]


def test_quick_run_writes_every_section(quick_report: tuple[dict[str, Any], str]) -> None:
    report, _ = quick_report
    assert report["quick"] is True
    assert {"schema", "machine", "measurements", "targets", "rounds", "method"} <= report.keys()
    measurements = report["measurements"]
    for name in SECTIONS:
        section = measurements[name]
        assert "skipped" not in section, f"{name}: {section.get('skipped')}"
        assert "error" not in section, f"{name}: {section.get('error')}"
    for name in ("per_call", "streaming", "import", "generate"):
        _assert_variants(measurements[name]["variants"])
    e2e = measurements["end_to_end"]
    for mode in ("sequential", "async"):
        assert set(e2e[mode]["variants"]) == E2E_CONTENDERS
        _assert_variants(e2e[mode]["variants"])
    assert e2e["async"]["in_flight"] == 64
    assert set(measurements["per_call"]["variants"]) == {
        "raw_httpx2",
        "raw_httpx",
        "generated_client",
        "ours_validated",
        "ours_unvalidated",
        "openai_sdk",
    }
    # The batch plug-in has its own cost and tests; its hook is tested below with a stand-in.
    assert measurements["batch"] == {"skipped": "not selected with --only"}


def test_quick_stream_is_the_real_format(quick_report: tuple[dict[str, Any], str]) -> None:
    streaming = quick_report[0]["measurements"]["streaming"]
    variants = streaming["variants"]
    assert set(variants) == {"floor_httpx2", "floor_httpx", "ours", "openai_sdk"}
    assert streaming["floor"] == "floor_httpx2"
    assert variants["floor_httpx2"]["throughput_ratio_to_floor"] == 1.0
    assert variants["ours"]["throughput_ratio_to_floor"] > 0
    quick_pieces = Settings.make(quick=True).chunks
    assert streaming["chunks"] == quick_pieces + 2  # the opening chunk and the trailer
    assert streaming["body_bytes"] == len(stream_body.build(quick_pieces).body)


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
    for package in ("httpx2", "httpx", "openai", "claude-3-sonnet"):
        assert machine["packages"][package], package
    assert "targets (reported, never enforced):" in stdout
    assert "per call: ours_validated" in stdout
    assert "e2e async: raw_httpx" in stdout


def test_targets_are_judged_not_enforced() -> None:
    """A missing measurement is "not measured", a missed target is reported, nothing raises."""
    results = {t["name"]: t for t in evaluate({})}
    assert all(t["met"] is None for t in results.values())
    missed = evaluate({"per_call": {"variants": {"ours_validated": {"ratio_to_floor": 9.0}}}})
    assert missed[0]["met"] is False
    nan = evaluate({"per_call": {"variants": {"ours_validated": {"ratio_to_floor": math.nan}}}})
    assert nan[0]["met"] is None
    assert paired_ratios({"a": [2.0, 4.0], "f": [1.0, 2.0]}, "f") == {"a": 2.0, "f": 1.0}
    assert paired_ratios({"a": [2.0, 4.0], "f": [1.0, 2.0]}, "f", invert=True)["a"] == 0.5


def test_stream_body_is_the_services_format() -> None:
    stream = stream_body.build(5)
    frames = stream.body.split(b"\n\n")
    assert frames[0].startswith(b'data: {"id":"msg_')
    assert b'"delta":{"role":"assistant","content":"","refusal":null}' in frames[0]
    assert b'"delta":{"content":" find","role":"assistant","refusal":null}' in frames[2]
    assert frames[-3].startswith(b'data: {"id":"","choices":[{"index":0,"finish_reason"')
    assert stream.events == 7
    assert stream.text == "I find humanity fascinating, and"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b',"refusal":null}', b"}"),  # the format issue 9 found the benchmark using
        (b'"object":"chat.completion.chunk","usage"', b'"usage"'),
        (b'"content":" find","role":"assistant"', b'"role":"assistant","content":" find"'),
        (b'"created":1744218514,"model"', b'"model"'),
    ],
    ids=["no-refusal", "no-object", "delta-key-order", "no-created"],
)
def test_a_drifted_stream_body_is_refused(old: bytes, new: bytes) -> None:
    stream = stream_body.build(5)
    drifted = stream_body.StreamBody(
        stream.body.replace(old, new, 1), events=stream.events, text=stream.text
    )
    with pytest.raises(AssertionError, match="not in the service's format"):
        stream_body.check_format(drifted)


def test_batch_plugin_is_skipped_when_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(bench_run.PLUGINS, "batch", "benchmarks.absent_batch_plugin")
    report = bench_run.run(Settings.make(quick=True), only=["batch"])
    assert "is not there" in report["measurements"]["batch"]["skipped"]
    assert "batch" in render(report)


def test_batch_plugin_runs_when_present(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "fake_batch_plugin.py").write_text(
        "def measure(quick):\n"
        "    return {'floor': 'one_by_one', 'quick_seen': quick, 'variants': {\n"
        "        'one_by_one': {'median': 10.0, 'unit': 'calls/s', 'rounds': [10.0],\n"
        "                       'ratio_to_floor': 1.0}}}\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(bench_run.PLUGINS, "batch", "fake_batch_plugin")
    report = bench_run.run(Settings.make(quick=True), only=["batch"])
    batch = report["measurements"]["batch"]
    assert batch["quick_seen"] is True
    assert "batch: one_by_one" in render(report)
    assert report["measurements"]["per_call"] == {"skipped": "not selected with --only"}
