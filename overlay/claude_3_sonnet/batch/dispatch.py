"""Send one request of a batch until it has a record: the retry loop and the record.

The client is given ``max_retries=0`` and this loop owns the retries, for
one reason: a 429 must reach the batch's shared pause *at once*. If the
client retried on its own, a worker would sleep privately through the
``Retry-After`` while every other worker kept sending into the limit (and
held a concurrency slot while it slept). The decisions themselves are the
client's, from ``core.retry``: which statuses are retryable, the jittered
exponential backoff, ``Retry-After`` honoured and capped.

What becomes of a failure:

* 429: every worker pauses (the shared back-off) for the client's retry
  delay: the backoff, or the server's ``Retry-After`` when longer (capped at
  60 s); the concurrency is halved, and the request is sent again.
* 503 (and 529): the concurrency is halved; retried after a backoff.
* Other retryable failures (408, 409, 5xx, a timeout): retried after a backoff.
* 401, 403, 404, or a connection failure that outlasts the retries: the
  whole run stops (:class:`Fatal`). Every other record would fail the same
  way, and a rerun resumes once the key, the credits or the network are back.
* Anything else (400, an unparseable answer), or retries used up: an error
  record with the status, the service's message and the attempts made.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal, Protocol

import attrs

from claude_3_sonnet_client.models import ChatCompletion

from ..core.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from ..core.retry import (
    RetryPolicy,
    is_retryable_status,
    retry_delay,
)
from ..core.tool_loop import text_of
from ..core.usage import UsageTotals
from .errors import InputProblem
from .limits import AdaptiveLimit
from .records import Request

Kind = Literal["fatal", "rate_limited", "overloaded", "transient", "unreachable", "final"]
OVERLOAD_STATUSES = frozenset({503, 529})
DEFAULT_MAX_RETRIES = 6
"""Per record: with the shared pause, a burst of 429s costs a few retries each."""


class Fatal(Exception):
    """A failure that stops the whole run; ``error`` is the service's answer."""

    def __init__(self, error: APIError) -> None:
        super().__init__(error.message)
        self.error = error


class Abandoned(Exception):
    """The run is stopping and this request was not sent yet: it gets no record (a rerun sends it)."""


class Limits(Protocol):
    """Rate limits and the shared pause (a :class:`.limits.Schedule`), here or on a Ray actor."""

    async def reserve(self, tokens: int) -> float:
        """Book a request of about ``tokens`` tokens; seconds to wait before sending it."""

    async def paused_for(self) -> float:
        """Seconds left of the shared pause."""

    async def adjust(self, tokens: int) -> None:
        """The answer used ``tokens`` more than booked (fewer: negative)."""

    async def pause(self, seconds: float) -> None:
        """No request of the run may start for ``seconds``."""


Send = Callable[..., Awaitable[ChatCompletion]]
"""``client.chat.completions.create``, or a stand-in for it."""


