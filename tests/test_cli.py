"""The ``claude-3-sonnet`` command, in process (``main([...])``) and once as installed.

Every failure must be one ``error:`` line on stderr with the documented exit
status: 0 ok, 1 API or network, 2 usage (arguments, key, image), 130 Ctrl-C.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from claude_3_sonnet import APIConnectionError, ChatCompletion, Stream, __version__
from claude_3_sonnet.cli import main
from claude_3_sonnet.mock import MockServer

from .support import KEY, PNG

SECRET = "sk-do-not-print-0123456789"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, mock_server: MockServer) -> MockServer:
    """The key and base URL of the session's mock, as a user would set them."""
    monkeypatch.setenv("AIMLAPI_API_KEY", KEY)
    monkeypatch.setenv("AIMLAPI_BASE_URL", mock_server.base_url)
    return mock_server


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AIMLAPI_API_KEY", "AIML_API_KEY", "AIMLAPI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    return lines[0]


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# -- answers -----------------------------------------------------------------------


@pytest.mark.usefixtures("env")
def test_chat_streams_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "chat", "Hello there") == (0, "You said: Hello there\n", "")


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("argv", [["chat"], ["chat", "-"]])
def test_prompt_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("piped question\n"))
    assert run(capsys, *argv) == (0, "You said: piped question\n", "")


@pytest.mark.usefixtures("env")
def test_empty_stdin_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n"))
    code, out, err = run(capsys, "chat")
    assert (code, out) == (2, "")
    assert one_error_line(err) == "error: the prompt is empty"


@pytest.mark.usefixtures("env")
def test_no_stream_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "chat",
        "one two three four",
        "--no-stream",
        "--system",
        "Be brief.",
        "--max-tokens",
        "7",
        "--temperature",
        "0.2",
        "--model",
        "anthropic/claude-3-sonnet",
    )
    assert (code, out, err) == (0, "(System prompt: Be brief.) You said: one\n", "")


@pytest.mark.usefixtures("env")
def test_json_prints_the_whole_completion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "chat", "Hello", "--json")
    assert (code, err) == (0, "")
    completion = ChatCompletion.from_dict(json.loads(out))
    assert completion.choices[0].message.content == "You said: Hello"
    assert completion.object_ == "chat.completion"


@pytest.mark.usefixtures("env")
def test_images(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    image = tmp_path / "dot.png"
    image.write_bytes(PNG)
    code, out, _ = run(capsys, "chat", "What is it?", "--image", str(image), "--image", str(image))
    assert (code, out) == (0, "I see 2 images (image/png, image/png). You said: What is it?\n")


@pytest.mark.usefixtures("env")
def test_images_by_url(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    image = tmp_path / "dot.png"
    image.write_bytes(PNG)
    code, out, _ = run(
        capsys, "chat", "And these?", "--image", "https://example.com/a.png", "--image", str(image)
    )
    assert (code, out) == (0, "I see 2 images (url, image/png). You said: And these?\n")


@pytest.mark.usefixtures("no_key")
@pytest.mark.parametrize(
    "argv", [["--mock", "chat", "Hello"], ["chat", "Hello", "--mock"], ["chat", "--mock", "Hello"]]
)
def test_mock_option_needs_no_key(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert run(capsys, *argv) == (0, "You said: Hello\n", "")


# -- usage errors (exit 2) ------------------------------------------------------------


@pytest.mark.usefixtures("no_key")
def test_missing_key_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "chat", "Hello")
    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert "AIMLAPI_API_KEY" in line
    assert "--mock" in line


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"BM\0\0\0\0", "not a supported image format"),
        (b"", "is empty"),
        (PNG + bytes(5 * 1024 * 1024), "is too large"),
        (PNG + bytes(4_000_000), "is too large"),  # under 5 MB, but not once in base64
    ],
)
def test_bad_images(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, words: str
) -> None:
    image = tmp_path / "picture.png"
    image.write_bytes(content)
    code, out, err = run(capsys, "chat", "Hi", "--image", str(image))
    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert "picture.png" in line
    assert words in line


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["chat", "Hi", "--image", "/no/such/file.png"], "no such file"),
        (["chat", "Hi", "--temperature", "3"], "invalid request: temperature"),
        (["chat", "Hi", "--max-tokens", "0"], "invalid request: max_tokens"),
        (["chat", "Hi", "--max-tokens", "many"], "invalid int value"),
        (["chat", "Hi", "--bogus"], "unrecognized arguments: --bogus"),
        (["chat", "Hi", "--json", "--no-stream"], "not allowed with"),
        (["chat", "Hi", "--max-retries", "-1"], "expected a whole number"),
        (["chat", "Hi", "--timeout", "0"], "expected a number of seconds"),
        (["chat", "Hi", "--mock", "--base-url", "http://x.test"], "cannot be combined"),
        (["chat", "Hi", "--base-url", "ftp://x"], "base_url must be an http(s) URL"),
        ([], "required: COMMAND"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--bogus", "chat", "Hi"], "unrecognized arguments: --bogus"),
        (["translate"], "invalid choice"),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str], words: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert words in one_error_line(err)


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    ("stdin", "line"),
    [
        (None, "error: could not read the prompt from stdin: stdin is closed"),
        (
            io.TextIOWrapper(io.BytesIO(b"caf\xe9 au lait"), encoding="utf-8"),
            "error: could not read the prompt from stdin: stdin is not UTF-8 text",
        ),
        (
            io.TextIOWrapper(
                io.BytesIO(b"caf\xe9 au lait"), encoding="utf-8", errors="surrogateescape"
            ),
            "error: could not read the prompt from stdin: stdin is not UTF-8 text",
        ),
    ],
)
def test_unreadable_stdin_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: io.TextIOWrapper | None,
    line: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run(capsys, "chat")
    assert (code, out) == (2, "")
    assert one_error_line(err) == line


