"""One streamed answer: bytes in, chunks out, and everything kept if it breaks. Pure.

``StreamState`` takes the body's bytes as they arrive (decompressing them
within ``max_stream_bytes``, splitting events within ``max_event_bytes``),
turns each event into a typed ``ChatCompletionChunk`` and keeps what a
caller needs when the stream stops early: every chunk, the first choice's
text so far, the finish reason of each choice, the last usage.

It knows when the answer is whole: every choice that appeared has a
``finish_reason``. A connection that drops after that lost nothing (the
trailing chunk and ``[DONE]`` carry no text). A ``[DONE]`` before that is
an incomplete answer (:class:`~.errors.APIStreamError`); the body ending
before it is a broken connection (:class:`~.errors.APIConnectionError`).
An error the service reports inside the stream (an ``event: error`` frame,
or an ``{"error": ...}`` object where a chunk should be) becomes an
``APIStreamError`` carrying its words and status.

The chunks' JSON is kept as bytes, not parsed objects: bytes are not
tracked by the garbage collector, so a long stream does not make every
collection walk thousands of objects. ``chunks`` and ``completion()`` parse
them again on demand; the assembled completion is built by
:mod:`.assembly`, field for field, from the chunks as sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from claude_3_sonnet_client.models import ChatCompletion, ChatCompletionChunk, Usage

from .assembly import Assembler
from .config import ResponseLimits
from .decoding import BodyDecoder
from .errors import APIConnectionError, APIError, APIStreamError, ResponseValidationError
from .parsing import ParseError, chunk_from_data, completion_from_data, error_payload, loads
from .response import service_message
from .sse import DONE, SSEDecoder

_STATUS_KEYS = ("status", "status_code", "statusCode", "code", "http_status")


def _status_of(*objects: Any) -> int | None:
    """An HTTP-like status from an error payload, if it states one."""
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        for key in _STATUS_KEYS:
            value = obj.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599:
                return value
            if isinstance(value, str) and value.isdigit() and 100 <= int(value) <= 599:
                return int(value)
    return None


class ChunkList(Sequence[ChatCompletionChunk]):
    """The chunks of a stream, kept as their JSON bytes and parsed when read.

    An error from a long stream carries every chunk that arrived; as parsed
    objects, 300,000 chunks would take most of a gigabyte, as bytes a tenth
    of that (and the bytes are already bounded by ``max_stream_bytes``).
    """

    __slots__ = ("_events",)

    def __init__(self, events: list[bytes]) -> None:
        self._events = events

    @property
    def events(self) -> list[bytes]:
        """The chunks' JSON, as received."""
        return self._events

    def __len__(self) -> int:
        return len(self._events)

    @overload
    def __getitem__(self, index: int) -> ChatCompletionChunk: ...
    @overload
    def __getitem__(self, index: slice) -> list[ChatCompletionChunk]: ...
    def __getitem__(self, index: int | slice) -> ChatCompletionChunk | list[ChatCompletionChunk]:
        if isinstance(index, slice):
            return [chunk_from_data(loads(e)) for e in self._events[index]]
        return chunk_from_data(loads(self._events[index]))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ChunkList):
            return self._events == other._events
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<ChunkList of {len(self)} chunks>"


