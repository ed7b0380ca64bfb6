"""The synchronous client: ``Claude3Sonnet``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import httpx

from claude_3_sonnet_client.models import ChatCompletion

from ._config import DEFAULT_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_MODEL
from ._core import Call, ClientCore, TimeoutTypes
from ._errors import APIError
from ._params import MessageParam, ask_messages, completion_text, refuse_stream
from ._raw import RawResponse
from ._request import NOT_GIVEN, NotGiven, log_response
from ._streaming import Stream
from ._usage import UsageSnapshot

if TYPE_CHECKING:
    from .tools import ToolRun

T = TypeVar("T")


class Claude3Sonnet(ClientCore[httpx.Client]):
    """Client for Claude 3 Sonnet on the AI/ML API gateway.

    ``api_key`` defaults to ``AIMLAPI_API_KEY`` (or ``AIML_API_KEY``),
    ``base_url`` to ``AIMLAPI_BASE_URL`` (or ``https://api.aimlapi.com``).
    Safe to share between threads; reuses connections; close it (or use it
    as a context manager) when done.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
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
        self._sleep: Callable[[float], None] = time.sleep
        self.chat = Chat(self)

    def _new_http_client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout, limits=DEFAULT_LIMITS)

    # -- transport loop ------------------------------------------------------
    def _run(self, call: Call, on_success: Callable[[httpx.Response], T]) -> T:
        """Send until success or a final error; ``on_success`` may still fail and be retried."""
        attempts = call.attempts()
        while True:
            response: httpx.Response | None = None
            outcome: httpx.Response | httpx.RequestError
            try:
                response = self._http.send(call.request, stream=True)
                log_response(call.request, response, attempts)
                if response.is_success:
                    return on_success(response)
                response.read()
                response.close()
                outcome = response
            except httpx.RequestError as exc:
                if response is not None:
                    response.close()
                outcome = exc
            except APIError as exc:
                raise self._scrubbed(exc) from None
            try:
                delay = attempts.next_delay(outcome)
            except APIError as exc:
                raise self._scrubbed(exc) from (outcome if isinstance(outcome, Exception) else None)
            self._sleep(delay)

    def _call(self, kwargs: dict[str, Any], stream: bool) -> RawResponse[Any]:
        """Prepare, send (with retries) and wrap one call; the one path every method takes."""
        call = self._prepare(kwargs, stream=stream)
        return self._run(call, self._open_stream if stream else self._read)

    def _read(self, response: httpx.Response) -> RawResponse[ChatCompletion]:
        try:
            response.read()
        finally:
            response.close()
        return RawResponse(response, lambda: self._parse(response))

    def _open_stream(self, response: httpx.Response) -> RawResponse[Stream]:
        stream = Stream(response, on_complete=self.usage.record, secret=self._api_key)
        try:
            stream._prime()
        except BaseException:
            response.close()
            raise
        return RawResponse(response, lambda: stream)

    # -- conveniences --------------------------------------------------------
    def ask(
        self, prompt: str, *, system: str | None = None, model: str = DEFAULT_MODEL, **params: Any
    ) -> str:
        """One question, one answer: the reply's text."""
        refuse_stream("ask", params)
        completion = self.chat.completions.create(
            model=model, messages=ask_messages(prompt), system=system, **params
        )
        return completion_text(completion)

    def usage_totals(self) -> UsageSnapshot:
        """Tokens (and credits / USD when reported) used by this client's calls so far."""
        return self.usage.snapshot()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Claude3Sonnet:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class Chat:
    """``client.chat``: holds ``completions``."""

    def __init__(self, client: Claude3Sonnet) -> None:
        self.completions = Completions(client)


class Completions:
    """``client.chat.completions``."""

    def __init__(self, client: Claude3Sonnet) -> None:
        self._client = client
        self.with_raw_response = RawCompletions(client)

    @overload
    def create(
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
    def create(
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
    ) -> Stream: ...
    def create(self, *, stream: bool = False, **kwargs: Any) -> ChatCompletion | Stream:
        """Create a chat completion; ``stream=True`` returns a ``Stream`` of chunks.

        Keyword parameters are the contract's request fields (``messages``,
        ``model`` (default ``claude-3-sonnet-latest``), ``system``,
        ``max_tokens``, ``temperature``, ``tools``, ...; ``None`` leaves a
        field out) and the per-call options ``timeout``, ``max_retries``,
        ``extra_headers`` and ``extra_body``.
        """
        result: ChatCompletion | Stream = self._client._call(kwargs, stream).parse()
        return result

    def stream(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str = DEFAULT_MODEL,
        **kwargs: Any,
    ) -> StreamManager:
        """A context manager that opens a stream on entry and closes it on exit.

        ``with client.chat.completions.stream(messages=...) as s:`` then
        ``for text in s.text_stream`` and ``s.get_final_completion()``.
        """
        refuse_stream("stream", kwargs)
        return StreamManager(
            lambda: self.create(messages=messages, model=model, stream=True, **kwargs)
        )

    def run_tools(
        self,
        *,
        messages: Iterable[MessageParam],
        tools: Iterable[Callable[..., Any]],
        max_rounds: int = 8,
        **kwargs: Any,
    ) -> ToolRun:
        """Call the model, run the tools it asks for, send the results back; repeat.

        Stops when the model answers without tool calls (or raises
        ``ToolLoopError`` after ``max_rounds`` rounds). See ``claude_3_sonnet.tools``.
        """
        from .tools import run_tools  # noqa: PLC0415

        return run_tools(
            self._client, messages=messages, tools=tools, max_rounds=max_rounds, **kwargs
        )


class StreamManager:
    """Opens the stream lazily, so nothing is sent until ``with`` is entered."""

    def __init__(self, open_stream: Callable[[], Stream]) -> None:
        self._open = open_stream
        self._stream: Stream | None = None

    def __enter__(self) -> Stream:
        self._stream = self._open()
        return self._stream

    def __exit__(self, *exc_info: object) -> None:
        if self._stream is not None:
            self._stream.close()


class RawCompletions:
    """``client.chat.completions.with_raw_response``: the same calls, HTTP details first."""

    def __init__(self, client: Claude3Sonnet) -> None:
        self._client = client

    def create(self, *, stream: bool = False, **kwargs: Any) -> RawResponse[Any]:
        """Like ``create``; ``.parse()`` gives the ``ChatCompletion`` (or ``Stream``)."""
        return self._client._call(kwargs, stream)
