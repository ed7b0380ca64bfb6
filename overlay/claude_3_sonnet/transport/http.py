"""The HTTP layer under both clients: transports with a hard time budget, bounded bodies.

Why a transport of our own: an HTTP timeout is per operation, so a server
that sends one byte every two seconds never trips a 60 s read timeout and
holds a call forever (before the status line, or in the middle of a
stream). The budget of a call must bound *every* socket operation. So the
clients' connection pools get a network backend that shortens each
connect, read, write and TLS handshake to what is left of the current
call's budget (held in a context variable, so threads and tasks each see
their own call), and to what is left of a stream's allowed silence.

httpx2 (the maintained successor of httpx, which the openai SDK also uses
now) builds its pool without a way to pass a network backend, so
:func:`sync_transport` and :func:`async_transport` rebuild the pool with
the same settings and ours. That touches one private attribute of httpx2's
transport; the pinned range of httpx2 is tested for it, and if it ever
changes the stock pool is used and the budget is checked between reads.
A client passed in by the caller (``http_client=``) keeps its own
transport, with the same between-reads check.

Bodies are read raw and decoded by ``core.decoding`` within the limits, so
no body, compressed or not, is ever held beyond them.
"""

from __future__ import annotations

import contextlib
import importlib
import socket
import ssl
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import attrs
import httpcore2
import httpx2

from ..core.decoding import BodyDecoder
from ..core.errors import APIConnectionError, APITimeoutError

KEEPALIVE_LIMITS = httpx2.Limits(max_connections=1000, max_keepalive_connections=100)
"""A pool sized for a busy async application."""

DRAIN_BYTES = 64 * 1024
DRAIN_SECONDS = 1.0
"""After a stream's ``[DONE]``, read at most this much more (bytes, time) to reach the end
of the body, so the connection goes back to the pool; past it the connection is dropped."""


@attrs.define
class Budget:
    """The time limits of the call being made in this thread or task."""

    deadline: float | None
    """Clock reading (``time.monotonic``) when the call's total budget runs out."""
    total: float | None
    """The whole budget, in seconds (for messages)."""
    idle: float | None = None
    """Seconds of silence allowed between stream events (``None``: no such limit)."""
    last_event: float = attrs.field(factory=time.monotonic)
    """When the stream last made progress."""

    def left(self, now: float | None = None) -> float | None:
        """Seconds until the first limit runs out (``None``: no limit)."""
        now = time.monotonic() if now is None else now
        lefts = []
        if self.deadline is not None:
            lefts.append(self.deadline - now)
        if self.idle is not None:
            lefts.append(self.last_event + self.idle - now)
        return min(lefts) if lefts else None

    def expired(self) -> str | None:
        """Which limit has run out, in words, or ``None``."""
        now = time.monotonic()
        if self.deadline is not None and now >= self.deadline:
            return f"the call's total_timeout ({self.total:g} s) ran out"
        if self.idle is not None and now >= self.last_event + self.idle:
            return f"the stream was silent for longer than idle_timeout ({self.idle:g} s)"
        return None

    def check(self) -> None:
        """Raise ``APITimeoutError`` if a limit has run out (the between-reads check)."""
        why = self.expired()
        if why is not None:
            raise APITimeoutError(why)


CURRENT: ContextVar[Budget | None] = ContextVar("claude_3_sonnet_budget", default=None)


