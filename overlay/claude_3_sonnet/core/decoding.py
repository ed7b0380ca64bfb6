"""Turn a body's raw bytes into its content, never holding more than a limit. Pure.

HTTP libraries decompress a whole network read at once: one 64 KB read of
a gzip bomb inflates to 64 MB before anyone can count it. This decoder asks
zlib for at most the bytes the limit still allows, so reading stops as soon
as a limit is passed, whatever the compression ratio. The client asks only
for ``gzip`` and ``deflate`` (``ACCEPT_ENCODING``); anything else a server
sends regardless is refused by name.
"""

from __future__ import annotations

import zlib
from typing import Final

from .errors import ResponseTooLargeError, ResponseValidationError

ACCEPT_ENCODING: Final = "gzip, deflate"


class _Inflater:
    """One content coding (gzip or deflate), inflated at most ``room + 1`` bytes at a time."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._wbits = 16 + zlib.MAX_WBITS if coding == "gzip" else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(self._wbits)
        self._first = True

    def inflate(self, data: bytes, room: int) -> bytes:
        """Up to ``room + 1`` bytes of output: one more than the room means "too much"."""
        try:
            out = self._inflate(data, room)
        except zlib.error as exc:
            if self.coding != "deflate" or not self._first:
                problem = f"the body is not valid {self.coding} data ({exc})"
            else:
                # "deflate" is sent both with and without its zlib header.
                self._wbits = -zlib.MAX_WBITS
                self._zlib = zlib.decompressobj(self._wbits)
                try:
                    out = self._inflate(data, room)
                except zlib.error as again:
                    problem = f"the body is not valid deflate data ({again})"
                else:
                    self._first = False
                    return out
            raise ResponseValidationError(problem) from None
        self._first = False
        return out

    def _inflate(self, data: bytes, room: int) -> bytes:
        out = self._zlib.decompress(data, room + 1)
        if len(out) > room or self._zlib.unconsumed_tail:
            return out[: room + 1] if len(out) > room else out + b"\0"
        rest = self._zlib.unused_data
        while self._zlib.eof and rest:
            # Concatenated gzip members: inflate the next one.
            self._zlib = zlib.decompressobj(self._wbits)
            out += self._zlib.decompress(rest, room - len(out) + 1)
            if len(out) > room or self._zlib.unconsumed_tail:
                return out[: room + 1] if len(out) > room else out + b"\0"
            rest = self._zlib.unused_data
        return out


class BodyDecoder:
    """Feed raw body bytes; get decoded bytes back, never more than ``limit`` in all.

    ``limit`` bounds both the bytes received and the bytes decoded. Past it,
    ``feed`` raises :class:`~.errors.ResponseTooLargeError` (``what`` names
    the limit in the message), or with ``truncate=True`` returns what still
    fits and sets ``truncated``, for bodies whose start is all that matters.
    """

    def __init__(
        self, content_encoding: str | None, limit: int, what: str, *, truncate: bool = False
    ) -> None:
        self._limit = limit
        self._what = what
        self._truncate = truncate
        self._received = 0
        self._decoded = 0
        self.truncated = False
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        self._inflaters: list[_Inflater] = []
        for coding in reversed(codings):  # the last coding applied is undone first
            if coding == "identity":
                continue
            if coding in ("gzip", "x-gzip"):
                self._inflaters.append(_Inflater("gzip"))
            elif coding == "deflate":
                self._inflaters.append(_Inflater("deflate"))
            else:
                raise ResponseValidationError(
                    f"the body is encoded as {coding!r}, which this client did not ask for "
                    f"(it sends Accept-Encoding: {ACCEPT_ENCODING})"
                )

    def feed(self, raw: bytes) -> bytes:
        if self.truncated:
            return b""
        self._received += len(raw)
        data = raw
        if self._received > self._limit:
            if not self._truncate:
                raise self._too_large("as received")
            data = raw[: max(len(raw) - (self._received - self._limit), 0)]
            self.truncated = True
        room = self._limit - self._decoded
        for inflater in self._inflaters:
            data = inflater.inflate(data, room)
        if len(data) > room:
            if not self._truncate:
                raise self._too_large("decompressed")
            data = data[:room]
            self.truncated = True
        self._decoded += len(data)
        return data

    def _too_large(self, how: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"the answer is larger than {self._what} ({self._limit:,} bytes {how}); "
            "reading stopped there"
        )
