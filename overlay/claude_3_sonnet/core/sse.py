"""Server-sent events from bytes: an incremental, bounded, tolerant decoder. Pure.

Why not an SSE library (httpx-sse, or httpx2's ``EventSource``): this
endpoint needs four things they do not do, and it sits on the hot path of
every streamed answer:

* a UTF-8 byte-order mark before the first line is dropped (the SSE spec
  says so; the libraries keep it, and the first event's ``data`` field then
  reads ``\\ufeffdata`` and is lost);
* every line is bounded (``max_line_bytes``) before it is buffered whole, so
  a server that never sends a newline cannot fill memory;
* ``data:`` lines with no blank line between them, as the service's
  published transcripts show them, still make one event per line when each
  line is a whole JSON value, while a JSON value spread over several
  ``data:`` lines (the standard multi-line field) still makes one event;
* it works on bytes and hands out bytes, so the JSON decoder reads them
  without an extra text copy, and the normal shape (``data: {...}`` then a
  blank line) costs one ``split`` per network read and a few operations per
  line.
"""

from __future__ import annotations

from typing import Final

from .errors import ResponseTooLargeError
from .parsing import loads

BOM: Final = b"\xef\xbb\xbf"
DONE: Final = b"[DONE]"

Event = tuple[str, bytes]
"""``(event type, data)``: the type is ``"message"`` unless an ``event:`` field said otherwise."""


def _is_whole_value(data: bytes) -> bool:
    """Is ``data`` one complete JSON value (or the ``[DONE]`` sentinel)?"""
    if data.strip() == DONE:
        return True
    try:
        loads(data)
    except (ValueError, RecursionError):
        return False
    return True


class SSEDecoder:
    """Feed it the body's bytes as they arrive; it returns the events completed so far."""

    __slots__ = (
        "_buffer",
        "_data",
        "_data_bytes",
        "_event",
        "_max_line",
        "_pending_cr",
        "_started",
    )

    def __init__(self, max_line_bytes: int) -> None:
        self._max_line = max_line_bytes
        self._buffer = b""
        self._data: list[bytes] = []
        self._data_bytes = 0
        self._event = ""
        self._started = False
        self._pending_cr = False

    def feed(self, data: bytes) -> list[Event]:
        if not self._started:
            data = self._buffer + data
            self._buffer = b""
            if len(data) < len(BOM) and BOM.startswith(data):
                self._buffer = data  # maybe the start of a byte-order mark: wait for more
                return []
            self._started = True
            if data.startswith(BOM):
                data = data[len(BOM) :]
        elif self._buffer:
            data = self._buffer + data
        if self._pending_cr:
            self._pending_cr = False
            if data.startswith(b"\n"):
                data = data[1:]
        if b"\r" in data:
            if data.endswith(b"\r"):
                self._pending_cr = True  # a CRLF split across reads must not make two lines
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = data.split(b"\n")
        self._buffer = lines.pop()
        if len(data) > self._max_line:
            self._check_lines(lines)
        return self._lines(lines) if lines else []

    def flush(self) -> list[Event]:
        """The body ended: whatever was pending (a last line without newline, an undispatched event)."""
        lines = [self._buffer] if self._buffer else []
        self._buffer = b""
        events = self._lines(lines)
        if self._data:
            events.append(self._dispatch())
        return events

    def _check_lines(self, lines: list[bytes]) -> None:
        longest = max((len(line) for line in lines), default=0)
        if longest > self._max_line or len(self._buffer) > self._max_line:
            raise ResponseTooLargeError(
                f"a stream line is longer than max_event_bytes ({self._max_line:,} bytes); "
                "reading stopped there"
            )

    def _dispatch(self) -> Event:
        data = self._data[0] if len(self._data) == 1 else b"\n".join(self._data)
        event = (self._event or "message", data)
        self._data = []
        self._data_bytes = 0
        self._event = ""
        return event

    def _lines(self, lines: list[bytes]) -> list[Event]:
        events: list[Event] = []
        for line in lines:
            if not line:
                if self._data:
                    events.append(self._dispatch())
                else:
                    self._event = ""
                continue
            if line.startswith(b"data:"):
                value = line[6:] if line[5:6] == b" " else line[5:]
                if len(self._data) == 1 and _is_whole_value(self._data[0]):
                    # No blank line since the last data line, which was complete:
                    # the transcripts' framing, one event per line. Only a single
                    # pending line is tried: re-parsing a growing multi-line value at
                    # every line would cost the square of its length.
                    events.append(self._dispatch())
                self._data.append(value)
                self._data_bytes += len(value) + 1
                if self._data_bytes > self._max_line:
                    raise ResponseTooLargeError(
                        f"a stream event is longer than max_event_bytes ({self._max_line:,} "
                        "bytes); reading stopped there"
                    )
            elif line.startswith(b":"):
                continue  # a comment (keep-alive)
            elif line.startswith(b"event:"):
                value = line[7:] if line[6:7] == b" " else line[6:]
                self._event = value.decode("utf-8", "replace")
            # id:, retry: and unknown fields change nothing this client uses.
        return events
