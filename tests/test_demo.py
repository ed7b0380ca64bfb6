"""``make demo``: against the bundled mock without a key, against the configured service with one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from claude_3_sonnet.mock import MockServer

from .support import KEY

ROOT = Path(__file__).resolve().parent.parent
KEY_VARIABLES = ("AIMLAPI_API_KEY", "AIML_API_KEY", "AIMLAPI_BASE_URL")


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import demo  # noqa: PLC0415

    return demo


def check_output(out: str) -> None:
    assert "claude: You said: In one sentence: why is the sky blue?" in out
    assert 'claude calls get_weather({"city": "Paris"})' in out
    assert "the tool returns: 18 C and sunny in Paris" in out
    assert "claude: The tool returned: 18 C and sunny in Paris  (2 model calls)" in out
    assert "in 3 calls" in out


def test_demo_without_a_key_uses_the_bundled_mock(
    demo: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in KEY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert demo.main() == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "bundled mock" in out
    check_output(out)


def test_demo_with_a_key_uses_the_configured_service(
    demo: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mock_server: MockServer,
) -> None:
    monkeypatch.setenv("AIMLAPI_API_KEY", KEY)
    monkeypatch.setenv("AIMLAPI_BASE_URL", mock_server.base_url)
    assert demo.main() == 0
    out, _ = capsys.readouterr()
    assert "AIMLAPI_API_KEY is set" in out
    check_output(out)


def test_demo_reports_a_failure_in_one_line(
    demo: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mock_server: MockServer,
) -> None:
    monkeypatch.setenv("AIMLAPI_API_KEY", "wrong-key")
    monkeypatch.setenv("AIMLAPI_BASE_URL", mock_server.base_url)
    assert demo.main() == 1
    _, err = capsys.readouterr()
    assert err.strip().startswith("error: 401")
    assert "wrong-key" not in err


def test_demo_script_runs_as_make_demo_runs_it() -> None:
    env = {k: v for k, v in os.environ.items() if k not in KEY_VARIABLES}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    check_output(done.stdout)
