"""``with_raw_response``: the HTTP details of a call, parsed on demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

from ._response import request_id

T = TypeVar("T")


class RawResponse(Generic[T]):
    """Status, headers and request id of a successful call; ``parse()`` for the result."""

    def __init__(self, response: httpx.Response, parse: Callable[[], T]) -> None:
        self.http_response = response
        self._parse = parse
        self._parsed: list[T] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id(self.http_response.headers)

    @property
    def content(self) -> bytes:
        """The body as received (empty for a stream, which is read by ``parse()``)."""
        try:
            return self.http_response.content
        except httpx.ResponseNotRead:
            return b""

    def parse(self) -> T:
        """The parsed result (a ``ChatCompletion``, or a ``Stream`` for streams); parsed once."""
        if not self._parsed:
            self._parsed.append(self._parse())
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] request_id={self.request_id!r}>"
