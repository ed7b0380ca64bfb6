"""The mock without a socket: the client's HTTP requests go straight into its ASGI app.

A test that does not need real HTTP (most of an application's tests) saves
the connection, both HTTP parsers and the thread hop of a served mock.
:class:`InProcessMock` is the same app, with the same script and records
(``MockControls``), behind httpx2 transports:

* :class:`AsyncInProcessTransport` runs the app as a task of the caller's
  event loop (asyncio);
* :class:`InProcessTransport`, for the sync client, runs it on an event
  loop in a thread (one for the process, started on first use), because
  httpx2 has no sync ASGI transport and a loop cannot be started inside a
  caller that may already be running one.

httpx2's own ``ASGITransport`` is not used: it holds the whole response
until the app returns and asserts that the app finished it, so a paced
stream would arrive at once and a dropped one would raise
``AssertionError``. Here the body streams as the app sends it, and the
failures a client meets over a network surface as httpx2's own exceptions:
an answer cut short raises ``RemoteProtocolError``, and a response slower
than the request's read timeout, or than the client's remaining time
budget, raises ``ReadTimeout``. Closing a response early cancels the app's
task, as a closed connection would.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import AsyncIterator, Callable, Iterator, MutableMapping
from concurrent.futures import Future
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx2

from claude_3_sonnet.mock import MockConfig, create_app
from claude_3_sonnet.mock.controls import MockControls
from claude_3_sonnet.transport.base import DEFAULT_TIMEOUT
from claude_3_sonnet.transport.http import CURRENT

if TYPE_CHECKING:
    from claude_3_sonnet import AsyncClaude3Sonnet, Claude3Sonnet
    from claude_3_sonnet.mock import MockApp

logger = logging.getLogger("claude_3_sonnet.testing")

IN_PROCESS_URL = "http://mock.invalid"
"""The base URL of an in-process mock: ``.invalid`` never resolves, so a client built
with it by mistake fails at once instead of reaching some host."""

Event = tuple[Any, ...]
"""What the app emits: ``("start", status, headers)``, ``("body", bytes)``, ``("end",)``,
``("drop",)`` (returned mid-answer) or ``("gone",)`` (returned without answering)."""

DROPPED = "peer closed connection without sending complete message body"
GONE = "Server disconnected without sending a response."


class _Exchange:
    """One request through the app, as the ASGI server side sees it."""

    def __init__(self, app: MockApp, request: httpx2.Request, body: bytes) -> None:
        self.app = app
        self.body = body
        self.scope = _scope(request)
        self.started = False
        self.finished = False

    async def run(self, emit: Callable[[Event], None]) -> None:
        """Run the app, handing what it sends to ``emit``; never raises (a server would not)."""
        closed = asyncio.Event()
        body_sent = False

        async def receive() -> dict[str, Any]:
            nonlocal body_sent
            if not body_sent:
                body_sent = True
                return {"type": "http.request", "body": self.body, "more_body": False}
            await closed.wait()
            return {"type": "http.disconnect"}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.started = True
                emit(("start", message["status"], list(message.get("headers", []))))
            elif message["type"] == "http.response.body" and not self.finished:
                if message.get("body"):
                    emit(("body", bytes(message["body"])))
                if not message.get("more_body", False):
                    self.finished = True
                    closed.set()
                    emit(("end",))

        try:
            await self.app(self.scope, receive, send)
        except Exception:  # what uvicorn does: log it, answer 500 if nothing was sent yet
            logger.exception("the mock's app failed")
            if not self.started:
                self.started = self.finished = True
                emit(("start", 500, [(b"content-type", b"text/plain; charset=utf-8")]))
                emit(("body", b"Internal Server Error"))
                emit(("end",))
        if not self.finished:
            emit(("drop",) if self.started else ("gone",))


def _scope(request: httpx2.Request) -> dict[str, Any]:
    url = request.url
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": url.path,
        "raw_path": url.raw_path.split(b"?")[0],
        "query_string": url.query,
        "root_path": "",
        "headers": [(name.lower(), value) for name, value in request.headers.raw],
        "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
        "client": ("127.0.0.1", 0),
    }


def _wait_limit(request: httpx2.Request) -> float | None:
    """Seconds to wait for the app's next step: the read timeout, cut to the call's budget."""
    timeouts = request.extensions.get("timeout") or {}
    limits = [t for t in (timeouts.get("read"),) if t is not None]
    budget = CURRENT.get()
    left = budget.left() if budget is not None else None
    if left is not None:
        limits.append(max(left, 0.0))
    return min(limits) if limits else None


def _timeout(request: httpx2.Request) -> httpx2.ReadTimeout:
    return httpx2.ReadTimeout("timed out waiting for the in-process mock", request=request)


def _head(event: Event, request: httpx2.Request) -> tuple[int, list[tuple[bytes, bytes]]]:
    if event[0] == "gone":
        raise httpx2.RemoteProtocolError(GONE, request=request)
    assert event[0] == "start", event
    return event[1], event[2]


# -- sync --------------------------------------------------------------------------------


class _LoopThread:
    """The event loop every sync in-process transport runs its app on, started on first use.

    One for the process: starting a thread and a loop costs about 3 ms, more
    than a whole request, and a test suite makes a mock per test. It is a
    daemon thread; each mock cancels its own tasks when it closes. Work is
    handed over with ``asyncio.run_coroutine_threadsafe``, which returns at
    once (anyio's portal waits for the task to start: a second thread hop
    per request).
    """

    _lock = threading.Lock()
    _loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def loop(cls) -> asyncio.AbstractEventLoop:
        with cls._lock:
            if cls._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="claude-3-sonnet-inprocess-mock", daemon=True
                )
                thread.start()
                cls._loop = loop
            return cls._loop


class _Tasks:
    """The app tasks one mock has running on the loop thread, to cancel when it closes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[Future[None]] = set()

    def start(self, exchange: _Exchange, emit: Callable[[Event], None]) -> Future[None]:
        task = asyncio.run_coroutine_threadsafe(exchange.run(emit), _LoopThread.loop())
        with self._lock:
            self._running.add(task)
        task.add_done_callback(self._forget)
        return task

    def _forget(self, task: Future[None]) -> None:
        with self._lock:
            self._running.discard(task)

    def cancel_all(self) -> None:
        with self._lock:
            running, self._running = self._running, set()
        for task in running:
            task.cancel()


