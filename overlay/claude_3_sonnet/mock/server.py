"""Run the mock for tests: in a background thread, or in its own process.

``MockServer`` serves from a thread of the calling process: it starts in a
few milliseconds and a test can read its attempt counters directly. Under
load it shares the GIL with the client being measured, so load tests and
benchmarks use ``MockProcess``, the same app behind the CLI in a child
Python process. Both bind the socket before serving (port 0 picks a free
port, with no race), expose ``base_url``, and stop promptly. Both offer the
same controls (``controls.py``): ``script``, ``requests``,
``assert_all_valid()``, ``attempts()`` and ``reset()``.
"""

from __future__ import annotations

import contextlib
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from types import TracebackType
from typing import IO, Self

import uvicorn

from .app import MockApp, create_app
from .config import MockConfig
from .connections import timed_protocol
from .controls import MockControls, RemoteControls

DEFAULT_HOST = "127.0.0.1"
READY_LINE = re.compile(r"listening on (http://\S+)")


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (0: a free port).

    The protocol is named explicitly: asyncio turns Nagle's algorithm off
    only on sockets whose ``proto`` is ``IPPROTO_TCP``, and with it on every
    response written in two parts (headers, body) waits ~40 ms for an ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def uvicorn_config(
    app: MockApp, *, log_level: str = "warning", access_log: bool = False
) -> uvicorn.Config:
    """Settings shared by the thread, the process and the CLI.

    ``log_config=None`` leaves the host program's logging alone; h11 and
    asyncio need nothing beyond the ``mock`` extra. The protocol is uvicorn's
    h11 one with the mock's idle and request deadlines (``connections.py``).
    """
    return uvicorn.Config(
        app,
        log_config=None,
        log_level=log_level,
        access_log=access_log,
        lifespan="off",
        http=timed_protocol(app.config.idle_timeout, app.config.request_timeout),
        loop="asyncio",
        backlog=2048,
        timeout_graceful_shutdown=1,
    )


class MockServer(MockControls):
    """The mock in a background thread of this process.

    >>> with MockServer(MockConfig(api_key="test-key")) as server:  # doctest: +SKIP
    ...     httpx.post(server.base_url + "/v1/chat/completions", ...)
    """

    def __init__(
        self, config: MockConfig | None = None, *, host: str = DEFAULT_HOST, port: int = 0
    ) -> None:
        self.config = config or MockConfig()
        self.host = host
        self.port = port
        self.app = create_app(self.config)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``, without a trailing slash."""
        if self._base_url is None:
            raise RuntimeError("the mock server is not running; call start() first")
        return self._base_url

    def start(self, timeout: float = 10.0) -> Self:
        """Bind, serve from a daemon thread, and return once requests are accepted."""
        if self._thread is not None:
            raise RuntimeError("the mock server is already running")
        sock = bind_socket(self.host, self.port)
        server = uvicorn.Server(uvicorn_config(self.app))
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="claude-3-sonnet-mock", daemon=True
        )
        self._socket, self._server, self._thread = sock, server, thread
        self.port = sock.getsockname()[1]
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the mock server did not start")
            time.sleep(0.005)
        self._base_url = url_of(sock)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving: open connections get about a second to finish (idempotent)."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        self._base_url = None
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(timeout)
            if thread.is_alive():
                server.force_exit = True
                thread.join(timeout)
        if sock is not None:
            sock.close()

    @property
    def running(self) -> bool:
        """Is the server started and serving?"""
        return self._thread is not None and self._thread.is_alive()

    @property
    def open_connections(self) -> int:
        """How many client connections the server holds open right now."""
        server = self._server
        return 0 if server is None else len(server.server_state.connections)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class MockProcess(RemoteControls):
    """The mock in a child Python process (``python -m claude_3_sonnet.mock``).

    Same interface as :class:`MockServer`; the script, the received requests
    and attempt counts go over HTTP, through the ``/_mock/`` endpoints.
    """

    def __init__(
        self,
        config: MockConfig | None = None,
        *,
        host: str = DEFAULT_HOST,
        port: int = 0,
        python: str = sys.executable,
        log_level: str = "warning",
    ) -> None:
        self.config = config or MockConfig()
        self.host = host
        self.port = port
        self.python = python
        self.log_level = log_level
        self._process: subprocess.Popen[str] | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the mock process is not running; call start() first")
        return self._base_url

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def command(self) -> list[str]:
        """The command line that starts the child."""
        config = self.config
        key_args = ["--any-key"] if config.api_key is None else ["--api-key", config.api_key]
        return [
            self.python,
            "-m",
            "claude_3_sonnet.mock",
            "--host",
            self.host,
            "--port",
            str(self.port),
            *key_args,
            "--latency",
            repr(config.latency),
            "--failure-rate",
            repr(config.failure_rate),
            "--seed",
            str(config.seed),
            "--max-body-bytes",
            str(config.max_body_bytes),
            "--idle-timeout",
            repr(config.idle_timeout),
            "--request-timeout",
            repr(config.request_timeout),
            "--record-limit",
            str(config.record_limit),
            "--log-level",
            self.log_level,
            "--no-access-log",
        ]

    def start(self, timeout: float = 30.0) -> Self:
        """Start the child and return once it listens (its first stdout line says where)."""
        if self._process is not None:
            raise RuntimeError("the mock process is already running")
        process = subprocess.Popen(
            self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True
        )
        self._process = process
        assert process.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                line = None
            found = READY_LINE.search(line) if line else None
            if found:
                self._base_url = found.group(1)
                self.port = int(self._base_url.rsplit(":", 1)[1])
                return self
            if line is None:
                code = process.poll()
                self.stop()
                raise RuntimeError(f"the mock process did not start (exit code {code})")

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate the child (SIGTERM, then SIGKILL after ``timeout``; idempotent)."""
        process, self._process, self._base_url = self._process, None, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        if process.stdout is not None:
            with contextlib.suppress(OSError):
                process.stdout.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Hand the child's stdout lines over, then keep draining it so it never blocks."""
    with contextlib.suppress(OSError, ValueError):
        for line in stream:
            lines.put(line)
    lines.put(None)
