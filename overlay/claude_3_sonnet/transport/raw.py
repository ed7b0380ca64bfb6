"""The HTTP side of a call: ``with_raw_response`` and ``with_streaming_response``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar

from ..core.decoding import BodyDecoder
from ..core.response import request_id
from .http import Budget, abody_parts, anext_piece, body_parts, next_piece

T = TypeVar("T")


class _Answered:
    """Status, headers and request id of the HTTP answer behind a result."""

    http_response: Any

    @property
    def status_code(self) -> int:
        code: int = self.http_response.status_code
        return code

    @property
    def headers(self) -> Any:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id(self.http_response.headers)


class RawResponse(_Answered, Generic[T]):
    """Status, headers and request id of a successful call; ``parse()`` for the result."""

    def __init__(self, response: Any, parse: Callable[[], T], content: bytes = b"") -> None:
        self.http_response = response
        self._parse = parse
        self._content = content
        self._parsed: list[T] = []

    @property
    def content(self) -> bytes:
        """The decoded body as received (empty for a stream, which ``parse()`` reads)."""
        return self._content

    def parse(self) -> T:
        """The parsed result (a ``ChatCompletion``, or a ``Stream`` for streams); parsed once."""
        if not self._parsed:
            self._parsed.append(self._parse())
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] request_id={self.request_id!r}>"


class _Unread(_Answered):
    """What both streaming responses share: the answer, its budget, its body's decoder."""

    def __init__(self, response: Any, budget: Budget, limit: int) -> None:
        self.http_response = response
        self._budget = budget
        self._limit = limit

    @property
    def response(self) -> Any:
        """The HTTP library's response (also ``http_response``)."""
        return self.http_response

    def _decoder(self, coding: str | None) -> BodyDecoder:
        return BodyDecoder(coding, self._limit, "max_response_bytes")


class _Lines:
    """Text lines out of decoded pieces of a body; ``\r\n`` and ``\n`` alike."""

    def __init__(self) -> None:
        self._buffer = ""

    def feed(self, data: bytes) -> list[str]:
        *lines, self._buffer = (self._buffer + data.decode("utf-8", "replace")).split("\n")
        return [line.rstrip("\r") for line in lines]

    def end(self) -> list[str]:
        return [self._buffer] if self._buffer else []


class StreamingResponse(_Unread, Generic[T]):
    """A successful answer whose body has not been read yet (``with_streaming_response``).

    Read it with ``iter_bytes()`` / ``iter_lines()`` (decompressed, within the
    client's limits and time budget), or ``parse()`` it into the result.
    Leaving the ``with`` block closes the connection.
    """

    def __init__(self, response: Any, budget: Budget, limit: int, parse: Callable[[], T]) -> None:
        super().__init__(response, budget, limit)
        self._parse = parse

    def iter_bytes(self) -> Iterator[bytes]:
        raw, coding = body_parts(self.http_response)
        decoder = self._decoder(coding)
        while (piece := next_piece(self._budget, raw)) is not None:
            data = decoder.feed(piece)
            if data:
                yield data

    def iter_lines(self) -> Iterator[str]:
        lines = _Lines()
        for data in self.iter_bytes():
            yield from lines.feed(data)
        yield from lines.end()

    def read(self) -> bytes:
        return b"".join(self.iter_bytes())

    def parse(self) -> T:
        """The result, read and parsed the way ``create()`` would return it."""
        return self._parse()

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamingResponse(_Unread, Generic[T]):
    """The async twin of :class:`StreamingResponse`."""

    def __init__(
        self, response: Any, budget: Budget, limit: int, parse: Callable[[], Awaitable[T]]
    ) -> None:
        super().__init__(response, budget, limit)
        self._parse = parse

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        raw, coding = abody_parts(self.http_response)
        decoder = self._decoder(coding)
        while (piece := await anext_piece(self._budget, raw)) is not None:
            data = decoder.feed(piece)
            if data:
                yield data

    async def iter_lines(self) -> AsyncIterator[str]:
        lines = _Lines()
        async for data in self.iter_bytes():
            for line in lines.feed(data):
                yield line
        for line in lines.end():
            yield line

    async def read(self) -> bytes:
        return b"".join([data async for data in self.iter_bytes()])

    async def parse(self) -> T:
        return await self._parse()

    async def close(self) -> None:
        await self.http_response.aclose()
