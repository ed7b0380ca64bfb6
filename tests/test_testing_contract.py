"""``claude-3-sonnet contract``: a bounded, announced schemathesis run against any URL."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest

from claude_3_sonnet.mock import MockConfig, MockServer
from claude_3_sonnet.testing import contract
from claude_3_sonnet.testing.contract import BudgetExhausted, main

KEY = "contract-test-key-987654321"
CONFIG = MockConfig(api_key=KEY)
PLAN = re.compile(r"^will send at most (\d+) requests to (\S+): ")


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(CONFIG) as running:
        yield running


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIMLAPI_API_KEY", KEY)
    monkeypatch.delenv("AIML_API_KEY", raising=False)


def _announced(out: str) -> int:
    found = PLAN.match(out)
    assert found, out
    return int(found.group(1))


def test_a_conforming_mock_passes_within_the_announced_budget(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.reset()
    assert main(["--url", server.base_url, "--max-examples", "3"]) == 0
    out, err = capsys.readouterr()
    assert _announced(out) == 8  # 3 positive, 3 negative, 2 without a valid key
    assert "positive examples are real model calls" in out
    assert "check unsupported_method not run per case" in out
    assert out.rstrip().endswith("every check passed")
    assert err == ""
    assert 0 < len(server.requests) <= 8
    assert KEY not in out


def test_negative_mode_sends_mostly_requests_to_refuse(
    server: MockServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.reset()
    argv = ["--url", server.base_url + "/v1", "--max-examples", "4", "--mode", "negative"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert _announced(out) == 6
    assert "meant to be refused; the few the contract still allows are real model calls" in out
    assert "4 positive" not in out
    statuses = [request.status for request in server.requests]
    assert len(statuses) <= 6
    assert statuses[:2] == [401, 401]  # the key probes come first


def test_failures_are_summarised_without_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    # Any key accepted, and random server errors: the key probe and the positive cases fail.
    with MockServer(MockConfig(api_key=None, failure_rate=1.0)) as broken:
        assert main(["--url", broken.base_url, "--max-examples", "2"]) == 1
        assert len(broken.requests) <= 6
    out, err = capsys.readouterr()
    assert "contract FAILED" in out
    assert "- Server error (x2); first seen:" in out
    assert "a request without a valid key was not refused" in out
    assert "Reproduce with:" in out
    assert KEY not in out + err
    assert err == ""


def test_the_budget_is_enforced_not_estimated() -> None:
    session, sent = contract._counting_session(1)
    with MockServer(CONFIG) as running:
        session.get(running.base_url + "/_mock/health")
        with pytest.raises(BudgetExhausted):
            session.get(running.base_url + "/_mock/health")
    assert sent == [1]
    session.close()


def test_no_key_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("AIMLAPI_API_KEY")
    assert main(["--url", "http://127.0.0.1:9"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: no API key: set AIMLAPI_API_KEY")
    assert err.count("\n") == 1


def test_a_key_on_the_command_line_is_refused_and_not_repeated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = "sk-should-never-be-printed"
    assert main(["--url", "http://127.0.0.1:9", "--api-key", secret]) == 2
    assert main(["--url", "http://127.0.0.1:9", f"--key={secret}", secret]) == 2
    out, err = capsys.readouterr()
    assert secret not in out + err
    assert "unrecognized arguments: --api-key" in err
    assert "unrecognized arguments: --key" in err
    assert "the API key is read from AIMLAPI_API_KEY only" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        ([], "the following arguments are required: --url"),
        (["--url", "ftp://example.com"], "--url must be an http(s) URL"),
        (["--url", "http://x", "--max-examples", "0"], "argument --max-examples: expected"),
        (["--url", "http://x", "--timeout", "nan"], "argument --timeout: expected"),
        (["--url", "http://x", "--mode", "some"], "argument --mode: invalid choice"),
    ],
)
def test_usage_errors_are_one_line(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv, prog="claude-3-sonnet contract") == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ")
    assert words in err
    assert err.count("\n") == 1


def test_an_unreachable_url_stops_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert main(["--url", f"http://127.0.0.1:{port}", "--max-examples", "50"]) == 1
    out, err = capsys.readouterr()
    assert _announced(out) == 102
    assert err.startswith(f"error: cannot reach http://127.0.0.1:{port}: ")
    assert "Traceback" not in err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"], prog="claude-3-sonnet contract") == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: claude-3-sonnet contract ")
    assert "never from the command line" in " ".join(out.split())


def test_the_suites_share_the_settings() -> None:
    assert "unsupported_method" in contract.EXCLUDED_CHECKS
    first = contract.schemathesis_spec()
    first["paths"].clear()
    assert contract.schemathesis_spec()["paths"]  # a private copy each time
