"""Streamed answers: a pure accumulator, and thin sync and async iterators.

``StreamState`` turns each server-sent event into a generated
``ChatCompletionChunk`` and keeps what a user needs if the stream breaks:
every chunk, the text so far, tool-call pieces, the finish reason and usage.
It copes with the service's quirks: only the first chunk carries the id,
``role`` repeats, usage arrives on the finishing chunk, a trailing chunk may
have no ``delta``, and ``data: [DONE]`` may or may not end the stream.

``Stream`` and ``AsyncStream`` only move bytes: they feed events to the state,
close the connection when the caller stops early, and attach the partial
output to any error.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from typing import Any

import httpx
from httpx_sse import EventSource, ServerSentEvent

from claude_3_sonnet_client.models import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    Choice,
    FunctionCall,
    Meta,
    ToolCall,
    Usage,
)
from claude_3_sonnet_client.types import UNSET

from ._config import scrub_error
from ._errors import APIConnectionError, APIError, ResponseValidationError
from ._fastparse import parse_chunk
from ._request import connection_error
from ._response import request_id

OnComplete = Callable[[ChatCompletion], None]

DONE = "[DONE]"


class StreamState:
    """Everything received on one stream, and how to assemble it."""

    def __init__(self, request_id: str | None = None) -> None:
        self.request_id = request_id
        # The events' JSON text, not the parsed chunks: strings are not tracked
        # by the garbage collector, so a long stream does not make every
        # collection walk thousands of retained objects. ``chunks`` parses them
        # again on demand.
        self._events: list[str] = []
        self._parsed: list[ChatCompletionChunk] = []
        self.done = False
        self._text: list[str] = []
        self._tool_calls: dict[int, dict[str, str]] = {}
        self._id = ""
        self._model = ""
        self._created = 0
        self._finish_reason: str | None = None
        self._usage: Usage | None = None
        self._meta: dict[str, Any] | None = None

    @property
    def chunks(self) -> list[ChatCompletionChunk]:
        """Every chunk received so far (equal to, not the same objects as, those yielded)."""
        parsed = self._parsed
        if len(parsed) < len(self._events):
            parsed.extend(parse_chunk(json.loads(d)) for d in self._events[len(parsed) :])
        return parsed

    @property
    def text(self) -> str:
        """The text received so far."""
        return "".join(self._text)

    def feed(self, data: str) -> ChatCompletionChunk | None:
        """Parse one event's data; ``None`` for the closing ``[DONE]``."""
        if data == DONE:
            self.done = True
            return None
        try:
            chunk = parse_chunk(json.loads(data))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ResponseValidationError(
                f"stream event {len(self._events) + 1} could not be parsed ({type(exc).__name__}: {exc})",
                raw=data,
                request_id=self.request_id,
            ) from None
        self._events.append(data)
        self._add(chunk)
        return chunk

    def _add(self, chunk: ChatCompletionChunk) -> None:
        if chunk.id and not self._id:
            self._id = chunk.id
            self._model = chunk.model
            self._created = chunk.created
        for choice in chunk.choices:
            delta = choice.delta
            if delta:
                if delta.content:
                    self._text.append(delta.content)
                if delta.tool_calls:
                    self._add_tool_calls(delta.tool_calls)
            if choice.finish_reason:
                self._finish_reason = choice.finish_reason
        if isinstance(chunk.usage, Usage):
            self._usage = chunk.usage
        extra = chunk.additional_properties
        if extra and isinstance(extra.get("meta"), dict):
            self._meta = extra["meta"]  # the gateway's cost report, when it sends one

    def _add_tool_calls(self, pieces: list[Any]) -> None:
        for piece in pieces:
            call = self._tool_calls.setdefault(piece.index, {"id": "", "name": "", "arguments": ""})
            if piece.id:
                call["id"] = piece.id
            function = piece.function
            if function:
                if function.name:
                    call["name"] = function.name
                if function.arguments:
                    call["arguments"] += function.arguments

    def completion(self) -> ChatCompletion:
        """The chunks so far, assembled into one ``ChatCompletion``."""
        tool_calls = [
            ToolCall(
                id=c["id"],
                type_="function",
                function=FunctionCall(name=c["name"], arguments=c["arguments"]),
            )
            for _, c in sorted(self._tool_calls.items())
        ]
        message = AssistantMessage(
            role="assistant",
            content=self.text,
            tool_calls=tool_calls if tool_calls else UNSET,
        )
        return ChatCompletion(
            id=self._id,
            object_="chat.completion",
            created=self._created,
            model=self._model,
            choices=[
                Choice(index=0, message=message, finish_reason=self._finish_reason, logprobs=None)
            ],
            usage=self._usage if self._usage is not None else UNSET,
            meta=Meta.from_dict(self._meta) if self._meta is not None else UNSET,
        )

    def check_complete(self) -> None:
        """A stream that stops with neither a finish reason nor ``[DONE]`` was cut short."""
        if not self.done and self._finish_reason is None:
            raise APIConnectionError(
                "the stream ended before the answer was complete (no finish_reason and no [DONE])",
                request_id=self.request_id,
            )

    def attach_to(self, error: APIError) -> APIError:
        """Give an error the output received before it."""
        error.partial_text = self.text
        error.chunks = list(self.chunks)
        return error


