"""The asynchronous client: ``AsyncClaude3Sonnet``.

Only the transport loop and the ``async def`` signatures differ from the sync
client; request building, parsing and retry decisions are the shared core.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import httpx

from claude_3_sonnet_client.models import ChatCompletion

from ._config import DEFAULT_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_MODEL
from ._core import Call, ClientCore, TimeoutTypes
from ._errors import APIError
from ._params import MessageParam, ask_messages, completion_text, refuse_stream
from ._pool import AsyncTransport
from ._raw import RawResponse
from ._request import NOT_GIVEN, NotGiven, log_response
from ._streaming import AsyncStream
from ._usage import UsageSnapshot

if TYPE_CHECKING:
    from .tools import ToolRun

T = TypeVar("T")


class AsyncClaude3Sonnet(ClientCore[httpx.AsyncClient]):
    """Async client for Claude 3 Sonnet; same settings as ``Claude3Sonnet``.

    Safe to share between tasks; reuses connections; ``await client.close()``
    (or ``async with``) when done.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        validate: bool = True,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers=default_headers,
            validate=validate,
        )
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.chat = AsyncChat(self)

    def _new_http_client(self) -> httpx.AsyncClient:
        # The linear-time pool: see _pool.py (a passed-in client keeps its own).
        return httpx.AsyncClient(
            timeout=self.timeout, transport=AsyncTransport(limits=DEFAULT_LIMITS)
        )

    async def _run(self, call: Call, on_success: Callable[[httpx.Response], Awaitable[T]]) -> T:
        attempts = call.attempts()
        while True:
            response: httpx.Response | None = None
            outcome: httpx.Response | httpx.RequestError
            try:
                response = await self._http.send(call.request, stream=True)
                log_response(call.request, response, attempts)
                if response.is_success:
                    return await on_success(response)
                await response.aread()
                await response.aclose()
                outcome = response
            except httpx.RequestError as exc:
                if response is not None:
                    await response.aclose()
                outcome = exc
            except APIError as exc:
                raise self._scrubbed(exc) from None
            try:
                delay = attempts.next_delay(outcome)
            except APIError as exc:
                raise self._scrubbed(exc) from (outcome if isinstance(outcome, Exception) else None)
            await self._sleep(delay)

    async def _call(self, kwargs: dict[str, Any], stream: bool) -> RawResponse[Any]:
        """Prepare, send (with retries) and wrap one call; the one path every method takes."""
        call = self._prepare(kwargs, stream=stream)
        return await self._run(call, self._open_stream if stream else self._read)

    async def _read(self, response: httpx.Response) -> RawResponse[ChatCompletion]:
        try:
            await response.aread()
        finally:
            await response.aclose()
        return RawResponse(response, lambda: self._parse(response))

    async def _open_stream(self, response: httpx.Response) -> RawResponse[AsyncStream]:
        stream = AsyncStream(response, on_complete=self.usage.record, secret=self._api_key)
        try:
            await stream._prime()
        except BaseException:
            await response.aclose()
            raise
        return RawResponse(response, lambda: stream)

    async def ask(
        self, prompt: str, *, system: str | None = None, model: str = DEFAULT_MODEL, **params: Any
    ) -> str:
        """One question, one answer: the reply's text."""
        refuse_stream("ask", params)
        completion = await self.chat.completions.create(
            model=model, messages=ask_messages(prompt), system=system, **params
        )
        return completion_text(completion)

    def usage_totals(self) -> UsageSnapshot:
        return self.usage.snapshot()

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClaude3Sonnet:
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

    @overload
    async def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str = ...,
        stream: Literal[False] = ...,
        timeout: TimeoutTypes | NotGiven = ...,
        max_retries: int | NotGiven = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
        **params: Any,
    ) -> ChatCompletion: ...
    @overload
    async def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str = ...,
        stream: Literal[True],
        timeout: TimeoutTypes | NotGiven = ...,
        max_retries: int | NotGiven = ...,
        extra_headers: Mapping[str, str] | None = ...,
        extra_body: Mapping[str, Any] | None = ...,
        **params: Any,
    ) -> AsyncStream: ...
    async def create(self, *, stream: bool = False, **kwargs: Any) -> ChatCompletion | AsyncStream:
        """Create a chat completion; ``stream=True`` returns an ``AsyncStream``."""
        result: ChatCompletion | AsyncStream = (await self._client._call(kwargs, stream)).parse()
        return result

    def stream(
        self, *, messages: Iterable[MessageParam], model: str = DEFAULT_MODEL, **kwargs: Any
    ) -> AsyncStreamManager:
        """``async with client.chat.completions.stream(messages=...) as s:``."""
        refuse_stream("stream", kwargs)

        async def open_stream() -> AsyncStream:
            return await self.create(messages=messages, model=model, stream=True, **kwargs)

        return AsyncStreamManager(open_stream)

    async def run_tools(
        self,
        *,
        messages: Iterable[MessageParam],
        tools: Iterable[Callable[..., Any]],
        max_rounds: int = 8,
        **kwargs: Any,
    ) -> ToolRun:
        """The async tool loop; see ``Completions.run_tools``."""
        from .tools import async_run_tools  # noqa: PLC0415

        return await async_run_tools(
            self._client, messages=messages, tools=tools, max_rounds=max_rounds, **kwargs
        )


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

    async def create(self, *, stream: bool = False, **kwargs: Any) -> RawResponse[Any]:
        """Like ``create``; ``.parse()`` gives the ``ChatCompletion`` (or ``AsyncStream``)."""
        return await self._client._call(kwargs, stream)