class StreamState:
    """Everything received on one stream, and how to read it."""

    def __init__(
        self,
        *,
        limits: ResponseLimits,
        content_encoding: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.request_id = request_id
        self._body = BodyDecoder(content_encoding, limits.max_stream_bytes, "max_stream_bytes")
        self._sse = SSEDecoder(limits.max_event_bytes)
        self._events: list[bytes] = []
        self._text: list[str] = []
        self._open: set[int] = set()
        self._closed: set[int] = set()
        self.done = False
        """``[DONE]`` arrived: nothing more will."""
        self.usage: Usage | None = None
        """The last usage seen (the finishing chunk's, or the ``include_usage`` chunk's)."""
        self.meta: Any = None
        """The gateway's last cost report (``meta``), when it sends one."""
        self._deferred: APIError | None = None

    # -- reading ---------------------------------------------------------------
    def feed(self, raw: bytes) -> list[ChatCompletionChunk]:
        """The chunks completed by these body bytes (none once ``[DONE]`` arrived)."""
        self.raise_pending()
        if self.done:
            return []
        data = self._body.feed(raw)
        if not data:
            return []
        return self._events_to_chunks(self._sse.feed(data))

    def end(self) -> list[ChatCompletionChunk]:
        """The body ended: the last chunks, then raise if the answer was cut short."""
        self.raise_pending()
        chunks = [] if self.done else self._events_to_chunks(self._sse.flush())
        if not self.done and not self.finished:
            raise APIConnectionError(
                "the stream ended before the answer was complete (no finish_reason and no [DONE])",
                request_id=self.request_id,
            )
        return chunks

    def _events_to_chunks(self, events: list[tuple[str, bytes]]) -> list[ChatCompletionChunk]:
        chunks: list[ChatCompletionChunk] = []
        for kind, payload in events:
            try:
                chunk = self._event(kind, payload)
            except APIError as exc:
                if not chunks:
                    raise
                # The good chunks before it go to the caller first; the error comes next.
                self._deferred = exc
                break
            if chunk is None:
                break
            chunks.append(chunk)
        return chunks

    def raise_pending(self) -> None:
        if self._deferred is not None:
            error, self._deferred = self._deferred, None
            raise error

    def _event(self, kind: str, payload: bytes) -> ChatCompletionChunk | None:
        if kind == "error":
            raise self._reported_error(payload)
        # A chunk is a JSON object: only what is not one can be a padded [DONE].
        if payload[:1] != b"{" and payload.strip() == DONE:
            self.done = True
            if not self.finished:
                raise APIStreamError(
                    "the stream ended with [DONE] before any finish_reason: "
                    "the answer is incomplete",
                    request_id=self.request_id,
                )
            return None
        number = len(self._events) + 1
        problem: str
        try:
            value = loads(payload)
        except (ValueError, RecursionError) as exc:
            problem = f"is not JSON ({exc})"
        else:
            if error_payload(value) is not None:
                raise self._reported_error(payload, value)
            try:
                chunk = chunk_from_data(value)
            except ParseError as exc:
                problem = f"does not match ChatCompletionChunk ({exc})"
            except RecursionError:
                problem = "is nested too deeply"
            else:
                chunk._request_id = self.request_id
                self._events.append(payload)
                self._track(chunk)
                return chunk
        raise ResponseValidationError(
            f"stream event {number} {problem}",
            raw=payload[: ResponseValidationError.RAW_LIMIT].decode("utf-8", "replace"),
            request_id=self.request_id,
        )

    def _track(self, chunk: ChatCompletionChunk) -> None:
        for choice in chunk.choices:
            index = choice.index
            if choice.finish_reason is not None:
                self._closed.add(index)
                self._open.discard(index)
            elif index not in self._closed:
                self._open.add(index)
            if index == 0:
                delta = choice.delta
                if delta is not None and delta.content:
                    self._text.append(delta.content)
        if chunk.usage is not None:
            self.usage = chunk.usage
        extra = chunk.additional_properties
        if extra and extra.get("meta") is not None:
            self.meta = extra["meta"]

    def _reported_error(self, payload: bytes, value: Any = None) -> APIStreamError:
        if value is None:
            try:
                value = loads(payload)
            except (ValueError, RecursionError):
                value = payload.decode("utf-8", "replace")
        detail = error_payload(value)
        words = service_message(value)
        status = _status_of(detail, value)
        message = "the service reported an error in the stream"
        if status is not None:
            message += f" ({status})"
        if words:
            message += f": {words}"
        return APIStreamError(
            message,
            status_code=status,
            service_message=words,
            body=value,
            request_id=self.request_id,
        )

    # -- views -----------------------------------------------------------------
    @property
    def finished(self) -> bool:
        """Every choice that appeared has a ``finish_reason``: the answer is whole."""
        return bool(self._closed) and not self._open

    @property
    def text(self) -> str:
        """The first choice's text so far."""
        return "".join(self._text)

    @property
    def chunks(self) -> ChunkList:
        """Every chunk so far (equal to, not the same objects as, those yielded)."""
        return ChunkList(list(self._events))

    def completion(self) -> ChatCompletion:
        """The chunks so far, assembled into the completion the same answer would have been."""
        assembler = Assembler()
        for event in self._events:
            assembler.add(loads(event))
        data = assembler.completion()
        problem: str
        try:
            completion = completion_from_data(data)
        except ParseError as exc:
            problem = str(exc)
        else:
            completion._request_id = self.request_id
            return completion
        raise ResponseValidationError(
            f"the streamed answer does not assemble into a ChatCompletion ({problem})",
            request_id=self.request_id,
        )

    def attach_to(self, error: APIError) -> APIError:
        """Give an error the output received before it."""
        error.partial_text = self.text
        error.chunks = self.chunks
        return error