@pytest.mark.usefixtures("env")
def test_stdin_that_fails_to_read_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken(io.StringIO):
        def read(self, size: int | None = -1) -> str:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(sys, "stdin", Broken())
    code, out, err = run(capsys, "chat", "-")
    assert (code, out) == (2, "")
    assert one_error_line(err) == (
        "error: could not read the prompt from stdin: [Errno 5] Input/output error"
    )


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["chat", "caf\udce9"], "error: the prompt is not UTF-8 text"),
        (["chat", "Hi", "--system", "caf\udce9"], "error: the --system prompt is not UTF-8 text"),
    ],
)
def test_undecodable_arguments_are_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], line: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert one_error_line(err) == line


@pytest.mark.usefixtures("no_key")
def test_a_key_with_characters_a_key_never_has(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mock_server: MockServer
) -> None:
    monkeypatch.setenv("AIMLAPI_API_KEY", "k\u00e9y-do-not-print")
    code, out, err = run(capsys, "chat", "Hello", "--base-url", mock_server.base_url)
    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert "API key" in line
    assert "unexpected" not in line
    assert "do-not-print" not in line


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "chat" in out
    assert "mock" in out
    code, out, _ = run(capsys, "chat", "--help")
    assert code == 0
    assert "--image PATH" in out
    assert run(capsys, "--version") == (0, f"claude-3-sonnet {__version__}\n", "")


# -- API and network errors (exit 1) ------------------------------------------------------


@pytest.mark.usefixtures("no_key")
def test_unreachable_service(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIMLAPI_API_KEY", SECRET)
    url = f"http://127.0.0.1:{closed_port()}"
    code, out, err = run(capsys, "--base-url", url, "--max-retries", "0", "chat", "Hello")
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert "ConnectError" in line
    assert SECRET not in line


@pytest.mark.usefixtures("no_key")
def test_a_rejected_key_is_never_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, mock_server: MockServer
) -> None:
    monkeypatch.setenv("AIMLAPI_API_KEY", SECRET)
    code, out, err = run(capsys, "chat", "Hello", "--base-url", mock_server.base_url)
    assert (code, out) == (1, "")
    assert one_error_line(err).startswith("error: 401")
    assert SECRET not in err


def fake_text_stream(*pieces: str, then: BaseException) -> property:
    def text_stream(self: Stream) -> Iterator[str]:
        yield from pieces
        raise then

    return property(text_stream)


@pytest.mark.usefixtures("env")
def test_a_stream_breaking_keeps_what_was_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = APIConnectionError("the connection dropped")
    monkeypatch.setattr(Stream, "text_stream", fake_text_stream("You ", "said", then=broken))
    code, out, err = run(capsys, "chat", "Hello")
    assert (code, out) == (1, "You said\n")
    assert one_error_line(err) == "error: the connection dropped"


