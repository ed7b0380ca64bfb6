"""Streamed answers: ``Stream`` and ``AsyncStream``, thin loops around ``core.stream_state``.

They only move bytes: read the body within the call's time budget and
silence limit, feed ``StreamState``, hand chunks to the caller, and at the
end give the connection back to the pool (the rest of the body is read
after ``[DONE]``, so the connection can be reused) or close it. Every
error they raise carries the partial answer (``.partial_text``,
``.chunks``); a connection that drops after the answer was whole is not an
error at all.
"""

from __future__ import annotations

import time
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Generator,
    Iterator,
    Sequence,
)
from typing import Any

from claude_3_sonnet_client.models import ChatCompletion, ChatCompletionChunk, Usage

from ..core.errors import APIError
from ..core.response import request_id
from ..core.secrets import scrub_error
from ..core.stream_state import StreamState
from .base import Call
from .http import (
    Budget,
    abody_parts,
    adrain,
    anext_piece,
    body_parts,
    connection_error,
    drain,
    next_piece,
)

OnComplete = Callable[[Usage | None, Any], None]


class _StreamBase:
    """What sync and async streams share: the state, its views, the endings."""

    response: Any
    _state: StreamState
    _budget: Budget
    _call: Call
    _library: Any
    _on_complete: OnComplete | None
    _pending: list[ChatCompletionChunk]
    _coding: str | None

    def _setup(
        self,
        response: Any,
        call: Call,
        budget: Budget,
        library: Any,
        on_complete: OnComplete | None,
    ) -> None:
        self.response = response
        self._call = call
        self._budget = budget
        self._library = library
        self._on_complete = on_complete
        self._pending = []
        self._state = StreamState(
            limits=call.limits,
            content_encoding=self._coding,
            request_id=request_id(response.headers, secret=call.secret),
        )

    def _failure(self, exc: BaseException) -> APIError:
        """The error to raise for a broken stream, with what arrived attached."""
        if isinstance(exc, APIError):
            error = exc
        else:
            request = self._call.request
            error, _ = connection_error(
                exc, self._library, self._budget, method=request.method, url=str(request.url)
            )
            error.request_id = self._state.request_id
        self._state.attach_to(error)
        scrub_error(error, self._call.secret)
        return error

    def _report(self) -> None:
        if self._on_complete is not None:
            self._on_complete(self._state.usage, self._state.meta)
            self._on_complete = None

    def _feed(self, raw: bytes) -> list[ChatCompletionChunk]:
        chunks = self._state.feed(raw)
        if chunks:
            self._budget.last_event = time.monotonic()
        return chunks

    @property
    def request_id(self) -> str | None:
        """The request id the service gave this stream (``x-request-id``)."""
        return self._state.request_id

    @property
    def partial_text(self) -> str:
        """The first choice's text so far (all of it once the stream is finished)."""
        return self._state.text

    @property
    def chunks(self) -> Sequence[ChatCompletionChunk]:
        """Every chunk received so far (parsed again from their JSON when read)."""
        return self._state.chunks

    @property
    def usage(self) -> Usage | None:
        """The answer's usage, once the chunk that reports it arrived."""
        return self._state.usage


def _text_of(chunk: ChatCompletionChunk) -> str:
    for choice in chunk.choices:
        if choice.index == 0:
            delta = choice.delta
            return (delta.content or "") if delta is not None else ""
    return ""


