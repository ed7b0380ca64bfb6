"""Small loopback servers that misbehave on purpose, for the reliability tests.

Each is a raw TCP server: a thread accepts connections and runs a handler
per connection, so a test controls every byte (a status line sent one byte
at a time, a body that never ends, a gzip bomb). ``python -m tests.hostile
KIND`` serves one of them from a child process (the memory test measures
the client alone); it prints ``listening on http://...`` first.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import socket
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Self

from claude_3_sonnet.mock import payloads
from claude_3_sonnet.mock.generation import Answer
from claude_3_sonnet.mock.wire import sse_event

Handler = Callable[[socket.socket], None]


class RawServer:
    """Runs ``handler(connection)`` in a thread for every connection to 127.0.0.1:<port>."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            self.handler(conn)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self.sock.close()


def read_request(conn: socket.socket) -> bytes:
    """The request's head and body (by Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            return data
        data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        piece = conn.recv(65536)
        if not piece:
            break
        rest += piece
    return head + b"\r\n\r\n" + rest


def header_value(request: bytes, name: bytes) -> bytes:
    for line in request.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return b""


def drip(data: bytes, every: float) -> Handler:
    """Send ``data`` (forever, if it runs out: repeated) one byte every ``every`` seconds."""

    def handle(conn: socket.socket) -> None:
        read_request(conn)
        for byte in itertools.cycle(data):
            conn.sendall(bytes([byte]))
            time.sleep(every)

    return handle


def chunked(head: bytes, pieces: Iterator[bytes]) -> Handler:
    """A chunked response with ``head``'s headers, then ``pieces`` as they come."""

    def handle(conn: socket.socket) -> None:
        read_request(conn)
        conn.sendall(head + b"transfer-encoding: chunked\r\n\r\n")
        for piece in pieces:
            conn.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        conn.sendall(b"0\r\n\r\n")

    return handle


STREAM_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
JSON_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"


def endless_stream(pause: float = 0.0) -> Iterator[bytes]:
    """The service's real chunks, forever (a finish_reason never comes)."""
    answer = Answer("msg_endless", "word " * 200, (), "end_turn", 1, 1)
    opening, *middle = payloads.chunks(answer)[:-2]
    yield sse_event(opening)
    batch = b"".join(sse_event(chunk) for chunk in middle)
    while True:
        yield batch
        if pause:
            time.sleep(pause)


def huge_body(size: int) -> Iterator[bytes]:
    """``size`` bytes of a JSON string that never closes, generated lazily."""
    yield b'{"id": "' + b"x" * 65536
    for _ in range(size // 65536):
        yield b"x" * 65536


def gzip_bomb(inflated: int) -> bytes:
    """A small gzip body that inflates to ``inflated`` bytes of zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    parts = [compressor.compress(block) for _ in range(inflated // len(block))]
    return b"".join(parts) + compressor.flush()


def echo(conn: socket.socket) -> None:
    """A server that puts the caller's Authorization header everywhere it can."""
    request = read_request(conn)
    auth = header_value(request, b"authorization").decode("latin-1")
    body = json.dumps({"statusCode": 401, "message": f"bad key {auth}", "echo": [auth]}).encode()
    conn.sendall(
        b"HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-type: application/json\r\n"
        + f"x-echo: {auth}\r\ncontent-length: {len(body)}\r\n\r\n".encode("latin-1")
        + body
    )


def gzip_json(body: bytes) -> bytes:
    return gzip.compress(body)


SERVERS: dict[str, Callable[[], Handler]] = {
    "huge-body": lambda: chunked(JSON_HEAD, huge_body(1024**3)),
    "gzip-bomb": lambda: _gzip_bomb_handler(JSON_HEAD),
    "gzip-bomb-stream": lambda: _gzip_bomb_handler(STREAM_HEAD),
    "endless-stream": lambda: chunked(STREAM_HEAD, endless_stream()),
    "huge-error": lambda: chunked(
        b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\n",
        (b"e" * 65536 for _ in range(200 * 16)),
    ),
}


def _gzip_bomb_handler(head: bytes) -> Handler:
    bomb = gzip_bomb(1024**3)

    def handle(conn: socket.socket) -> None:
        read_request(conn)
        conn.sendall(
            head + f"content-encoding: gzip\r\ncontent-length: {len(bomb)}\r\n\r\n".encode()
        )
        conn.sendall(bomb)

    return handle


def main() -> None:
    with RawServer(SERVERS[sys.argv[1]]()) as server:
        print(f"listening on {server.url}", flush=True)
        sys.stdin.read()  # until the parent closes our stdin


if __name__ == "__main__":
    main()