def _shorten(timeout: float | None, kind: type[Exception]) -> float | None:
    """``timeout`` cut to what the current call's budget has left."""
    budget = CURRENT.get()
    if budget is None:
        return timeout
    left = budget.left()
    if left is None:
        return timeout
    if left <= 0:
        raise kind("the call's time budget ran out")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _shorten(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _shorten(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        shortened = _shorten(timeout, httpcore2.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, shortened))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore2.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore2.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        shortened = _shorten(timeout, httpcore2.ConnectTimeout)
        return _Stream(
            self._inner.connect_tcp(host, port, shortened, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.NetworkStream:
        shortened = _shorten(timeout, httpcore2.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, shortened, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncStream(httpcore2.AsyncNetworkStream):
    def __init__(self, inner: httpcore2.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, _shorten(timeout, httpcore2.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, _shorten(timeout, httpcore2.WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        shortened = _shorten(timeout, httpcore2.ConnectTimeout)
        return _AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, shortened))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore2.AsyncNetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore2.AnyIOBackend()  # asyncio and trio alike

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        shortened = _shorten(timeout, httpcore2.ConnectTimeout)
        stream = await self._inner.connect_tcp(host, port, shortened, local_address, socket_options)
        return _AsyncStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.AsyncNetworkStream:
        shortened = _shorten(timeout, httpcore2.ConnectTimeout)
        return _AsyncStream(await self._inner.connect_unix_socket(path, shortened, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _pool_settings(limits: httpx2.Limits) -> dict[str, Any]:
    return {
        "ssl_context": httpx2.create_ssl_context(),
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
    }


def sync_transport(limits: httpx2.Limits = KEEPALIVE_LIMITS) -> httpx2.HTTPTransport:
    """httpx2's transport, its pool rebuilt with the budget-aware network backend."""
    transport = httpx2.HTTPTransport(limits=limits)
    if type(getattr(transport, "_pool", None)) is httpcore2.ConnectionPool:
        transport._pool = httpcore2.ConnectionPool(
            **_pool_settings(limits), network_backend=_Backend()
        )
    return transport


def async_transport(limits: httpx2.Limits = KEEPALIVE_LIMITS) -> httpx2.AsyncHTTPTransport:
    """The async twin of :func:`sync_transport`."""
    transport = httpx2.AsyncHTTPTransport(limits=limits)
    if type(getattr(transport, "_pool", None)) is httpcore2.AsyncConnectionPool:
        transport._pool = httpcore2.AsyncConnectionPool(
            **_pool_settings(limits), network_backend=_AsyncBackend()
        )
    return transport


def has_budget_backend(transport: Any) -> bool:
    """Does this transport enforce the budget inside every socket operation?"""
    backend = getattr(getattr(transport, "_pool", None), "_network_backend", None)
    return isinstance(backend, _Backend | _AsyncBackend)


# -- errors of the HTTP library ------------------------------------------------------


def library_of(http_client: Any) -> Any:
    """The HTTP library module a client comes from (httpx2, or httpx for a caller's client)."""
    name = type(http_client).__module__.split(".")[0]
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - a client without its module is impossible
        return httpx2


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def permanent(exc: BaseException) -> str | None:
    """Why a transport failure cannot heal by retrying (a DNS or certificate failure), or ``None``."""
    for cause in _chain(exc):
        if isinstance(cause, socket.gaierror):
            return "the host name does not resolve"
        if isinstance(cause, ssl.SSLCertVerificationError):
            return "the server's TLS certificate does not verify"
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "the server's TLS certificate does not verify"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "the host name does not resolve"
    return None


def connection_error(
    exc: BaseException, library: Any, budget: Budget | None, *, method: str, url: str
) -> tuple[APIConnectionError, bool]:
    """Our exception for a transport failure, and whether a retry could help.

    Nothing of ``exc`` is kept: it carries the request, and the request the key.
    """
    detail = " ".join(str(exc).split()) or type(exc).__name__
    why = budget.expired() if budget is not None else None
    if why is not None:
        return APITimeoutError(f"{method} {url} timed out: {why}"), False
    if isinstance(exc, library.TimeoutException):
        return APITimeoutError(f"{method} {url} timed out ({type(exc).__name__}: {detail})"), True
    cause = permanent(exc)
    if cause is not None:
        error = APIConnectionError(
            f"{method} {url} failed: {cause} ({type(exc).__name__}: {detail})"
        )
        return error, False
    return APIConnectionError(f"{method} {url} failed: {type(exc).__name__}: {detail}"), True


# -- bodies ----------------------------------------------------------------------------


@contextlib.contextmanager
def budget_scope(budget: Budget | None) -> Iterator[None]:
    """Make ``budget`` the current call's for the network operations inside."""
    token = CURRENT.set(budget)
    try:
        yield
    finally:
        CURRENT.reset(token)


def next_piece(budget: Budget, pieces: Iterator[bytes]) -> bytes | None:
    """The next raw piece of a body, its socket reads bounded by ``budget`` (``None``: the end)."""
    budget.check()
    token = CURRENT.set(budget)
    try:
        return next(pieces, None)
    finally:
        CURRENT.reset(token)


async def anext_piece(budget: Budget, pieces: AsyncIterator[bytes]) -> bytes | None:
    """The async twin of :func:`next_piece`."""
    budget.check()
    token = CURRENT.set(budget)
    try:
        return await anext(pieces, None)
    finally:
        CURRENT.reset(token)


def body_parts(response: Any) -> tuple[Iterator[bytes], str | None]:
    """The body's raw pieces and the content coding to undo.

    A response built with its content already loaded (``httpx.MockTransport``
    handlers do that) cannot be iterated raw; its content is already decoded.
    """
    if response.is_stream_consumed:
        return iter([response.content]), None
    return response.iter_raw(), response.headers.get("content-encoding")


def abody_parts(response: Any) -> tuple[AsyncIterator[bytes], str | None]:
    if response.is_stream_consumed:
        return _once(response.content), None
    return response.aiter_raw(), response.headers.get("content-encoding")


async def _once(content: bytes) -> AsyncIterator[bytes]:
    yield content


def _within_budget(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The pieces, the current call's budget checked before each read.

    With the budget-aware backend this is a second guard; with a caller's own
    ``http_client`` it is the only one.
    """
    budget = CURRENT.get()
    if budget is None:
        yield from pieces
        return
    while (piece := next_piece(budget, pieces)) is not None:
        yield piece


async def _awithin_budget(pieces: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    budget = CURRENT.get()
    if budget is None:
        async for piece in pieces:
            yield piece
        return
    while (found := await anext_piece(budget, pieces)) is not None:
        yield found


def read_body(response: Any, limit: int, what: str) -> bytes:
    """The whole decoded body, within ``limit``; the response is closed either way."""
    return read_prefix(response, limit, what, truncate=False)[0]


async def aread_body(response: Any, limit: int, what: str) -> bytes:
    return (await aread_prefix(response, limit, what, truncate=False))[0]


def read_prefix(
    response: Any, limit: int, what: str = "max_error_bytes", *, truncate: bool = True
) -> tuple[bytes, bool]:
    """At most ``limit`` decoded bytes of the body, and whether there was more (then unread).

    With ``truncate=False`` more than ``limit`` is a ``ResponseTooLargeError`` naming ``what``.
    """
    pieces, coding = body_parts(response)
    decoder = BodyDecoder(coding, limit, what, truncate=truncate)
    parts: list[bytes] = []
    try:
        for raw in _within_budget(pieces):
            parts.append(decoder.feed(raw))
            if decoder.truncated:
                break
    finally:
        response.close()
    return b"".join(parts), decoder.truncated


async def aread_prefix(
    response: Any, limit: int, what: str = "max_error_bytes", *, truncate: bool = True
) -> tuple[bytes, bool]:
    pieces, coding = abody_parts(response)
    decoder = BodyDecoder(coding, limit, what, truncate=truncate)
    parts: list[bytes] = []
    try:
        async for raw in _awithin_budget(pieces):
            parts.append(decoder.feed(raw))
            if decoder.truncated:
                break
    finally:
        await response.aclose()
    return b"".join(parts), decoder.truncated


def drain(response: Any, pieces: Iterator[bytes], budget: Budget) -> None:
    """Read the rest of a finished stream (bounded) so its connection can be reused.

    ``pieces`` is the body iterator already in use: a response is iterated once.
    """
    seen = 0
    with budget_scope(_drain_budget(budget)), contextlib.suppress(Exception):
        for raw in pieces:
            seen += len(raw)
            if seen > DRAIN_BYTES:
                break
    response.close()


async def adrain(response: Any, pieces: AsyncIterator[bytes], budget: Budget) -> None:
    seen = 0
    with budget_scope(_drain_budget(budget)), contextlib.suppress(Exception):
        async for raw in pieces:
            seen += len(raw)
            if seen > DRAIN_BYTES:
                break
    await response.aclose()


def _drain_budget(call: Budget) -> Budget:
    """At most ``DRAIN_SECONDS``, and never past the call's own deadline."""
    deadline = time.monotonic() + DRAIN_SECONDS
    if call.deadline is not None:
        deadline = min(deadline, call.deadline)
    return Budget(deadline=deadline, total=DRAIN_SECONDS)
