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

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from claude_3_sonnet_client.models import ChatCompletion, ChatCompletionChunk

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

# Each public name and the module it lives in. Importing the package loads
# none of them: ``claude-3-sonnet --version`` starts in a few milliseconds,
# and a name's module (the generated models, the HTTP stack) loads on first use.
_LAZY = {
    "APIConnectionError": ".core.errors",
    "APIError": ".core.errors",
    "APIStatusError": ".core.errors",
    "APIStreamError": ".core.errors",
    "APITimeoutError": ".core.errors",
    "AsyncClaude3Sonnet": ".transport.async_client",
    "AsyncStream": ".transport.streams",
    "AsyncStreamManager": ".transport.async_client",
    "AsyncStreamingResponse": ".transport.raw",
    "AuthenticationError": ".core.errors",
    "BadRequestError": ".core.errors",
    "ChatCompletion": "claude_3_sonnet_client.models",
    "ChatCompletionChunk": "claude_3_sonnet_client.models",
    "Claude3Sonnet": ".transport.sync_client",
    "Claude3SonnetError": ".core.errors",
    "ConfigurationError": ".core.errors",
    "ConversationError": ".core.errors",
    "CreateKwargs": ".transport.options",
    "DEFAULT_BASE_URL": ".core.config",
    "DEFAULT_MODEL": ".core.config",
    "ImageError": ".core.errors",
    "InternalServerError": ".core.errors",
    "NOT_GIVEN": ".core.request",
    "NoTextError": ".core.errors",
    "NotFoundError": ".core.errors",
    "NotGiven": ".core.request",
    "PermissionDeniedError": ".core.errors",
    "RateLimitError": ".core.errors",
    "RawResponse": ".transport.raw",
    "RequestOptions": ".transport.options",
    "RequestValidationError": ".core.errors",
    "ResponseLimits": ".core.config",
    "ResponseTooLargeError": ".core.errors",
    "ResponseValidationError": ".core.errors",
    "RetryPolicy": ".core.retry",
    "SettingsKwargs": ".transport.options",
    "Stream": ".transport.streams",
    "StreamManager": ".transport.sync_client",
    "StreamingResponse": ".transport.raw",
    "ToolArgumentsError": ".core.errors",
    "ToolDefinitionError": ".core.errors",
    "ToolLoopError": ".core.errors",
    "ToolRun": ".core.tool_loop",
    "UsageSnapshot": ".core.usage",
    "Violation": ".core.validation",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
