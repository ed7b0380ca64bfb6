"""The service's error bodies and messages, and a proxy's HTML error page.

The service answers errors as ``{"statusCode": N, "message": "..."}`` with
the messages collected in FACTS.md; the mock says the same so a client's
error mapping is tested against real wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

API_KEY_MESSAGE = "This request requires a valid API key. Get one at https://aimlapi.com/app/keys"
VALIDATION_HEADLINE = "Body validation error!"

MESSAGES: dict[int, str] = {
    401: API_KEY_MESSAGE,
    403: "You've run out of credits. Please top up your balance.",
    429: "Too Many Requests",
    500: "Internal server error",
    502: "Bad Gateway",
    503: "Service unavailable",
    504: "Generation timeout",
}


def reason(status: int) -> str:
    """The HTTP reason phrase of a status (``Error N`` for unregistered ones)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


def message_for(status: int) -> str:
    """What the service says for a status it chose itself (faults, random failures)."""
    return MESSAGES.get(status, reason(status))


def error_body(status: int, message: str | None = None, **extra: Any) -> dict[str, Any]:
    """``{"statusCode": N, "message": ...}``, the service's error shape."""
    return {
        "statusCode": status,
        "message": message_for(status) if message is None else message,
        **extra,
    }


def validation_message(lines: Iterable[str]) -> str:
    """``Body validation error!`` followed by one line per problem."""
    return "\n".join([VALIDATION_HEADLINE, *lines])


def not_found_body(method: str, path: str) -> dict[str, Any]:
    """What the service (a NestJS app) says for an unknown endpoint or method."""
    return error_body(404, f"Cannot {method} {path}", error="Not Found")


def html_page(status: int) -> str:
    """The error page nginx serves when it cannot reach the service."""
    title = f"{status} {reason(status)}"
    return (
        f"<html><head><title>{title}</title></head><body><center><h1>{title}</h1></center>"
        "<hr><center>nginx</center></body></html>"
    )
