"""The HTTP side of a call: ``with_raw_response`` and ``with_streaming_response``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar

from ..core.decoding import BodyDecoder
from ..core.response import request_id
from .http import CURRENT, Budget, abody_parts, body_parts

T = TypeVar("T")


class RawResponse(Generic[T]):
    """Status, headers and request id of a successful call; ``parse()`` for the result."""

    def __init__(self, response: Any, parse: Callable[[], T], content: bytes = b"") -> None:
        self.http_response = response
        self._parse = parse
        self._content = content
        self._parsed: list[T] = []

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


class _StreamingBase:
    response: Any
    _budget: Budget
    _limit: int

    @property
    def status_code(self) -> int:
        code: int = self.response.status_code
        return code

    @property
    def headers(self) -> Any:
        return self.response.headers

    @property
    def request_id(self) -> str | None:
        return request_id(self.response.headers)

    def _decoder(self, coding: str | None) -> BodyDecoder:
        return BodyDecoder(coding, self._limit, "max_response_bytes")


class StreamingResponse(_StreamingBase, Generic[T]):
    """A successful answer whose body has not been read yet (``with_streaming_response``).

    Read it with ``iter_bytes()`` / ``iter_lines()`` (decompressed, within the
    client's limits and time budget), or ``parse()`` it into the result.
    Leaving the ``with`` block closes the connection.
    """

    def __init__(self, response: Any, budget: Budget, limit: int, parse: Callable[[], T]) -> None:
        self.response = response
        self._budget = budget
        self._limit = limit
        self._parse = parse

    def iter_bytes(self) -> Iterator[bytes]:
        raw, coding = body_parts(self.response)
        decoder = self._decoder(coding)
        while True:
            self._budget.check()
            token = CURRENT.set(self._budget)
            try:
                piece = next(raw, None)
            finally:
                CURRENT.reset(token)
            if piece is None:
                return
            data = decoder.feed(piece)
            if data:
                yield data

    def iter_lines(self) -> Iterator[str]:
        buffer = ""
        for data in self.iter_bytes():
            buffer += data.decode("utf-8", "replace")
            *lines, buffer = buffer.split("\n")
            yield from (line.rstrip("\r") for line in lines)
        if buffer:
            yield buffer

    def read(self) -> bytes:
        return b"".join(self.iter_bytes())

    def parse(self) -> T:
        """The result, read and parsed the way ``create()`` would return it."""
        return self._parse()

    def close(self) -> None:
        self.response.close()


class AsyncStreamingResponse(_StreamingBase, Generic[T]):
    """The async twin of :class:`StreamingResponse`."""

    def __init__(
        self, response: Any, budget: Budget, limit: int, parse: Callable[[], Awaitable[T]]
    ) -> None:
        self.response = response
        self._budget = budget
        self._limit = limit
        self._parse = parse

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        raw, coding = abody_parts(self.response)
        decoder = self._decoder(coding)
        while True:
            self._budget.check()
            token = CURRENT.set(self._budget)
            try:
                piece = await anext(raw, None)
            finally:
                CURRENT.reset(token)
            if piece is None:
                return
            data = decoder.feed(piece)
            if data:
                yield data

    async def iter_lines(self) -> AsyncIterator[str]:
        buffer = ""
        async for data in self.iter_bytes():
            buffer += data.decode("utf-8", "replace")
            *lines, buffer = buffer.split("\n")
            for line in lines:
                yield line.rstrip("\r")
        if buffer:
            yield buffer

    async def read(self) -> bytes:
        return b"".join([data async for data in self.iter_bytes()])

    async def parse(self) -> T:
        return await self._parse()

    async def close(self) -> None:
        await self.response.aclose()
