"""Starting and stopping the mock: thread, process, CLI; the client never needs it."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from claude_3_sonnet.mock import MockConfig, MockProcess, MockServer, main

from .mock_helpers import HELLO, post


def test_port_zero_picks_a_free_loopback_port() -> None:
    with (
        MockServer(MockConfig(api_key="k")) as first,
        MockServer(MockConfig(api_key="k")) as second,
    ):
        assert first.base_url.startswith("http://127.0.0.1:")
        assert first.port != 0
        assert first.base_url != second.base_url
        assert httpx.get(first.base_url + "/_mock/health").json() == {"status": "ok"}


def test_start_and_stop_explicitly() -> None:
    server = MockServer()
    with pytest.raises(RuntimeError):
        _ = server.base_url
    server.start()
    url = server.base_url
    assert httpx.get(url + "/_mock/health").status_code == 200
    server.stop()
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/_mock/health")


def test_stop_does_not_wait_for_a_slow_stream() -> None:
    with MockServer() as server:
        client = httpx.Client(base_url=server.base_url)
        body = {**HELLO, "stream": True, "messages": [{"role": "user", "content": "a b c d e f"}]}
        with client.stream(
            "POST",
            "/v1/chat/completions",
            json=body,
            headers={"Authorization": "Bearer mock-key", "X-Mock-Fault": "chunk_latency=5"},
        ) as response:
            assert response.status_code == 201
            server.stop()
        client.close()


def test_default_key_and_any_key() -> None:
    with MockServer() as server:
        assert (
            post(server.base_url, HELLO, headers={"Authorization": "Bearer mock-key"}).status_code
            == 201
        )
        assert post(server.base_url, HELLO).status_code == 401
    with MockServer(MockConfig(api_key=None)) as server:
        assert (
            post(server.base_url, HELLO, headers={"Authorization": "Bearer anything"}).status_code
            == 201
        )
        response = httpx.post(server.base_url + "/v1/chat/completions", json=HELLO)
        assert response.status_code == 401


@pytest.mark.parametrize(
    "kwargs",
    [
        {"latency": -1.0},
        {"failure_rate": 1.5},
        {"max_body_bytes": 0},
        {"api_key": ""},
        {"latency": float("inf")},
    ],
)
def test_config_is_validated(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        MockConfig(**kwargs)  # type: ignore[arg-type]


def test_process_start_stop_and_any_key() -> None:
    process = MockProcess(MockConfig(api_key=None, seed=3))
    assert "--any-key" in process.command()
    with process:
        assert process.pid is not None
        assert (
            post(process.base_url, HELLO, headers={"Authorization": "Bearer x"}).status_code == 201
        )
        url = process.base_url
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/_mock/health")


def test_process_that_cannot_start_says_so() -> None:
    with MockServer() as server:
        busy = MockProcess(port=server.port)
        with pytest.raises(RuntimeError, match="did not start"):
            busy.start()


def test_cli_help_and_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert "--failure-rate" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad:
        main(["--failure-rate", "2"])
    assert bad.value.code == 2


def test_cli_reports_a_busy_port(capsys: pytest.CaptureFixture[str]) -> None:
    with MockServer() as server:
        assert main(["--port", str(server.port)]) == 1
    assert "cannot listen" in capsys.readouterr().err


def test_client_package_does_not_import_the_mock() -> None:
    code = (
        "import sys, claude_3_sonnet; "
        "assert 'claude_3_sonnet.mock' not in sys.modules; "
        "assert 'starlette' not in sys.modules and 'uvicorn' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["--port", "99999"],
            "argument --port: expected a port number from 0 to 65535, got '99999'",
        ),
        (["--port", "-1"], "argument --port: expected a port number"),
        (["--port", "http"], "argument --port: expected a port number"),
        (["--latency", "nan"], "argument --latency: expected a number of seconds >= 0"),
        (["--latency", "-0.5"], "argument --latency: expected a number of seconds >= 0"),
        (["--failure-rate", "2"], "argument --failure-rate: expected a number from 0 to 1"),
        (["--failure-rate", "inf"], "argument --failure-rate: expected a number from 0 to 1"),
        (["--seed", "x"], "argument --seed: expected a whole number"),
        (["--max-body-bytes", "0"], "argument --max-body-bytes: expected a whole number >= 1"),
        (["--api-key", ""], "api_key must be a non-empty string"),
    ],
)
def test_cli_bad_options_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    with pytest.raises(SystemExit) as bad:
        main(argv)
    assert bad.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    assert words in err
    assert "(see python -m claude_3_sonnet.mock --help)" in err


def test_cli_takes_its_name_from_the_caller(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"], prog="my-tool mock")
    assert capsys.readouterr().out.startswith("usage: my-tool mock ")
    with pytest.raises(SystemExit):
        main(["--port", "70000"], prog="my-tool mock")
    assert "(see my-tool mock --help)" in capsys.readouterr().err


def test_python_dash_m_with_a_port_out_of_range() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "claude_3_sonnet.mock", "--port", "99999"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("error: argument --port: expected a port number")
    assert "Traceback" not in done.stderr
