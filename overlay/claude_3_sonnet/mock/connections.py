"""Close connections that hold the mock's resources without asking it anything.

uvicorn arms its keep-alive timer only after a response. A connection that
opens and never sends a byte, or sends half a request (part of the headers,
or the headers and part of the body) and stalls, is kept forever: a
measured 2,000 of each were all still open 8 s later. Each one holds a file
descriptor and, once its headers are in, an app task waiting for the body.

:class:`TimedH11Protocol` adds two deadlines to uvicorn's h11 protocol:

* **idle**: a connection with no request in progress (just opened, or its
  last answer sent) is closed after ``idle_timeout`` seconds;
* **request**: from the first byte of a request, all of it (headers and
  body) must arrive within ``request_timeout`` seconds. The deadline is not
  pushed back by more bytes, so a peer trickling one byte a second cannot
  keep a connection alive.

While the app is working on a complete request (a scripted delay, a slow
stream), neither deadline runs. A closed half-sent request reaches the app
as a disconnect, which ends its task.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

_REQUEST_RECEIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED)
"""The peer's h11 states once its whole request has arrived."""


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with idle and request deadlines (see the module docstring).

    Use :func:`timed_protocol` to get a subclass carrying the two timeouts:
    uvicorn builds the protocol itself and passes only its own config.
    """

    idle_timeout: ClassVar[float] = 5.0
    request_timeout: ClassVar[float] = 5.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._receiving = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_request()

    def data_received(self, data: bytes) -> None:
        if data and not self._receiving and self._deadline is not None:
            self._receiving = True  # the first byte of a request: the request deadline starts
            self._arm(self.request_timeout)
        super().data_received(data)
        self._settle()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.is_closing():
            return
        # uvicorn armed its keep-alive timer; ours replaces it, so one rule holds for
        # a fresh connection and a kept-alive one.
        self._unset_keepalive_if_required()
        self._await_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _await_request(self) -> None:
        """Waiting for the next request: idle until its first byte (a pipelined one may be here)."""
        self._receiving = self.conn.their_state is h11.SEND_BODY or bool(self.conn.trailing_data[0])
        self._arm(self.request_timeout if self._receiving else self.idle_timeout)
        self._settle()

    def _settle(self) -> None:
        """Stop the clock once the peer's whole request is in; the app takes it from here."""
        if self._deadline is not None and self.conn.their_state in _REQUEST_RECEIVED:
            self._disarm()

    def _arm(self, seconds: float) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(seconds, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._receiving = False

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def timed_protocol(idle_timeout: float, request_timeout: float) -> type[TimedH11Protocol]:
    """A :class:`TimedH11Protocol` subclass with these deadlines, for ``uvicorn.Config(http=...)``."""
    return type(
        "TimedH11Protocol",
        (TimedH11Protocol,),
        {"idle_timeout": idle_timeout, "request_timeout": request_timeout},
    )