def _check_event_stream(response: httpx.Response) -> None:
    content_type = response.headers.get("content-type", "")
    if "text/event-stream" not in content_type:
        raise ResponseValidationError(
            f"asked for a stream but got {content_type or 'no content type'}",
            raw=response.read().decode("utf-8", "replace"),
            status_code=response.status_code,
            request_id=request_id(response.headers),
        )


class _StreamBase:
    """What sync and async streams share: the state, its views, the ending."""

    response: httpx.Response
    _state: StreamState
    _on_complete: OnComplete | None
    _secret: str

    def _finish(self) -> None:
        """The stream ended: check it was whole, then report the completion."""
        self._state.check_complete()
        if self._on_complete is not None:
            self._on_complete(self._state.completion())

    def _failure(self, exc: httpx.RequestError | APIError) -> APIError:
        """The error to raise for a broken stream, with what arrived attached."""
        error = connection_error(exc) if isinstance(exc, httpx.RequestError) else exc
        return scrub_error(self._state.attach_to(error), self._secret)

    @property
    def request_id(self) -> str | None:
        return self._state.request_id

    @property
    def partial_text(self) -> str:
        """The text received so far (all of it once the stream is finished)."""
        return self._state.text

    @property
    def chunks(self) -> list[ChatCompletionChunk]:
        """Every chunk received so far."""
        return self._state.chunks


def _text_of(chunk: ChatCompletionChunk) -> str:
    for choice in chunk.choices:
        if choice.delta and choice.delta.content:
            return choice.delta.content
    return ""


class Stream(_StreamBase):
    """A streamed answer: iterate for ``ChatCompletionChunk`` objects.

    Use it as a context manager (or iterate to the end) so the connection is
    released; leaving early closes it.
    """

    def __init__(
        self, response: httpx.Response, on_complete: OnComplete | None = None, secret: str = ""
    ) -> None:
        self.response = response
        self._on_complete = on_complete
        self._secret = secret
        self._state = StreamState(request_id(response.headers))
        self._pending: ChatCompletionChunk | None = None
        self._events: Iterator[ServerSentEvent] | None = None
        self._iterator = self._iterate()

    def _prime(self) -> None:
        """Read up to the first chunk; failures here may still be retried."""
        _check_event_stream(self.response)
        self._events = EventSource(self.response).iter_sse()
        for event in self._events:
            if event.data:
                self._pending = self._state.feed(event.data)
                return

    def _iterate(self) -> Generator[ChatCompletionChunk]:
        state = self._state
        try:
            if self._pending is not None:
                yield self._pending
            if not state.done and self._events is not None:
                for event in self._events:
                    if not event.data:
                        continue
                    chunk = state.feed(event.data)
                    if chunk is None:
                        break
                    yield chunk
            self._finish()
        except (httpx.RequestError, APIError) as exc:
            raise self._failure(exc) from (exc if isinstance(exc, httpx.RequestError) else None)
        finally:
            self.response.close()

    def __iter__(self) -> Iterator[ChatCompletionChunk]:
        return self._iterator

    def __next__(self) -> ChatCompletionChunk:
        return next(self._iterator)

    @property
    def text_stream(self) -> Iterator[str]:
        """Only the text pieces, as they arrive."""
        return (text for text in map(_text_of, self._iterator) if text)

    def get_final_completion(self) -> ChatCompletion:
        """Read to the end and return the assembled ``ChatCompletion``."""
        for _ in self._iterator:
            pass
        return self._state.completion()

    def get_final_text(self) -> str:
        self.get_final_completion()
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
        self, response: httpx.Response, on_complete: OnComplete | None = None, secret: str = ""
    ) -> None:
        self.response = response
        self._on_complete = on_complete
        self._secret = secret
        self._state = StreamState(request_id(response.headers))
        self._pending: ChatCompletionChunk | None = None
        self._events: AsyncIterator[ServerSentEvent] | None = None
        self._iterator = self._iterate()

    async def _prime(self) -> None:
        if "text/event-stream" not in self.response.headers.get("content-type", ""):
            await self.response.aread()
            _check_event_stream(self.response)
        self._events = EventSource(self.response).aiter_sse()
        async for event in self._events:
            if event.data:
                self._pending = self._state.feed(event.data)
                return

    async def _iterate(self) -> AsyncGenerator[ChatCompletionChunk]:
        state = self._state
        try:
            if self._pending is not None:
                yield self._pending
            if not state.done and self._events is not None:
                async for event in self._events:
                    if not event.data:
                        continue
                    chunk = state.feed(event.data)
                    if chunk is None:
                        break
                    yield chunk
            self._finish()
        except (httpx.RequestError, APIError) as exc:
            raise self._failure(exc) from (exc if isinstance(exc, httpx.RequestError) else None)
        finally:
            await self.response.aclose()

    def __aiter__(self) -> AsyncIterator[ChatCompletionChunk]:
        return self._iterator

    async def __anext__(self) -> ChatCompletionChunk:
        return await self._iterator.__anext__()

    @property
    def text_stream(self) -> AsyncIterator[str]:
        """Only the text pieces, as they arrive."""
        return self._texts()

    async def _texts(self) -> AsyncIterator[str]:
        async for chunk in self._iterator:
            text = _text_of(chunk)
            if text:
                yield text

    async def get_final_completion(self) -> ChatCompletion:
        async for _ in self._iterator:
            pass
        return self._state.completion()

    async def get_final_text(self) -> str:
        await self.get_final_completion()
        return self._state.text

    async def close(self) -> None:
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
