"""The asynchronous client: ``AsyncClaude3Sonnet``.

Only the transport loop and the ``async def`` signatures differ from the sync
client; request building, parsing, retry decisions and the tool loop's state
are the shared core.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar, Unpack, overload

import httpx2

from claude_3_sonnet_client.models import ChatCompletion

from ..core.errors import APIError, NoTextError
from ..core.retry import is_retryable_status
from ..core.secrets import scrub_error
from ..core.tool_loop import Outcome, ToolLoop, ToolRun, prepare, result_text, text_of
from ..core.usage import UsageSnapshot
from .base import Call, ClientCore
from .http import (
    Budget,
    aread_body,
    aread_prefix,
    async_transport,
    budget_scope,
)
from .raw import AsyncStreamingResponse, RawResponse
from .streams import AsyncStream

if TYPE_CHECKING:
    from ..core.tool_schema import FunctionTool
    from .options import CreateKwargs, SettingsKwargs  # the request TypedDicts: typing only

T = TypeVar("T")


class AsyncClaude3Sonnet(ClientCore[httpx2.AsyncClient]):
    """Async client for Claude 3 Sonnet; same settings as ``Claude3Sonnet``.

    Safe to share between tasks; reuses connections; ``await client.close()``
    (or ``async with``) when done.
    """

    def _finish_setup(self) -> None:
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.chat = AsyncChat(self)

    def _new_http_client(self, options: Any) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(timeout=options.timeout, transport=async_transport())

    # -- transport loop ------------------------------------------------------
    async def _run(self, call: Call, on_success: Callable[[Any, Budget], Awaitable[T]]) -> T:
        attempts = call.attempts()
        request = call.request
        while True:
            headers = None
            budget = call.budget(attempts)
            with budget_scope(budget):
                try:
                    response = await self._http.send(request, stream=True)
                    self._log(call, response, attempts)
                    if response.is_success:
                        return await on_success(response, budget)
                    content, truncated = await aread_prefix(response, call.limits.max_error_bytes)
                    error: APIError = self._status_failure(call, response, content, truncated)
                    retryable = is_retryable_status(response.status_code)
                    headers = response.headers
                except self._attempt_errors as exc:
                    error, retryable = self._failed_attempt(call, attempts, budget, exc)
            scrub_error(error, call.secret)
            delay = attempts.next_delay(error, retryable=retryable, headers=headers)
            await self._sleep(delay)

    async def _call(self, kwargs: dict[str, Any], stream: bool) -> RawResponse[Any]:
        call = self._prepare(kwargs, stream=stream)

        async def opened(response: Any, budget: Budget) -> RawResponse[Any]:
            if stream:
                return await self._open_stream(call, response, budget)
            return await self._read(call, response)

        return await self._run(call, opened)

    async def _read(self, call: Call, response: Any) -> RawResponse[ChatCompletion]:
        content = await aread_body(response, call.limits.max_response_bytes, "max_response_bytes")
        return RawResponse(
            response, lambda: self._parse(call, response, content), content, secret=call.secret
        )

    async def _open_stream(
        self, call: Call, response: Any, budget: Budget
    ) -> RawResponse[AsyncStream]:
        stream = AsyncStream(response, call, budget, self._library, self.usage.add)
        try:
            await stream._prime()
        except BaseException:
            await response.aclose()
            raise
        return RawResponse(response, lambda: stream, secret=call.secret)

    async def _streaming(self, kwargs: dict[str, Any], stream: bool) -> AsyncStreamingResponse[Any]:
        call = self._prepare(kwargs, stream=stream)

        async def opened(response: Any, budget: Budget) -> AsyncStreamingResponse[Any]:
            async def parse() -> Any:
                raw: RawResponse[Any]
                if stream:
                    raw = await self._open_stream(call, response, budget)
                else:
                    with budget_scope(budget):
                        raw = await self._read(call, response)
                return raw.parse()

            return AsyncStreamingResponse(response, budget, call.body_limit, parse, call.secret)

        return await self._run(call, opened)

    # -- conveniences --------------------------------------------------------
    async def ask(self, prompt: str, **settings: Unpack[SettingsKwargs]) -> str:
        """One question, one answer: the reply's text (``NoTextError`` if it has none)."""
        if "stream" in settings:
            raise TypeError("ask() takes no 'stream' argument (use chat.completions.stream())")
        completion = await self.chat.completions.create(
            messages=[{"role": "user", "content": prompt}], **settings
        )
        text = text_of(completion)
        if text is None:
            raise NoTextError(
                "the answer has no text (it only calls tools, or has no choices); "
                "the completion is in .completion",
                completion,
            )
        return text

    def usage_totals(self) -> UsageSnapshot:
        return self.usage.snapshot()

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()
            self._forget_key()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


class AsyncChat:
    def __init__(self, client: AsyncClaude3Sonnet) -> None:
        self.completions = AsyncCompletions(client)


