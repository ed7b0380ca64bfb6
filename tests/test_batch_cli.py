"""``claude-3-sonnet batch`` as a user runs it: killed, interrupted, resumed, exactly once.

Each test runs the command in a child process (``python -m
claude_3_sonnet.batch``, the same ``main`` the ``batch`` subcommand calls)
against the mock in another process, so a kill is a real kill.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claude_3_sonnet.batch.cli import main
from claude_3_sonnet.mock import MockConfig, MockProcess

KEY = "sk-batch-cli-0123456789abcdef"
COMMAND = [sys.executable, "-m", "claude_3_sonnet.batch"]


@pytest.fixture(scope="module")
def fast_mock() -> Iterator[MockProcess]:
    with MockProcess(MockConfig(api_key=KEY)) as mock:
        yield mock


@pytest.fixture(scope="module")
def slow_mock() -> Iterator[MockProcess]:
    with MockProcess(MockConfig(api_key=KEY, latency=0.1)) as mock:
        yield mock


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AIML_API_KEY", "AIMLAPI_BASE_URL")}
    env["AIMLAPI_API_KEY"] = KEY
    return env


def _prompts(path: Path, count: int) -> Path:
    path.write_text(
        "".join(json.dumps({"id": n, "prompt": f"Prompt number {n}"}) + "\n" for n in range(count)),
        encoding="utf-8",
    )
    return path


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines() if path.exists() else []


def _wait_for_lines(path: Path, count: int, process: subprocess.Popen[str], limit: float) -> None:
    deadline = time.monotonic() + limit
    while len(_lines(path)) < count:
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, f"fewer than {count} records after {limit} s"
        time.sleep(0.05)


def _assert_exactly_once(path: Path, count: int) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    assert raw.endswith(b"\n")
    records = [json.loads(line) for line in raw.splitlines()]  # every line is whole JSON
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == count
    assert set(ids) == set(range(count))
    assert all(r["status"] == "ok" for r in records)
    return records


def test_sigkill_mid_run_then_rerun_gives_exactly_one_record_per_id(
    fast_mock: MockProcess, tmp_path: Path
) -> None:
    """The issue's done-criterion: 10,000 prompts, killed with SIGKILL, rerun, exactly once."""
    source = _prompts(tmp_path / "prompts.jsonl", 10_000)
    output = tmp_path / "results.jsonl"
    argv = [
        *COMMAND,
        str(source),
        "-o",
        str(output),
        "--concurrency",
        "64",
        "--base-url",
        fast_mock.base_url,
        "--progress",
        "lines",
    ]
    process = subprocess.Popen(argv, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_lines(output, 1500, process, limit=120)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        assert process.stderr is not None
        process.stderr.close()
    written = _lines(output)
    assert 0 < len(written) < 10_000
    # Whatever the kill left, make the worst case certain: a record torn mid-write.
    with output.open("ab") as file:
        file.write(b'{"id": 9999, "status": "ok", "text": "You sa')

    started = time.monotonic()
    rerun = subprocess.run(
        argv, env=_env(), capture_output=True, text=True, timeout=600, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "repaired" in rerun.stderr
    records = _assert_exactly_once(output, 10_000)
    kept = [line for line in written if line.strip()]
    assert _lines(output)[: len(kept) - 1] == kept[: len(kept) - 1]  # earlier records untouched
    assert records[0]["text"].startswith("You said: Prompt number")
    assert KEY not in rerun.stderr + output.read_text(encoding="utf-8")
    print(f"rerun of {10_000 - len(kept)} prompts: {time.monotonic() - started:.1f} s")


def test_ctrl_c_stops_cleanly_and_prints_the_command_that_resumes(
    slow_mock: MockProcess, tmp_path: Path
) -> None:
    source = _prompts(tmp_path / "prompts.jsonl", 200)
    output = tmp_path / "results.jsonl"
    argv = [
        *COMMAND,
        str(source),
        "-o",
        str(output),
        "--concurrency",
        "8",
        "--base-url",
        slow_mock.base_url,
        "--max-tokens",
        "64",
    ]
    process = subprocess.Popen(argv, env=_env(), stderr=subprocess.PIPE, text=True)
    _wait_for_lines(output, 12, process, limit=60)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "finishing the requests in flight" in stderr
    assert 12 <= len(_lines(output)) < 200
    resume = stderr.split("Resume with:\n", 1)[1].splitlines()[0].strip()
    assert shlex.split(resume) == argv

    done = subprocess.run(
        shlex.split(resume), env=_env(), capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    _assert_exactly_once(output, 200)


def test_ctrl_c_twice_stops_at_once(slow_mock: MockProcess, tmp_path: Path) -> None:
    source = _prompts(tmp_path / "prompts.jsonl", 160)
    output = tmp_path / "results.jsonl"
    argv = [
        *COMMAND,
        str(source),
        "-o",
        str(output),
        "--concurrency",
        "8",
        "--base-url",
        slow_mock.base_url,
    ]
    process = subprocess.Popen(argv, env=_env(), stderr=subprocess.PIPE, text=True)
    _wait_for_lines(output, 8, process, limit=60)
    process.send_signal(signal.SIGINT)
    time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Resume with:" in stderr
    assert "Traceback" not in stderr
    done = subprocess.run(
        argv, env=_env(), capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    _assert_exactly_once(output, 160)


def test_exit_statuses_and_messages(
    fast_mock: MockProcess,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AIMLAPI_API_KEY", KEY)
    source = _prompts(tmp_path / "prompts.jsonl", 5)
    output = tmp_path / "out.jsonl"
    base = ["--base-url", fast_mock.base_url, "--quiet"]

    assert main([str(source), "-o", str(output), *base]) == 0
    assert len(_lines(output)) == 5

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "prompt": "ok"}\n{"id": 1, "prompt": "again"}\n')
    assert main([str(bad), "-o", str(tmp_path / "x.jsonl"), *base]) == 2
    err = capsys.readouterr().err
    assert "line 2 (id 1): duplicate id (first on line 1)" in err
    assert "nothing was sent" in err

    assert main([str(tmp_path / "missing.jsonl"), "-o", str(output), *base]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main([str(source), "-o", str(tmp_path / "no" / "out.jsonl"), *base]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main([str(source), "-o", str(output), "--concurrency", "0", *base]) == 2
    assert "--concurrency" in capsys.readouterr().err
    assert main([str(source), "-o", str(output), "--set", "colour=1", *base]) == 2
    assert "colour" in capsys.readouterr().err

    monkeypatch.setenv("AIMLAPI_API_KEY", "sk-wrong-0123456789abcdef")
    assert (
        main([str(source), "-o", str(tmp_path / "y.jsonl"), "--base-url", fast_mock.base_url]) == 1
    )
    err = capsys.readouterr().err
    assert "error: stopped: 401" in err
    assert "Resume, once that is fixed, with:" in err
    assert "sk-wrong-0123456789abcdef" not in err

    monkeypatch.delenv("AIMLAPI_API_KEY")
    assert main([str(source), "-o", str(output)]) == 2
    assert "no API key" in capsys.readouterr().err


def test_mock_flag_and_help(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _prompts(tmp_path / "prompts.jsonl", 3)
    output = tmp_path / "out.jsonl"
    assert (
        main([str(source), "-o", str(output), "--mock", "--text-only", "--progress", "lines"]) == 0
    )
    err = capsys.readouterr().err
    assert "3 records written" in err
    assert json.loads(_lines(output)[0])["text"].startswith("You said")
    assert main(["--help"]) == 0
    assert "--concurrency" in capsys.readouterr().out
