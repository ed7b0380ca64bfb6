"""The synchronous client: ``Claude3Sonnet``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar, Unpack, overload

import httpx2

from claude_3_sonnet_client.models import ChatCompletion

from ..core.errors import APIError, NoTextError
from ..core.retry import is_retryable_status
from ..core.secrets import scrub_error
from ..core.tool_loop import Outcome, ToolLoop, ToolRun, prepare, result_text, text_of
from ..core.usage import UsageSnapshot
from .base import Call, ClientCore
from .http import Budget, budget_scope, read_body, read_prefix, sync_transport
from .raw import RawResponse, StreamingResponse
from .streams import Stream

if TYPE_CHECKING:
    from ..core.tool_schema import FunctionTool
    from .options import CreateKwargs, SettingsKwargs  # the request TypedDicts: typing only

T = TypeVar("T")


class Claude3Sonnet(ClientCore[httpx2.Client]):
    """Client for Claude 3 Sonnet on the AI/ML API gateway.

    ``api_key`` defaults to ``AIMLAPI_API_KEY`` (or ``AIML_API_KEY``),
    ``base_url`` to ``AIMLAPI_BASE_URL`` (or ``https://api.aimlapi.com``).
    Safe to share between threads; reuses connections; close it (or use it
    as a context manager) when done.
    """

    def _finish_setup(self) -> None:
        self._sleep: Callable[[float], None] = time.sleep
        self.chat = Chat(self)

    def _new_http_client(self, options: Any) -> httpx2.Client:
        return httpx2.Client(timeout=options.timeout, transport=sync_transport())

    # -- transport loop ------------------------------------------------------
    def _run(self, call: Call, on_success: Callable[[Any, Budget], T]) -> T:
        """Send until success or a final error; a failure inside ``on_success`` may be retried."""
        attempts = call.attempts()
        request = call.request
        while True:
            headers = None
            budget = call.budget(attempts)
            with budget_scope(budget):
                try:
                    response = self._http.send(request, stream=True)
                    self._log(call, response, attempts)
                    if response.is_success:
                        return on_success(response, budget)
                    content, truncated = read_prefix(response, call.limits.max_error_bytes)
                    error: APIError = self._status_failure(call, response, content, truncated)
                    retryable = is_retryable_status(response.status_code)
                    headers = response.headers
                except self._attempt_errors as exc:
                    error, retryable = self._failed_attempt(call, attempts, budget, exc)
            scrub_error(error, call.secret)
            delay = attempts.next_delay(error, retryable=retryable, headers=headers)
            self._sleep(delay)

    def _call(self, kwargs: dict[str, Any], stream: bool) -> RawResponse[Any]:
        """Prepare, send (with retries) and wrap one call; the one path every method takes."""
        call = self._prepare(kwargs, stream=stream)
        if stream:
            return self._run(
                call, lambda response, budget: self._open_stream(call, response, budget)
            )
        return self._run(call, lambda response, budget: self._read(call, response))

    def _read(self, call: Call, response: Any) -> RawResponse[ChatCompletion]:
        content = read_body(response, call.limits.max_response_bytes, "max_response_bytes")
        return RawResponse(
            response, lambda: self._parse(call, response, content), content, secret=call.secret
        )

    def _open_stream(self, call: Call, response: Any, budget: Budget) -> RawResponse[Stream]:
        stream = Stream(response, call, budget, self._library, self.usage.add)
        try:
            stream._prime()
        except BaseException:
            response.close()
            raise
        return RawResponse(response, lambda: stream, secret=call.secret)

    def _streaming(self, kwargs: dict[str, Any], stream: bool) -> StreamingResponse[Any]:
        call = self._prepare(kwargs, stream=stream)

        def opened(response: Any, budget: Budget) -> StreamingResponse[Any]:
            def parse() -> Any:
                if stream:
                    return self._open_stream(call, response, budget).parse()
                with budget_scope(budget):
                    return self._read(call, response).parse()

            return StreamingResponse(response, budget, call.body_limit, parse, call.secret)

        return self._run(call, opened)

    # -- conveniences --------------------------------------------------------
    def ask(self, prompt: str, **settings: Unpack[SettingsKwargs]) -> str:
        """One question, one answer: the reply's text.

        Raises :class:`~claude_3_sonnet.NoTextError` when the answer has no
        text (the model only called tools, or sent no choices).
        """
        if "stream" in settings:
            raise TypeError("ask() takes no 'stream' argument (use chat.completions.stream())")
        completion = self.chat.completions.create(
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
        """Tokens (and credits / USD when reported) used by this client's calls so far."""
        return self.usage.snapshot()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()
            self._forget_key()

    def __enter__(self) -> Self:
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
        self.with_streaming_response = StreamingCompletions(client)

    @overload
    def create(
        self, *, stream: Literal[False] = False, **kwargs: Unpack[CreateKwargs]
    ) -> ChatCompletion: ...
    @overload
    def create(self, *, stream: Literal[True], **kwargs: Unpack[CreateKwargs]) -> Stream: ...
    @overload
    def create(
        self, *, stream: bool, **kwargs: Unpack[CreateKwargs]
    ) -> ChatCompletion | Stream: ...
    def create(self, *, stream: bool = False, **kwargs: Any) -> ChatCompletion | Stream:
        """Create a chat completion; ``stream=True`` returns a ``Stream`` of chunks.

        Keyword parameters are the contract's request fields (``messages``,
        ``model`` (default ``claude-3-sonnet-latest``), ``system``,
        ``max_tokens``, ``temperature``, ``tools``, ...; ``None`` leaves a
        field out) and the per-call options ``timeout``, ``total_timeout``,
        ``idle_timeout``, ``max_retries``, ``extra_headers``, ``extra_query``
        and ``extra_body``.
        """
        result: ChatCompletion | Stream = self._client._call(kwargs, stream).parse()
        return result

    def stream(self, **kwargs: Unpack[CreateKwargs]) -> StreamManager:
        """A context manager that opens a stream on entry and closes it on exit.

        ``with client.chat.completions.stream(messages=...) as s:`` then
        ``for text in s.text_stream`` and ``s.get_final_completion()``.
        """
        if "stream" in kwargs:
            raise TypeError("stream() takes no 'stream' argument (it always streams)")
        return StreamManager(lambda: self.create(stream=True, **kwargs))

    def run_tools(
        self,
        *,
        messages: Iterable[Any],
        tools: Iterable[Callable[..., Any] | FunctionTool],
        max_rounds: int = 8,
        **kwargs: Any,
    ) -> ToolRun:
        """Call the model, run the tools it asks for, send the results back; repeat.

        Stops when the model answers without tool calls (or raises
        ``ToolLoopError`` after ``max_rounds`` model calls). See ``claude_3_sonnet.tools``.
        """
        loop = ToolLoop(messages, tools, max_rounds, kwargs, allow_async=False)
        while True:
            completion = self.create(**loop.request())
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
                except Exception as exc:
                    outcomes.append(Outcome(call.id, invocation.failure(exc), True))
                else:
                    outcomes.append(Outcome(call.id, result_text(value)))
            loop.add_results(outcomes)


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

    @overload
    def create(
        self, *, stream: Literal[False] = False, **kwargs: Unpack[CreateKwargs]
    ) -> RawResponse[ChatCompletion]: ...
    @overload
    def create(
        self, *, stream: Literal[True], **kwargs: Unpack[CreateKwargs]
    ) -> RawResponse[Stream]: ...
    @overload
    def create(
        self, *, stream: bool, **kwargs: Unpack[CreateKwargs]
    ) -> RawResponse[ChatCompletion] | RawResponse[Stream]: ...
    def create(self, *, stream: bool = False, **kwargs: Any) -> RawResponse[Any]:
        """Like ``create``; ``.parse()`` gives the ``ChatCompletion`` (or ``Stream``)."""
        return self._client._call(kwargs, stream)


class StreamingCompletions:
    """``client.chat.completions.with_streaming_response``: headers first, the body on demand.

    ``with client.chat.completions.with_streaming_response.create(...) as r:``
    then ``r.headers``, ``r.iter_lines()`` or ``r.parse()``.
    """

    def __init__(self, client: Claude3Sonnet) -> None:
        self._client = client

    @overload
    def create(
        self, *, stream: Literal[False] = False, **kwargs: Unpack[CreateKwargs]
    ) -> _Opening[ChatCompletion]: ...
    @overload
    def create(
        self, *, stream: Literal[True], **kwargs: Unpack[CreateKwargs]
    ) -> _Opening[Stream]: ...
    def create(self, *, stream: bool = False, **kwargs: Any) -> _Opening[Any]:
        return _Opening(lambda: self._client._streaming(kwargs, stream))


class _Opening(Generic[T]):
    """``with`` sends the call on entry (nothing is sent before) and closes it on exit."""

    def __init__(self, opener: Callable[[], StreamingResponse[T]]) -> None:
        self._opener = opener
        self._opened: StreamingResponse[T] | None = None

    def __enter__(self) -> StreamingResponse[T]:
        self._opened = self._opener()
        return self._opened

    def __exit__(self, *exc_info: object) -> None:
        if self._opened is not None:
            self._opened.close()