# -- Ctrl-C (exit 130) ------------------------------------------------------------------


@pytest.mark.usefixtures("env")
def test_ctrl_c_during_a_stream(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        Stream, "text_stream", fake_text_stream("Half ", "an answer", then=KeyboardInterrupt())
    )
    code, out, err = run(capsys, "chat", "Hello")
    assert (code, out, err) == (130, "Half an answer\n", "\n")


@pytest.mark.usefixtures("env")
def test_ctrl_c_before_any_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Stream, "text_stream", fake_text_stream(then=KeyboardInterrupt()))
    assert run(capsys, "chat", "Hello") == (130, "", "\n")


# -- the mock subcommand ----------------------------------------------------------------


def test_mock_subcommand_delegates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str] | None] = []

    def fake_main(argv: list[str] | None = None, *, prog: str = "") -> int:
        assert prog == "claude-3-sonnet mock"
        calls.append(argv)
        return 7

    monkeypatch.setattr("claude_3_sonnet.mock.main", fake_main)
    assert run(capsys, "mock", "--port", "0", "--any-key")[0] == 7
    assert run(capsys, "--model", "x", "mock", "--port", "9")[0] == 7
    assert calls == [["--port", "0", "--any-key"], ["--port", "9"]]


def test_mock_subcommand_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mock", "--help")
    assert code == 0
    assert out.startswith("usage: claude-3-sonnet mock ")
    assert "--api-key" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--port", "99999"], "argument --port: expected a port number from 0 to 65535"),
        (["--latency", "-1"], "argument --latency: expected a number of seconds >= 0"),
        (["--failure-rate", "1.5"], "argument --failure-rate: expected a number from 0 to 1"),
    ],
)
def test_mock_subcommand_bad_options(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    code, out, err = run(capsys, "mock", *argv)
    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert words in line
    assert line.endswith("(see claude-3-sonnet mock --help)")


# -- as installed ---------------------------------------------------------------------------


def installed_script() -> str:
    here = Path(sys.executable).parent / "claude-3-sonnet"
    found = str(here) if here.exists() else shutil.which("claude-3-sonnet")
    if found is None:
        pytest.skip("the claude-3-sonnet console script is not installed")
    return found


def clean_env() -> dict[str, str]:
    drop = {"AIMLAPI_API_KEY", "AIML_API_KEY", "AIMLAPI_BASE_URL"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def test_console_script_with_the_bundled_mock() -> None:
    done = subprocess.run(
        [installed_script(), "--mock", "chat", "Hello"],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "You said: Hello\n", "")


def test_python_dash_m_without_a_key() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "claude_3_sonnet", "chat", "Hello"],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert "AIMLAPI_API_KEY" in one_error_line(done.stderr)


@pytest.mark.parametrize(
    ("shell", "stdin", "words"),
    [
        ('exec "$0" --mock chat <&-', None, "stdin is closed"),
        ('exec "$0" --mock chat', b"caf\xe9 au lait\n", "stdin is not UTF-8 text"),
    ],
)
def test_console_script_with_unusable_stdin(shell: str, stdin: bytes | None, words: str) -> None:
    done = subprocess.run(
        ["sh", "-c", shell, installed_script()],
        input=stdin,
        capture_output=True,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, b"")
    line = one_error_line(done.stderr.decode())
    assert line.startswith("error: could not read the prompt from stdin: ")
    assert words in line


def test_batch_subcommand_takes_the_options_given_before_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str] | None] = []

    def fake_main(argv: list[str] | None = None, *, prog: str = "") -> int:
        assert prog == "claude-3-sonnet batch"
        calls.append(argv)
        return 0

    monkeypatch.setattr("claude_3_sonnet.batch.cli.main", fake_main)
    assert run(capsys, "batch", "in.jsonl", "-o", "out.jsonl")[0] == 0
    assert run(capsys, "--mock", "--model", "m", "batch", "in.jsonl", "-o", "o.jsonl")[0] == 0
    assert calls == [
        ["in.jsonl", "-o", "out.jsonl"],
        ["in.jsonl", "-o", "o.jsonl", "--mock", "--model", "m"],
    ]
