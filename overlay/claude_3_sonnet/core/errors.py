"""Every exception the package raises on purpose, in one hierarchy.

::

    Claude3SonnetError
    ├── ConfigurationError           the client cannot be built as asked (no API key, bad option)
    ├── APIError                     a call failed (.attempts, .elapsed; a broken stream's
    │   │                            output in .partial_text and .chunks)
    │   ├── RequestValidationError   the request breaks the contract; nothing was sent
    │   ├── ResponseValidationError  the answer cannot be parsed (.raw, truncated)
    │   │   └── ResponseTooLargeError    ... or is larger than the client's limits
    │   ├── APIStreamError           the stream carried an error, or ended without finishing
    │   ├── APIConnectionError       no usable answer: refused, reset, dropped mid-stream
    │   │   └── APITimeoutError      ... or not in time (a read, the call's budget, stream silence)
    │   └── APIStatusError           the service answered an error status (.status_code, .body)
    │       ├── BadRequestError          400
    │       ├── AuthenticationError      401
    │       ├── PermissionDeniedError    403 (out of credits, plan limits)
    │       ├── NotFoundError            404
    │       ├── RateLimitError           429
    │       └── InternalServerError      >= 500
    ├── NoTextError                  ask(): the answer has no text (only tool calls, no choices)
    ├── ImageError                   an image cannot be sent (also a ValueError)
    ├── ToolDefinitionError          a function cannot be described as a tool (also a TypeError)
    ├── ToolArgumentsError           the model's arguments do not fit a tool (also a ValueError)
    ├── ToolLoopError                the model still called tools after max_rounds
    └── ConversationError            a reply a conversation cannot keep (tool calls, no text)

Messages name the status, the service's own words and the request id when
there is one. No exception carries the API key: the text of every error is
scrubbed where the error is made (``core.secrets``), and nothing that holds
the key (a request's headers, an HTTP library's exception) is attached or
chained.

Every class pickles and copies with its attributes, so an error raised in a
worker process crosses back to the parent intact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claude_3_sonnet_client.models import ChatCompletion, ChatCompletionChunk

    from .validation import Violation

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "Claude3SonnetError",
    "ConfigurationError",
    "ConversationError",
    "ImageError",
    "InternalServerError",
    "NoTextError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ToolArgumentsError",
    "ToolDefinitionError",
    "ToolLoopError",
]


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Unpickle an error without calling its ``__init__`` (whose signature varies)."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class Claude3SonnetError(Exception):
    """Base of every exception this package raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's default pickling calls cls(*args), which fails for any
        # subclass with keyword-only arguments; this restores the attributes.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class ConfigurationError(Claude3SonnetError, ValueError):
    """The client cannot be constructed or called as asked (no API key, a bad option)."""


class APIError(Claude3SonnetError):
    """A call did not produce a result.

    ``attempts`` and ``elapsed`` say how hard the client tried. When a
    stream breaks, ``partial_text`` holds the text received before the
    failure and ``chunks`` the parsed chunks, so nothing already shown to the
    user is lost.
    """

    message: str
    request_id: str | None
    partial_text: str
    chunks: Sequence[ChatCompletionChunk]
    attempts: int
    elapsed: float

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id
        self.partial_text = ""
        self.chunks = []
        self.attempts = 1
        self.elapsed = 0.0

    def __str__(self) -> str:
        text = self.message
        if self.attempts > 1:
            text += f" (after {self.attempts} attempts over {self.elapsed:.1f} s)"
        if self.chunks or self.partial_text:
            text += (
                f" (the stream broke after {len(self.chunks)} chunks; "
                f"{len(self.partial_text)} characters of text are kept in .partial_text)"
            )
        return text


class RequestValidationError(APIError, ValueError):
    """The request breaks the contract; it was not sent.

    ``violations`` lists each problem with its JSON path.
    """

    violations: Sequence[Violation]

    def __init__(self, violations: Sequence[Violation]) -> None:
        lines = "\n".join(f"  {v}" for v in violations)
        noun = "problem" if len(violations) == 1 else "problems"
        super().__init__(
            f"the request was not sent: {len(violations)} {noun} with it\n{lines}\n"
            "(pass validate=False to the client to skip the contract check)"
        )
        self.violations = list(violations)


