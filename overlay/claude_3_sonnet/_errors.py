"""Every exception the client raises, in one hierarchy.

::

    Claude3SonnetError
    ├── ConfigurationError           the client cannot be built (no API key, bad base URL)
    └── APIError                     a call failed; .partial_text / .chunks keep a broken stream's output
        ├── RequestValidationError   the request breaks the contract; nothing was sent
        ├── ResponseValidationError  the service answered something unparseable (.raw, truncated)
        ├── APIConnectionError       no usable answer: refused, reset, dropped mid-stream
        │   └── APITimeoutError      ... or not in time
        └── APIStatusError           the service answered an error status (.status_code, .response)
            ├── BadRequestError          400
            ├── AuthenticationError      401
            ├── PermissionDeniedError    403 (out of credits, plan limits)
            ├── NotFoundError            404
            ├── RateLimitError           429
            └── InternalServerError      >= 500

Messages name the status, the service's own words and the request id when
there is one. They never contain the API key: the client scrubs it from any
text it puts in an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from claude_3_sonnet_client.models import ChatCompletionChunk

    from ._validation import Violation

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "Claude3SonnetError",
    "ConfigurationError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
]


class Claude3SonnetError(Exception):
    """Base of every exception this package raises."""


class ConfigurationError(Claude3SonnetError, ValueError):
    """The client cannot be constructed as asked (for example, no API key)."""


class APIError(Claude3SonnetError):
    """A call did not produce a result.

    When a stream breaks, ``partial_text`` holds the text received before the
    failure and ``chunks`` the parsed chunks, so nothing already shown to the
    user is lost.
    """

    message: str
    request_id: str | None
    partial_text: str
    chunks: list[ChatCompletionChunk]

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id
        self.partial_text = ""
        self.chunks = []

    def __str__(self) -> str:
        if not self.chunks and not self.partial_text:
            return self.message
        return (
            f"{self.message} (the stream broke after {len(self.chunks)} chunks; "
            f"{len(self.partial_text)} characters of text are kept in .partial_text)"
        )


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
            "(pass validate=False to the client to skip this check)"
        )
        self.violations = violations


class ResponseValidationError(APIError):
    """The service answered something the client cannot parse.

    ``raw`` holds the start of the body (at most ``RAW_LIMIT`` characters).
    """

    RAW_LIMIT = 2000

    def __init__(
        self,
        message: str,
        *,
        raw: str,
        status_code: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.raw = raw[: self.RAW_LIMIT]
        self.status_code = status_code


class APIConnectionError(APIError):
    """The request got no usable answer: connection refused, reset or dropped."""


class APITimeoutError(APIConnectionError):
    """The request got no answer in time."""


class APIStatusError(APIError):
    """The service answered with an error status."""

    status_code: int
    response: httpx.Response
    body: Any
    service_message: str

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        service_message: str,
        request_id: str | None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.status_code = response.status_code
        self.response = response
        self.body = body
        self.service_message = service_message


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
