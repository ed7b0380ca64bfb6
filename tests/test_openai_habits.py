"""A script written for the openai SDK runs through this client, import and constructor changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from claude_3_sonnet.mock import MockServer

from .mock_helpers import MOCK_API_KEY

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "openai_habits.py"


def test_the_openai_habits_script_runs_against_the_mock(mock_server: MockServer) -> None:
    env = {**os.environ, "AIMLAPI_BASE_URL": mock_server.base_url, "AIMLAPI_API_KEY": MOCK_API_KEY}
    result = subprocess.run(
        [sys.executable, str(SCRIPT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[calling get_weather({'city': 'Paris'})]"
    assert lines[1] == (
        "(System prompt: You are a helpful weather assistant.) "
        "The tool returned: 18 C and sunny in Paris"
    )
    assert lines[2].startswith("[")
    assert lines[2].endswith(" tokens]")


def test_the_script_differs_from_the_openai_version_in_two_lines() -> None:
    changed = [line for line in SCRIPT.read_text().splitlines() if "  # was: " in line]
    assert len(changed) == 2