@attrs.frozen
class Prices:
    """USD per million tokens, for an estimate of the cost; ``None``: no estimate."""

    input: float | None = None
    output: float | None = None

    def estimate(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        if self.input is None and self.output is None:
            return None
        return (
            prompt_tokens * (self.input or 0.0) + completion_tokens * (self.output or 0.0)
        ) / 1e6


def classify(error: APIError) -> Kind:
    """What a failed attempt means for the record and the run."""
    if isinstance(error, AuthenticationError | PermissionDeniedError | NotFoundError):
        return "fatal"
    if isinstance(error, RateLimitError):
        return "rate_limited"
    status = getattr(error, "status_code", None)
    if isinstance(error, APIStatusError | APIStreamError) and isinstance(status, int):
        if status in OVERLOAD_STATUSES:
            return "overloaded"
        return "transient" if is_retryable_status(status) else "final"
    if isinstance(error, APITimeoutError):
        return "transient"
    if isinstance(error, APIConnectionError):
        return "unreachable"
    return "final"


def _headers(error: APIError) -> dict[str, str]:
    headers: Mapping[str, str] = getattr(error, "headers", None) or {}
    return {k.lower(): v for k, v in headers.items()}


@attrs.define
class Dispatcher:
    """Turns requests into records, sharing limits with every other request of the run."""

    send: Send
    limits: Limits
    concurrency: AdaptiveLimit
    policy: RetryPolicy = attrs.field(factory=lambda: RetryPolicy(max_retries=DEFAULT_MAX_RETRIES))
    shared_backoff: bool = True
    text_only: bool = False
    prices: Prices = attrs.field(factory=Prices)
    stopping: asyncio.Event = attrs.field(factory=asyncio.Event)
    """Set when the run stops: what is not sent yet is abandoned, what is in flight finishes."""
    rate_limited: int = 0
    """429 answers seen by this dispatcher."""

    async def _wait(self, seconds: float) -> None:
        """Sleep ``seconds``, unless the run stops first: then :class:`Abandoned`."""
        if seconds > 0 and not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), seconds)
        if self.stopping.is_set():
            raise Abandoned

    async def _acquire(self, tokens: int) -> None:
        """Wait until the limits and the shared pause let a request go."""
        delay = await self.limits.reserve(tokens)
        while delay > 0:
            await self._wait(delay)
            delay = await self.limits.paused_for()  # a 429 elsewhere while this one waited
        if self.stopping.is_set():
            raise Abandoned

    async def process(self, request: Request) -> dict[str, Any]:
        """Send until there is a record: the answer's, or the error's after retries.

        Raises :class:`Fatal` when the run must stop, :class:`Abandoned` when it is
        stopping and this request has not been sent (again) yet.
        """
        attempt = 0
        while True:
            attempt += 1
            async with self.concurrency.slot() as started:
                await self._acquire(request.tokens)
                try:
                    completion = await self.send(**request.params)
                except APIError as exc:
                    error = exc
                else:
                    await self.concurrency.succeeded()
                    record = ok_record(request, completion, attempt, self.prices, self.text_only)
                    used = record["usage"]["total_tokens"]
                    if used:
                        await self.limits.adjust(used - request.tokens)
                    return record
            kind = classify(error)
            if kind == "fatal":
                raise Fatal(error)
            if kind == "rate_limited":
                self.rate_limited += 1
                await self.limits.adjust(-request.tokens)  # refused: nothing was used
            if kind in ("rate_limited", "overloaded"):
                self.concurrency.overloaded(started)
            if kind == "final" or attempt > self.policy.max_retries:
                if kind == "unreachable":
                    raise Fatal(error)
                return error_record(request, error, attempt)
            # The client's own rule: the backoff, or longer if the server asks (capped),
            # never shorter: a Retry-After of 0 must not turn retries into a burst.
            delay = retry_delay(self.policy, attempt, _headers(error))
            if kind == "rate_limited" and self.shared_backoff:
                await self.limits.pause(delay)  # everyone waits, this request in _acquire()
            else:
                await self._wait(delay)


def _kept_first(request: Request | InputProblem, status: str) -> dict[str, Any]:
    kept = request.kept if isinstance(request, Request) else {}
    return {"id": request.id, "status": status, **kept}


def ok_record(
    request: Request,
    completion: ChatCompletion,
    attempts: int,
    prices: Prices,
    text_only: bool = False,
) -> dict[str, Any]:
    """The record of an answer: its text, usage, cost, and (unless text only) all of it."""
    totals = UsageTotals()
    totals.record(completion)
    usage = totals.snapshot()
    total = usage.total_tokens or usage.prompt_tokens + usage.completion_tokens
    finish = completion.choices[0].finish_reason if completion.choices else None
    record = _kept_first(request, "ok")
    record.update(
        text=text_of(completion),
        finish_reason=finish if isinstance(finish, str) else None,
        usage={
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "total_tokens": total,
        },
        cost={
            "usd": usage.usd_spent,
            "credits": usage.credits_used,
            "estimated_usd": prices.estimate(usage.prompt_tokens, usage.completion_tokens),
        },
        attempts=attempts,
    )
    if not text_only:
        record["completion"] = completion.to_dict()
    return record


def error_record(request: Request, error: APIError, attempts: int) -> dict[str, Any]:
    """The record of a request that failed for good (the message is already key-free)."""
    record = _kept_first(request, "error")
    record["error"] = {
        "type": type(error).__name__,
        "status_code": getattr(error, "status_code", None),
        "message": " ".join(error.message.split()),
    }
    record["attempts"] = attempts
    return record


def invalid_record(problem: InputProblem) -> dict[str, Any]:
    """The record of an input line that cannot be sent (``--on-invalid record``)."""
    record = _kept_first(problem, "error")
    record["error"] = {
        "type": "InvalidInput",
        "status_code": None,
        "message": problem.message,
        "line": problem.line,
    }
    record["attempts"] = 0
    return record