class InProcessTransport(httpx2.BaseTransport):
    """A sync httpx2 transport into the mock's app, run on a shared loop thread."""

    def __init__(self, app: MockApp, tasks: _Tasks | None = None) -> None:
        self._app = app
        self._tasks = tasks if tasks is not None else _Tasks()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        exchange = _Exchange(self._app, request, request.read())
        events: queue.Queue[Event] = queue.Queue()
        task = self._tasks.start(exchange, events.put)

        def next_event() -> Event:
            try:
                return events.get(timeout=_wait_limit(request))
            except queue.Empty:
                task.cancel()
                raise _timeout(request) from None

        status, headers = _head(next_event(), request)
        return httpx2.Response(status, headers=headers, stream=_SyncBody(next_event, task.cancel))


class _SyncBody(httpx2.SyncByteStream):
    def __init__(self, next_event: Callable[[], Event], cancel: Callable[[], object]) -> None:
        self._next = next_event
        self._cancel = cancel

    def __iter__(self) -> Iterator[bytes]:
        while True:
            event = self._next()
            if event[0] == "body":
                yield event[1]
            elif event[0] == "end":
                return
            else:
                raise httpx2.RemoteProtocolError(DROPPED)

    def close(self) -> None:
        self._cancel()  # a response closed early is a closed connection: the app stops


# -- async -------------------------------------------------------------------------------