class AsyncCompletions:
    """``client.chat.completions`` of the async client."""

    def __init__(self, client: AsyncClaude3Sonnet) -> None:
        self._client = client
        self.with_raw_response = AsyncRawCompletions(client)
        self.with_streaming_response = AsyncStreamingCompletions(client)

    @overload
    async def create(
        self, *, stream: Literal[False] = False, **kwargs: Unpack[CreateKwargs]
    ) -> ChatCompletion: ...
    @overload
    async def create(
        self, *, stream: Literal[True], **kwargs: Unpack[CreateKwargs]
    ) -> AsyncStream: ...
    @overload
    async def create(
        self, *, stream: bool, **kwargs: Unpack[CreateKwargs]
    ) -> ChatCompletion | AsyncStream: ...
    async def create(self, *, stream: bool = False, **kwargs: Any) -> ChatCompletion | AsyncStream:
        """Create a chat completion; ``stream=True`` returns an ``AsyncStream``."""
        result: ChatCompletion | AsyncStream = (await self._client._call(kwargs, stream)).parse()
        return result

    def stream(self, **kwargs: Unpack[CreateKwargs]) -> AsyncStreamManager:
        """``async with client.chat.completions.stream(messages=...) as s:``."""
        if "stream" in kwargs:
            raise TypeError("stream() takes no 'stream' argument (it always streams)")

        async def open_stream() -> AsyncStream:
            opened: AsyncStream = await self.create(stream=True, **kwargs)
            return opened

        return AsyncStreamManager(open_stream)

    async def run_tools(
        self,
        *,
        messages: Iterable[Any],
        tools: Iterable[Callable[..., Any] | FunctionTool],
        max_rounds: int = 8,
        **kwargs: Any,
    ) -> ToolRun:
        """The async tool loop; tools may be ``async def`` functions. See ``Completions.run_tools``."""
        loop = ToolLoop(messages, tools, max_rounds, kwargs, allow_async=True)
        while True:
            completion = await self.create(**loop.request())
            calls = loop.receive(completion)
            if not calls:
                return loop.result(completion)
            outcomes = []
            for call in calls:
                invocation = prepare(call, loop.registry)
                if isinstance(invocation, Outcome):
                    outcomes.append(invocation)
                    continue
                try:
                    value = invocation.tool.function(*invocation.args, **invocation.kwargs)
                    if inspect.isawaitable(value):
                        value = await value
                except Exception as exc:
                    outcomes.append(Outcome(call.id, invocation.failure(exc), True))
                else:
                    outcomes.append(Outcome(call.id, result_text(value)))
            loop.add_results(outcomes)


class AsyncStreamManager:
    """Opens the stream on ``async with`` entry and closes it on exit."""

    def __init__(self, open_stream: Callable[[], Awaitable[AsyncStream]]) -> None:
        self._open = open_stream
        self._stream: AsyncStream | None = None

    async def __aenter__(self) -> AsyncStream:
        self._stream = await self._open()
        return self._stream

    async def __aexit__(self, *exc_info: object) -> None:
        if self._stream is not None:
            await self._stream.close()


class AsyncRawCompletions:
    """``with_raw_response`` of the async client."""

    def __init__(self, client: AsyncClaude3Sonnet) -> None:
        self._client = client

    @overload
    async def create(
        self, *, stream: Literal[False] = False, **kwargs: Unpack[CreateKwargs]
    ) -> RawResponse[ChatCompletion]: ...
    @overload
    async def create(
        self, *, stream: Literal[True], **kwargs: Unpack[CreateKwargs]
    ) -> RawResponse[AsyncStream]: ...
    @overload
    async def create(
        self, *, stream: bool, **kwargs: Unpack[CreateKwargs]
    ) -> RawResponse[ChatCompletion] | RawResponse[AsyncStream]: ...
    async def create(self, *, stream: bool = False, **kwargs: Any) -> RawResponse[Any]:
        """Like ``create``; ``.parse()`` gives the ``ChatCompletion`` (or ``AsyncStream``)."""
        return await self._client._call(kwargs, stream)


class AsyncStreamingCompletions:
    """``with_streaming_response`` of the async client (``async with ... as r``)."""

    def __init__(self, client: AsyncClaude3Sonnet) -> None:
        self._client = client

    @overload
    def create(
        self, *, stream: Literal[False] = False, **kwargs: Unpack[CreateKwargs]
    ) -> _Opening[ChatCompletion]: ...
    @overload
    def create(
        self, *, stream: Literal[True], **kwargs: Unpack[CreateKwargs]
    ) -> _Opening[AsyncStream]: ...
    def create(self, *, stream: bool = False, **kwargs: Any) -> _Opening[Any]:
        return _Opening(lambda: self._client._streaming(kwargs, stream))


class _Opening(Generic[T]):
    """``async with`` sends the call on entry (nothing is sent before) and closes it on exit."""

    def __init__(self, opener: Callable[[], Awaitable[AsyncStreamingResponse[T]]]) -> None:
        self._opener = opener
        self._opened: AsyncStreamingResponse[T] | None = None

    async def __aenter__(self) -> AsyncStreamingResponse[T]:
        self._opened = await self._opener()
        return self._opened

    async def __aexit__(self, *exc_info: object) -> None:
        if self._opened is not None:
            await self._opened.close()
