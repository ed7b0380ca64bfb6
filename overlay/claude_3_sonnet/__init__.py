"""Claude 3 Sonnet on the AI/ML API gateway: the client people use.

::

    from claude_3_sonnet import Claude3Sonnet

    client = Claude3Sonnet()          # AIMLAPI_API_KEY from the environment
    print(client.ask("Hello", system="Be brief"))

Types come from the generated ``claude_3_sonnet_client`` package (models,
and the request's TypedDicts in ``claude_3_sonnet_client.params``); this
layer adds streaming, retries, time budgets, typed errors and validation
before sending. The layers (``core``, ``transport``, the helpers, the mock)
are drawn in the README's "Architecture" section.
"""

from __future__ import annotations

from claude_3_sonnet_client.models import ChatCompletion, ChatCompletionChunk

from ._version import __version__
from .core.config import DEFAULT_BASE_URL, DEFAULT_MODEL, ResponseLimits
from .core.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    Claude3SonnetError,
    ConfigurationError,
    ConversationError,
    ImageError,
    InternalServerError,
    NoTextError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ResponseTooLargeError,
    ResponseValidationError,
    ToolArgumentsError,
    ToolDefinitionError,
    ToolLoopError,
)
from .core.request import NOT_GIVEN, NotGiven
from .core.retry import RetryPolicy
from .core.tool_loop import ToolRun
from .core.usage import UsageSnapshot
from .core.validation import Violation
from .transport.async_client import AsyncClaude3Sonnet, AsyncStreamManager
from .transport.options import CreateKwargs, RequestOptions, SettingsKwargs
from .transport.raw import AsyncStreamingResponse, RawResponse, StreamingResponse
from .transport.streams import AsyncStream, Stream
from .transport.sync_client import Claude3Sonnet, StreamManager

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MODEL",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AsyncClaude3Sonnet",
    "AsyncStream",
    "AsyncStreamManager",
    "AsyncStreamingResponse",
    "AuthenticationError",
    "BadRequestError",
    "ChatCompletion",
    "ChatCompletionChunk",
    "Claude3Sonnet",
    "Claude3SonnetError",
    "ConfigurationError",
    "ConversationError",
    "CreateKwargs",
    "ImageError",
    "InternalServerError",
    "NoTextError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "RequestValidationError",
    "ResponseLimits",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "SettingsKwargs",
    "Stream",
    "StreamManager",
    "StreamingResponse",
    "ToolArgumentsError",
    "ToolDefinitionError",
    "ToolLoopError",
    "ToolRun",
    "UsageSnapshot",
    "Violation",
    "__version__",
]
