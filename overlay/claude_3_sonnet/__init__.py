"""Claude 3 Sonnet on the AI/ML API gateway: the client people use.

::

    from claude_3_sonnet import Claude3Sonnet

    client = Claude3Sonnet()          # AIMLAPI_API_KEY from the environment
    print(client.ask("Hello", system="Be brief"))

Types come from the generated ``claude_3_sonnet_client`` package; this layer
adds streaming, retries, typed errors and validation before sending.
"""

from __future__ import annotations

__version__ = "0.1.0"

from claude_3_sonnet_client.models import ChatCompletion, ChatCompletionChunk

from ._async_client import AsyncClaude3Sonnet, AsyncStreamManager
from ._client import Claude3Sonnet, StreamManager
from ._config import DEFAULT_BASE_URL, DEFAULT_MODEL
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    Claude3SonnetError,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ResponseValidationError,
)
from ._raw import RawResponse
from ._request import NOT_GIVEN, NotGiven
from ._retry import RetryPolicy
from ._streaming import AsyncStream, Stream
from ._usage import UsageSnapshot
from ._validation import Violation

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MODEL",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClaude3Sonnet",
    "AsyncStream",
    "AsyncStreamManager",
    "AuthenticationError",
    "BadRequestError",
    "ChatCompletion",
    "ChatCompletionChunk",
    "Claude3Sonnet",
    "Claude3SonnetError",
    "ConfigurationError",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "RequestValidationError",
    "ResponseValidationError",
    "RetryPolicy",
    "Stream",
    "StreamManager",
    "UsageSnapshot",
    "Violation",
    "__version__",
]