class Stream(_StreamBase):
    """A streamed answer: iterate for ``ChatCompletionChunk`` objects.

    Use it as a context manager (or iterate to the end) so the connection is
    released; leaving early closes it.
    """

    def __init__(
        self,
        response: Any,
        call: Call,
        budget: Budget,
        library: Any,
        on_complete: OnComplete | None = None,
    ) -> None:
        self._raw: Iterator[bytes]
        self._raw, self._coding = body_parts(response)
        self._setup(response, call, budget, library, on_complete)
        self._iterator = self._iterate()

    def _read(self) -> bytes | None:
        """The next piece of the body within the budget (``None`` at its end)."""
        return next_piece(self._budget, self._raw)

    def _prime(self) -> None:
        """Read up to the first chunk; a connection failure here may still be retried."""
        state = self._state
        try:
            while not self._pending and not state.done:
                raw = self._read()
                if raw is None:
                    self._pending = state.end()
                    return
                self._pending = self._feed(raw)
        except APIError as exc:
            raise self._failure(exc) from None

    def _iterate(self) -> Generator[ChatCompletionChunk]:
        state = self._state
        failure: APIError | None = None
        try:
            yield from self._pending
            self._pending = []
            while not state.done:
                state.raise_pending()
                try:
                    raw = self._read()
                except self._library.RequestError:
                    if state.finished:
                        break  # the whole answer arrived; only the trailer was lost
                    raise
                if raw is None:
                    yield from state.end()
                    break
                yield from self._feed(raw)
            self._report()
        except (APIError, self._library.RequestError) as exc:
            # Raised below, outside this block: raised here, the error would keep the
            # HTTP library's exception (and the request's headers, the key) as __context__.
            failure = self._failure(exc)
        finally:
            if state.done:
                drain(
                    self.response, self._raw, self._budget
                )  # to the body's end: the connection is reused
            else:
                self.response.close()
        if failure is not None:
            raise failure

    def __iter__(self) -> Iterator[ChatCompletionChunk]:
        return self._iterator

    def __next__(self) -> ChatCompletionChunk:
        return next(self._iterator)

    @property
    def text_stream(self) -> Iterator[str]:
        """Only the first choice's text pieces, as they arrive."""
        return (text for text in map(_text_of, self._iterator) if text)

    def until_done(self) -> Stream:
        """Read to the end (the answer is then in ``get_final_completion()``)."""
        for _ in self._iterator:
            pass
        return self

    def get_final_completion(self) -> ChatCompletion:
        """Read to the end and return the assembled ``ChatCompletion``."""
        self.until_done()
        return self._state.completion()

    def get_final_text(self) -> str:
        self.until_done()
        return self._state.text

    def close(self) -> None:
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStream(_StreamBase):
    """The async twin of ``Stream``: ``async for chunk in stream``."""

    def __init__(
        self,
        response: Any,
        call: Call,
        budget: Budget,
        library: Any,
        on_complete: OnComplete | None = None,
    ) -> None:
        self._raw: AsyncIterator[bytes]
        self._raw, self._coding = abody_parts(response)
        self._setup(response, call, budget, library, on_complete)
        self._iterator = self._iterate()

    async def _read(self) -> bytes | None:
        return await anext_piece(self._budget, self._raw)

    async def _prime(self) -> None:
        state = self._state
        try:
            while not self._pending and not state.done:
                raw = await self._read()
                if raw is None:
                    self._pending = state.end()
                    return
                self._pending = self._feed(raw)
        except APIError as exc:
            raise self._failure(exc) from None

    async def _iterate(self) -> AsyncGenerator[ChatCompletionChunk]:
        state = self._state
        failure: APIError | None = None
        try:
            for chunk in self._pending:
                yield chunk
            self._pending = []
            while not state.done:
                state.raise_pending()
                try:
                    raw = await self._read()
                except self._library.RequestError:
                    if state.finished:
                        break
                    raise
                if raw is None:
                    for chunk in state.end():
                        yield chunk
                    break
                for chunk in self._feed(raw):
                    yield chunk
            self._report()
        except (APIError, self._library.RequestError) as exc:
            # Raised below, outside this block: raised here, the error would keep the
            # HTTP library's exception (and the request's headers, the key) as __context__.
            failure = self._failure(exc)
        finally:
            if state.done:
                await adrain(self.response, self._raw, self._budget)
            else:
                await self.response.aclose()
        if failure is not None:
            raise failure

    def __aiter__(self) -> AsyncIterator[ChatCompletionChunk]:
        return self._iterator

    async def __anext__(self) -> ChatCompletionChunk:
        return await self._iterator.__anext__()

    @property
    def text_stream(self) -> AsyncIterator[str]:
        """Only the first choice's text pieces, as they arrive."""
        return self._texts()

    async def _texts(self) -> AsyncIterator[str]:
        async for chunk in self._iterator:
            text = _text_of(chunk)
            if text:
                yield text

    async def until_done(self) -> AsyncStream:
        async for _ in self._iterator:
            pass
        return self

    async def get_final_completion(self) -> ChatCompletion:
        await self.until_done()
        return self._state.completion()

    async def get_final_text(self) -> str:
        await self.until_done()
        return self._state.text

    async def close(self) -> None:
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