class AsyncInProcessTransport(httpx2.AsyncBaseTransport):
    """An async httpx2 transport into the mock's app, run in the caller's (asyncio) loop."""

    def __init__(self, app: MockApp) -> None:
        self._app = app

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        exchange = _Exchange(self._app, request, await request.aread())
        events: asyncio.Queue[Event] = asyncio.Queue()
        task = asyncio.get_running_loop().create_task(exchange.run(events.put_nowait))

        async def next_event() -> Event:
            try:
                return await asyncio.wait_for(events.get(), _wait_limit(request))
            except TimeoutError:
                task.cancel()
                raise _timeout(request) from None

        try:
            status, headers = _head(await next_event(), request)
        except BaseException:
            task.cancel()  # the caller was cancelled, or timed out: so is the app
            raise
        return httpx2.Response(status, headers=headers, stream=_AsyncBody(next_event, task))


class _AsyncBody(httpx2.AsyncByteStream):
    def __init__(self, next_event: Callable[[], Any], task: asyncio.Task[None]) -> None:
        self._next = next_event
        self._task = task

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            event: Event = await self._next()
            if event[0] == "body":
                yield event[1]
            elif event[0] == "end":
                return
            else:
                raise httpx2.RemoteProtocolError(DROPPED)

    async def aclose(self) -> None:
        self._task.cancel()


# -- the mock ----------------------------------------------------------------------------


class InProcessMock(MockControls):
    """The mock with no socket and no server: clients reach its app through a transport.

    >>> with InProcessMock() as mock:  # doctest: +SKIP
    ...     client = mock.client()
    ...     mock.script.reply("Hi there")
    ...     assert client.ask("Hello") == "Hi there"

    Same controls as :class:`~claude_3_sonnet.mock.MockServer` (``script``,
    ``requests``, ``assert_all_valid()``, ``reset()``); ``base_url`` is a
    placeholder that only this mock's transports answer. ``close()`` (or the
    ``with`` block) closes the HTTP clients made by :meth:`client` and
    cancels the app's work still running for the sync transport. The async
    transport's work runs in the caller's loop and ends with the response.
    """

    base_url = IN_PROCESS_URL

    def __init__(self, config: MockConfig | None = None) -> None:
        self.config = config or MockConfig()
        self.app = create_app(self.config)
        self._lock = threading.Lock()
        self._tasks = _Tasks()
        self._http_clients: list[httpx2.Client] = []

    def transport(self) -> InProcessTransport:
        """A sync transport into this mock (for ``httpx2.Client(transport=...)``)."""
        return InProcessTransport(self.app, self._tasks)

    def async_transport(self) -> AsyncInProcessTransport:
        """An async transport into this mock (for ``httpx2.AsyncClient(transport=...)``)."""
        return AsyncInProcessTransport(self.app)

    def client(self, **options: Any) -> Claude3Sonnet:
        """A ``Claude3Sonnet`` bound to this mock; ``options`` go to its constructor."""
        from claude_3_sonnet import Claude3Sonnet  # noqa: PLC0415

        http = httpx2.Client(transport=self.transport(), timeout=DEFAULT_TIMEOUT)
        with self._lock:
            self._http_clients.append(http)
        return Claude3Sonnet(
            api_key=self.api_key, base_url=self.base_url, http_client=http, **options
        )

    def async_client(self, **options: Any) -> AsyncClaude3Sonnet:
        """An ``AsyncClaude3Sonnet`` bound to this mock (use it from an asyncio loop)."""
        from claude_3_sonnet import AsyncClaude3Sonnet  # noqa: PLC0415

        http = httpx2.AsyncClient(transport=self.async_transport(), timeout=DEFAULT_TIMEOUT)
        return AsyncClaude3Sonnet(
            api_key=self.api_key, base_url=self.base_url, http_client=http, **options
        )

    def close(self) -> None:
        """Close the clients made here and cancel what the app still runs for them (idempotent)."""
        with self._lock:
            clients, self._http_clients = self._http_clients, []
        for http in clients:
            http.close()
        self._tasks.cancel_all()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
