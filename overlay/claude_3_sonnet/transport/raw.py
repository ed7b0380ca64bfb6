"""The HTTP side of a call: ``with_raw_response`` and ``with_streaming_response``."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar

from ..core.decoding import BodyDecoder
from ..core.errors import APIError
from ..core.response import request_id
from ..core.secrets import scrub_error
from .http import (
    Budget,
    abody_parts,
    anext_piece,
    body_parts,
    connection_error,
    library_of,
    next_piece,
)

T = TypeVar("T")


class _Answered:
    """Status, headers and request id of the HTTP answer behind a result."""

    http_response: Any
    _secret: str = ""
    """The call's API key, scrubbed from what the server sent back (a request id)."""

    @property
    def status_code(self) -> int:
        code: int = self.http_response.status_code
        return code

    @property
    def headers(self) -> Any:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id(self.http_response.headers, secret=self._secret)


class RawResponse(_Answered, Generic[T]):
    """Status, headers and request id of a successful call; ``parse()`` for the result."""

    def __init__(
        self, response: Any, parse: Callable[[], T], content: bytes = b"", *, secret: str = ""
    ) -> None:
        self.http_response = response
        self._secret = secret
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

    def __init__(self, response: Any, budget: Budget, limit: int, secret: str) -> None:
        self.http_response = response
        self._secret = secret
        self._budget = budget
        self._limit = limit
        self._errors: tuple[type[BaseException], ...] = (library_of(response).RequestError,)

    @property
    def response(self) -> Any:
        """The HTTP library's response (also ``http_response``)."""
        return self.http_response

    def _decoder(self, coding: str | None) -> BodyDecoder:
        return BodyDecoder(coding, self._limit, "the response's size limit")

    def _broken(self, exc: BaseException) -> APIError:
        """The package's error for a transport failure while reading, the key scrubbed.

        Raised by the caller outside its ``except`` block, so the HTTP library's
        exception (which holds the request's headers) is not its ``__context__``.
        """
        request = self.http_response.request
        error, _ = connection_error(
            exc,
            library_of(self.http_response),
            self._budget,
            method=request.method,
            url=str(request.url),
        )
        scrub_error(error, self._secret)
        return error

    def _progress(self) -> None:
        """Bytes arrived: the stream's silence starts again."""
        self._budget.last_event = time.monotonic()


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

    def __init__(
        self, response: Any, budget: Budget, limit: int, parse: Callable[[], T], secret: str = ""
    ) -> None:
        super().__init__(response, budget, limit, secret)
        self._parse = parse

    def iter_bytes(self) -> Iterator[bytes]:
        raw, coding = body_parts(self.http_response)
        decoder = self._decoder(coding)
        failure: APIError | None = None
        try:
            while (piece := next_piece(self._budget, raw)) is not None:
                self._progress()
                data = decoder.feed(piece)
                if data:
                    yield data
        except self._errors as exc:
            failure = self._broken(exc)
        if failure is not None:
            raise failure

    def iter_lines(self) -> Iterator[str]:
        lines = _Lines()
        for data in self.iter_bytes():
            yield from lines.feed(data)
        yield from lines.end()

    def read(self) -> bytes:
        return b"".join(self.iter_bytes())

    def parse(self) -> T:
        """The result, read and parsed the way ``create()`` would return it."""
        try:
            return self._parse()
        except self._errors as exc:
            failure = self._broken(exc)
        raise failure

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamingResponse(_Unread, Generic[T]):
    """The async twin of :class:`StreamingResponse`."""

    def __init__(
        self,
        response: Any,
        budget: Budget,
        limit: int,
        parse: Callable[[], Awaitable[T]],
        secret: str = "",
    ) -> None:
        super().__init__(response, budget, limit, secret)
        self._parse = parse

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        raw, coding = abody_parts(self.http_response)
        decoder = self._decoder(coding)
        failure: APIError | None = None
        try:
            while (piece := await anext_piece(self._budget, raw)) is not None:
                self._progress()
                data = decoder.feed(piece)
                if data:
                    yield data
        except self._errors as exc:
            failure = self._broken(exc)
        if failure is not None:
            raise failure

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
        try:
            return await self._parse()
        except self._errors as exc:
            failure = self._broken(exc)
        raise failure

    async def close(self) -> None:
        await self.http_response.aclose()
