"""The mock closes connections that hold it without asking anything, and keeps serving.

Before: 2,000 idle connections and 2,000 half-sent requests were all still
open 8 s later (uvicorn times out only a kept-alive connection, after a
response). Now a connection with no request in progress is closed after
``idle_timeout`` and a request must arrive whole within ``request_timeout``
of its first byte, however slowly its bytes trickle in.
"""

from __future__ import annotations

import contextlib
import json
import resource
import socket
import threading
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from claude_3_sonnet.mock import MockConfig, MockProcess, MockServer, main

from .mock_helpers import AUTH, CHAT, HELLO

IDLE, REQUEST = 1.5, 2.5
CONFIG = MockConfig(api_key="test-key", idle_timeout=IDLE, request_timeout=REQUEST)
HEAD = (
    b"POST /v1/chat/completions HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer test-key\r\n"
    b"Content-Type: application/json\r\n"
)


def _per_kind() -> int:
    """Connections of each kind: 600, or fewer if this process may not open that many files."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(50, min(600, (soft - 300) // 6))  # each connection is two descriptors here


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer(CONFIG) as running:
        yield running


def _address(server: MockServer) -> tuple[str, int]:
    url = urlsplit(server.base_url)
    assert url.hostname is not None
    assert url.port is not None
    return url.hostname, url.port


def _connect(server: MockServer, count: int, first_bytes: bytes) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(_address(server), timeout=10)
        if first_bytes:
            sock.sendall(first_bytes)
        sockets.append(sock)
    return sockets


def _closed_by_peer(sock: socket.socket) -> bool:
    """Has the server closed this connection (EOF or reset)?"""
    sock.settimeout(0.05)
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def _wait_for(condition: Callable[[], bool], timeout: float) -> float:
    """Seconds until ``condition`` held; fails the test after ``timeout``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"still not true after {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - started


def _answers(server: MockServer) -> bool:
    response = httpx.post(server.base_url + CHAT, json=HELLO, headers=AUTH, timeout=10)
    return response.status_code == 201


def test_idle_and_half_sent_connections_are_closed_and_the_mock_keeps_serving(
    server: MockServer,
) -> None:
    count = _per_kind()
    opened = time.monotonic()
    idle = _connect(server, count, b"")
    half_head = _connect(server, count, HEAD + b"Content-Le")
    half_body = _connect(server, count, HEAD + b"Content-Length: 1000\r\n\r\n" + b'{"model": ')
    every = idle + half_head + half_body
    try:
        _wait_for(lambda: server.open_connections >= 3 * count, timeout=IDLE)
        assert _answers(server)  # serving while holding them all

        _wait_for(lambda: server.open_connections == 0, timeout=REQUEST + 10)
        closed_after = time.monotonic() - opened

        assert closed_after >= IDLE * 0.9  # not before the timeout
        assert all(_closed_by_peer(sock) for sock in every)
        assert _answers(server)
    finally:
        for sock in every:
            sock.close()


def test_a_trickled_request_is_cut_at_the_request_timeout(server: MockServer) -> None:
    """One byte every 0.2 s keeps data flowing; the deadline still runs from the first byte."""
    sock = socket.create_connection(_address(server), timeout=10)
    stop = threading.Event()

    def trickle() -> None:
        for byte in HEAD + b"Content-Length: 5000\r\n\r\n" + b"x" * 5000:
            if stop.wait(0.2):
                return
            with contextlib.suppress(OSError):
                sock.send(bytes([byte]))

    sender = threading.Thread(target=trickle, daemon=True)
    started = time.monotonic()
    sender.start()
    try:
        _wait_for(lambda: _closed_by_peer(sock), timeout=REQUEST + 5)
        assert time.monotonic() - started >= REQUEST * 0.9
        assert _answers(server)
    finally:
        stop.set()
        sender.join(5)
        sock.close()


def test_a_kept_alive_connection_is_closed_after_the_idle_timeout(server: MockServer) -> None:
    body = json.dumps(HELLO).encode()
    sock = socket.create_connection(_address(server), timeout=10)
    try:
        sock.sendall(HEAD + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        assert sock.recv(65536).startswith(b"HTTP/1.1 201")
        answered = time.monotonic()
        _wait_for(lambda: _closed_by_peer(sock), timeout=IDLE + 5)
        assert time.monotonic() - answered >= IDLE * 0.9
    finally:
        sock.close()


def test_slow_answers_are_not_cut() -> None:
    """The deadlines cover the peer's side only: the mock taking its time is not idleness."""
    config = MockConfig(api_key="test-key", idle_timeout=0.3, request_timeout=0.5)
    with MockServer(config) as server, httpx.Client(headers=AUTH, timeout=10) as client:
        server.script.delay(1.0)
        assert client.post(server.base_url + CHAT, json=HELLO).status_code == 201
        server.script.reply("one two", chunk_delay=0.35)
        response = client.post(server.base_url + CHAT, json={**HELLO, "stream": True})
        assert response.status_code == 201
        assert response.text.endswith("data: [DONE]\n\n")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--idle-timeout", "0"], "argument --idle-timeout: expected a number of seconds > 0"),
        (["--request-timeout", "inf"], "argument --request-timeout: expected a number of seconds"),
        (["--record-limit", "-1"], "argument --record-limit: expected a whole number >= 0"),
    ],
)
def test_cli_options_are_checked(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    with pytest.raises(SystemExit) as bad:
        main(argv)
    assert bad.value.code == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize(
    "kwargs", [{"idle_timeout": 0.0}, {"request_timeout": float("nan")}, {"record_limit": -1}]
)
def test_config_is_checked(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        MockConfig(**kwargs)  # type: ignore[arg-type]


def test_the_child_process_gets_the_same_settings() -> None:
    command = MockProcess(
        MockConfig(idle_timeout=7.0, request_timeout=9.0, record_limit=5)
    ).command()
    assert command[command.index("--idle-timeout") + 1] == "7.0"
    assert command[command.index("--request-timeout") + 1] == "9.0"
    assert command[command.index("--record-limit") + 1] == "5"