class ResponseValidationError(APIError):
    """The service answered something the client cannot parse.

    ``raw`` holds the start of the body (at most ``RAW_LIMIT`` characters).
    """

    RAW_LIMIT = 2000

    raw: str
    status_code: int | None

    def __init__(
        self,
        message: str,
        *,
        raw: str = "",
        status_code: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.raw = raw[: self.RAW_LIMIT]
        self.status_code = status_code


class ResponseTooLargeError(ResponseValidationError):
    """The answer passed one of the client's size limits; reading stopped there.

    ``limit`` names the limit (``max_response_bytes``, ...) and its value.
    """


class APIStreamError(APIError):
    """The stream said something went wrong, or ended without finishing the answer.

    The service can report an error inside a successful stream (an
    ``event: error`` frame, or a chunk that is an ``{"error": ...}`` object);
    ``service_message`` holds its words and ``status_code`` its status when it
    gave one. A ``[DONE]`` before any ``finish_reason`` also lands here: the
    answer in ``partial_text`` is incomplete.
    """

    status_code: int | None
    service_message: str
    body: Any

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        service_message: str = "",
        body: Any = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.status_code = status_code
        self.service_message = service_message
        self.body = body


class APIConnectionError(APIError):
    """The request got no usable answer: connection refused, reset or dropped."""


class APITimeoutError(APIConnectionError):
    """The request got no answer in time: a read, the call's total budget, or stream silence."""


class APIStatusError(APIError):
    """The service answered with an error status.

    ``body`` is the decoded error body (truncated to the client's error-body
    limit), ``headers`` the response headers, ``response`` a detached copy of
    the HTTP response whose request carries no credentials.
    """

    status_code: int
    headers: dict[str, str]
    body: Any
    service_message: str
    response: Any

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        service_message: str = "",
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.status_code = status_code
        self.headers = dict(headers or {})
        self.body = body
        self.service_message = service_message
        self.response = None


class BadRequestError(APIStatusError):
    """400: the service rejected the request."""


class AuthenticationError(APIStatusError):
    """401: missing or invalid API key."""


class PermissionDeniedError(APIStatusError):
    """403: out of credits, or a plan limit."""


class NotFoundError(APIStatusError):
    """404: unknown endpoint or method (check base_url)."""


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically, honouring Retry-After."""


class InternalServerError(APIStatusError):
    """5xx: the service failed; retried automatically."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for an error status."""
    if status_code >= 500:
        return InternalServerError
    return STATUS_ERRORS.get(status_code, APIStatusError)


class NoTextError(Claude3SonnetError):
    """``ask()`` got an answer without text: only tool calls, or no choices at all.

    ``completion`` is the answer as it came.
    """

    def __init__(self, message: str, completion: ChatCompletion) -> None:
        super().__init__(message)
        self.completion = completion


class ImageError(Claude3SonnetError, ValueError):
    """An image cannot be sent: unreadable, empty, too large or not a supported format."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"image {source}: {problem}")
        self.source = source
        self.problem = problem


class ToolDefinitionError(Claude3SonnetError, TypeError):
    """A function cannot be described as a tool (names the function and parameter)."""

    def __init__(self, function: str, problem: str, parameter: str | None = None) -> None:
        where = f"{function}()" + (f", parameter {parameter!r}" if parameter else "")
        super().__init__(f"cannot define a tool from {where}: {problem}")
        self.function = function
        self.parameter = parameter
        self.problem = problem


class ToolArgumentsError(Claude3SonnetError, ValueError):
    """The model's arguments do not fit the tool's schema."""


class ToolLoopError(Claude3SonnetError):
    """The model still asked for tools after ``max_rounds`` calls.

    ``messages`` is the history so far (valid to send again: it ends before
    the unanswered tool calls), ``completion`` the last answer, with those
    calls, and ``rounds`` the number of model calls made.
    """

    def __init__(
        self,
        message: str,
        *,
        messages: list[dict[str, Any]],
        completion: ChatCompletion,
        rounds: int,
    ) -> None:
        super().__init__(message)
        self.messages = messages
        self.completion = completion
        self.rounds = rounds


class ConversationError(Claude3SonnetError):
    """A reply a conversation cannot keep (tool calls, or no text); nothing was stored.

    ``completion`` is the reply as it came.
    """

    def __init__(self, message: str, completion: ChatCompletion) -> None:
        super().__init__(message)
        self.completion = completion
