"""Scripted outcomes: what the mock answers to the next requests, queued by a test.

The mock's own answers are a fixed function of the request ("You said:
..."). A test of an application needs the model to say a given thing, call
a given tool, or fail in a given way, on the Nth call. :class:`Script` is a
first-in, first-out queue of such steps, kept in the app's state and read
by every chat request, so it works the same for a mock in a thread, in
process without a socket, or (through ``/_mock/script``) in a child
process::

    server.script.reply("Sunny, 18 C")                            # the next answer
    server.script.reply(tool_calls=[("get_weather", {"city": "Paris"})])
    server.script.error(429, retry_after=0, times=2).reply("At last")
    server.script.drop(after=3)                                     # a stream cut short
    server.script.delay(1.5)                                        # a slow answer

Two kinds of step, taken at the point the service would produce them:

* a **failure** (``error``, ``malformed``) stands for the gateway or a
  proxy failing: the next chat request gets it whatever its key or body,
  as the ``X-Mock-Fault`` header's failures do;
* an **answer** (``reply``, ``drop``, ``delay``) is given to the next
  request that the mock answers at all, one with the right key and a
  valid body; a rejected request (401, 400) leaves it queued.

A step with ``times=N`` serves N requests before the next step starts.
With the queue empty, the mock answers as it always does. A scripted
answer is shaped exactly as the service sends it (``payloads.py``),
streamed when the request asks for ``stream: true``, with the usage chunk
when it asks for ``stream_options.include_usage``.
"""

from __future__ import annotations

import json
import math
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Self

from .generation import (
    FINISH_REASONS,
    Answer,
    ToolCall,
    count_prompt_tokens,
    derived_id,
    fingerprint,
    shape_of,
)

Stage = Literal["failure", "answer"]

MAX_STEPS = 10_000
"""Steps queued at most (also through ``/_mock/script``, so a peer cannot fill memory)."""
MAX_TIMES = 1_000_000
MAX_DELAY = 3600.0
MAX_CHUNK_DELAY = 600.0
MAX_DROP_AFTER = 1_000_000


class ScriptError(ValueError):
    """A step cannot be scripted; the message says which argument and why."""


@dataclass(frozen=True, slots=True)
class ScriptedReply:
    """The content of a scripted answer."""

    text: str = ""
    """The message's ``content``."""
    tool_calls: tuple[tuple[str, str], ...] = ()
    """``(name, arguments as JSON text)`` per call, reported OpenAI-style as the gateway does."""
    finish_reason: str | None = None
    """``None``: ``tool_calls`` with calls, else the request's shape's own end reason
    (``end_turn`` for an Anthropic-shaped request, ``stop`` for an OpenAI-shaped one)."""
    usage: tuple[int, int] | None = None
    """``(prompt_tokens, completion_tokens)``; ``None``: counted as the mock counts them."""
    reasoning: str = ""
    """``reasoning_content``, streamed before the answer."""

    def __post_init__(self) -> None:
        _check_type("text", self.text, str)
        _check_type("reasoning", self.reasoning, str)
        for index, call in enumerate(self.tool_calls):
            if not (
                isinstance(call, tuple)
                and len(call) == 2
                and all(isinstance(part, str) for part in call)
                and call[0]
            ):
                raise ScriptError(
                    f"tool_calls[{index}]: expected (name, arguments JSON text), got {call!r}"
                )
        if self.finish_reason is not None and (
            not isinstance(self.finish_reason, str) or not self.finish_reason
        ):
            raise ScriptError(
                f"finish_reason: expected a non-empty string, got {self.finish_reason!r}"
            )
        if self.usage is not None and not (
            isinstance(self.usage, tuple)
            and len(self.usage) == 2
            and all(_is_count(n) for n in self.usage)
        ):
            raise ScriptError(
                f"usage: expected (prompt_tokens, completion_tokens), two whole numbers >= 0, "
                f"got {self.usage!r}"
            )

    def answer(self, request: Mapping[str, Any]) -> Answer:
        """The answer to ``request`` (a valid body), ids and counts derived as the mock's own."""
        digest = fingerprint(request)
        shape = shape_of(request)
        prefix = "call_" if shape == "openai" else "toolu_"
        calls = tuple(
            ToolCall(derived_id(prefix, digest, "scripted", str(i), name), name, arguments)
            for i, (name, arguments) in enumerate(self.tool_calls)
        )
        if self.finish_reason is not None:
            finish = self.finish_reason
        else:
            finish = "tool_calls" if calls else FINISH_REASONS[shape]["end"]
        if self.usage is not None:
            prompt, completion = self.usage
        else:
            prompt = count_prompt_tokens(request)
            completion = len(self.text.split()) + len(calls)
        return Answer(
            id=derived_id("msg_", digest, "scripted", self.text),
            content=self.text,
            tool_calls=calls,
            finish_reason=finish,
            prompt_tokens=prompt,
            completion_tokens=completion,
            reasoning=self.reasoning,
        )


@dataclass(frozen=True, slots=True)
class ScriptedError:
    """A scripted failure: an error status, a proxy's HTML page, or broken JSON."""

    status: int = 500
    """400..599 (with ``malformed``, ignored: the answer is ``201``)."""
    message: str | None = None
    """The error body's ``message``; ``None``: what the service says for this status."""
    retry_after: int | None = None
    """``Retry-After`` seconds (a ``429`` gets ``1`` when not given)."""
    retry_after_ms: int | None = None
    """Also send ``retry-after-ms``."""
    html: bool = False
    """Answer with nginx's HTML error page instead of the service's JSON."""
    malformed: bool = False
    """Answer ``201`` with a body that is not valid JSON."""

    def __post_init__(self) -> None:
        if not (_is_count(self.status) and 400 <= self.status <= 599):
            raise ScriptError(
                f"status: expected an error status from 400 to 599, got {self.status!r}"
            )
        if self.message is not None:
            _check_type("message", self.message, str)
        for name, value, high in (
            ("retry_after", self.retry_after, 86_400),
            ("retry_after_ms", self.retry_after_ms, 86_400_000),
        ):
            if value is not None and not (_is_count(value) and value <= high):
                raise ScriptError(
                    f"{name}: expected a whole number from 0 to {high}, got {value!r}"
                )
        _check_type("html", self.html, bool)
        _check_type("malformed", self.malformed, bool)


@dataclass(frozen=True, slots=True)
class Step:
    """One scripted outcome, for ``times`` requests in a row."""

    reply: ScriptedReply | None = None
    """What to answer; ``None`` (and no ``error``): the mock's own answer."""
    error: ScriptedError | None = None
    """Fail instead of answering."""
    delay: float = 0.0
    """Seconds to wait before answering (or failing)."""
    chunk_delay: float = 0.0
    """Seconds between stream events."""
    drop_after: int | None = None
    """Cut the connection after this many stream events (or body bytes of a plain answer)."""
    times: int = 1
    """How many requests in a row get this outcome."""

    def __post_init__(self) -> None:
        if self.reply is not None and not isinstance(self.reply, ScriptedReply):
            raise ScriptError(f"reply: expected a ScriptedReply, got {self.reply!r}")
        if self.error is not None and not isinstance(self.error, ScriptedError):
            raise ScriptError(f"error: expected a ScriptedError, got {self.error!r}")
        if self.error is not None and (self.reply is not None or self.drop_after is not None):
            raise ScriptError("error: a failure cannot also carry a reply or drop_after")
        _check_seconds("delay", self.delay, MAX_DELAY)
        _check_seconds("chunk_delay", self.chunk_delay, MAX_CHUNK_DELAY)
        if self.drop_after is not None and not (
            _is_count(self.drop_after) and self.drop_after <= MAX_DROP_AFTER
        ):
            raise ScriptError(
                f"drop_after: expected a whole number from 0 to {MAX_DROP_AFTER}, "
                f"got {self.drop_after!r}"
            )
        if not (_is_count(self.times) and 1 <= self.times <= MAX_TIMES):
            raise ScriptError(
                f"times: expected a whole number from 1 to {MAX_TIMES}, got {self.times!r}"
            )

    @property
    def stage(self) -> Stage:
        """``failure``: taken by the next request; ``answer``: by the next one answered."""
        return "failure" if self.error is not None else "answer"

    def describe(self) -> str:
        """A short label, recorded on the requests it served (``reply 'Hi'``, ``error 429``)."""
        if self.error is not None:
            error = self.error
            if error.malformed:
                parts = ["malformed JSON"]
            else:
                parts = [f"{'HTML ' if error.html else ''}error {error.status}"]
        elif self.reply is not None:
            reply = self.reply
            names = ", ".join(name for name, _ in reply.tool_calls)
            parts = [f"reply {_abridged(reply.text)}" + (f" calling {names}" if names else "")]
        else:
            parts = ["own answer"]
        if self.delay:
            parts.append(f"after {self.delay:g} s")
        if self.chunk_delay:
            parts.append(f"{self.chunk_delay:g} s between events")
        if self.drop_after is not None:
            parts.append(f"dropped after {self.drop_after}")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The step as JSON, the body ``POST /_mock/script`` takes."""
        value: dict[str, Any] = {"times": self.times}
        if self.reply is not None:
            reply = self.reply
            value["reply"] = {
                "text": reply.text,
                "tool_calls": [{"name": n, "arguments": a} for n, a in reply.tool_calls],
                "finish_reason": reply.finish_reason,
                "usage": list(reply.usage) if reply.usage is not None else None,
                "reasoning": reply.reasoning,
            }
        if self.error is not None:
            error = self.error
            value["error"] = {
                "status": error.status,
                "message": error.message,
                "retry_after": error.retry_after,
                "retry_after_ms": error.retry_after_ms,
                "html": error.html,
                "malformed": error.malformed,
            }
        if self.delay:
            value["delay"] = self.delay
        if self.chunk_delay:
            value["chunk_delay"] = self.chunk_delay
        if self.drop_after is not None:
            value["drop_after"] = self.drop_after
        return value

    @classmethod
    def from_json(cls, value: Any) -> Step:
        """A step from the JSON of :meth:`to_json`; anything else is a :class:`ScriptError`."""
        fields = _object(
            "step", value, {"reply", "error", "delay", "chunk_delay", "drop_after", "times"}
        )
        reply = None
        if fields.get("reply") is not None:
            raw = _object(
                "reply",
                fields["reply"],
                {"text", "tool_calls", "finish_reason", "usage", "reasoning"},
            )
            calls = raw.get("tool_calls") or []
            if not isinstance(calls, list):
                raise ScriptError(f"reply.tool_calls: expected a list, got {calls!r}")
            usage = raw.get("usage")
            if isinstance(usage, list) and len(usage) == 2:
                usage = (usage[0], usage[1])
            reply = ScriptedReply(
                text=raw.get("text", ""),
                tool_calls=tuple(_tool_call(i, c) for i, c in enumerate(calls)),
                finish_reason=raw.get("finish_reason"),
                usage=usage,
                reasoning=raw.get("reasoning", ""),
            )
        error = None
        if fields.get("error") is not None:
            raw = _object(
                "error",
                fields["error"],
                {"status", "message", "retry_after", "retry_after_ms", "html", "malformed"},
            )
            error = ScriptedError(**raw)
        return cls(
            reply=reply,
            error=error,
            delay=fields.get("delay", 0.0),
            chunk_delay=fields.get("chunk_delay", 0.0),
            drop_after=fields.get("drop_after"),
            times=fields.get("times", 1),
        )


def tool_calls_of(
    calls: Sequence[tuple[str, Mapping[str, Any] | str]],
) -> tuple[tuple[str, str], ...]:
    """``(name, arguments)`` pairs with the arguments as JSON text.

    A mapping is serialised; a string is kept as it is, so a test can
    script arguments that are not JSON, or do not fit the tool's schema,
    and see how the application copes.
    """
    if isinstance(calls, str | bytes) or not isinstance(calls, Sequence):
        raise ScriptError(f"tool_calls: expected a list of (name, arguments) pairs, got {calls!r}")
    found = []
    for index, call in enumerate(calls):
        if not (isinstance(call, tuple | list) and len(call) == 2 and isinstance(call[0], str)):
            raise ScriptError(f"tool_calls[{index}]: expected (name, arguments), got {call!r}")
        name, arguments = call
        if isinstance(arguments, Mapping):
            try:
                arguments = json.dumps(dict(arguments), ensure_ascii=False, allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise ScriptError(f"tool_calls[{index}]: arguments are not JSON: {exc}") from None
        elif not isinstance(arguments, str):
            raise ScriptError(
                f"tool_calls[{index}]: arguments must be a mapping or JSON text, got {arguments!r}"
            )
        found.append((name, arguments))
    return tuple(found)


@dataclass(slots=True)
class _Queued:
    step: Step
    left: int = field(init=False)

    def __post_init__(self) -> None:
        self.left = self.step.times


class Script:
    """The queue of scripted outcomes (thread-safe); every method but ``take`` is for tests.

    The builders (``reply``, ``error``, ``malformed``, ``drop``, ``delay``)
    append one step and return the script, so steps chain:
    ``script.error(503).reply("ok")``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[_Queued] = deque()

    # -- building ---------------------------------------------------------------
    def add(self, step: Step) -> Self:
        """Append a step (the builders below make them)."""
        return self.extend([step])

    def extend(self, steps: Sequence[Step]) -> Self:
        """Append several steps, all or none."""
        if not all(isinstance(step, Step) for step in steps):
            raise ScriptError(f"expected Steps, got {list(steps)!r}")
        with self._lock:
            if len(self._queue) + len(steps) > MAX_STEPS:
                raise ScriptError(f"the script holds {MAX_STEPS} steps at most")
            self._queue.extend(_Queued(step) for step in steps)
        return self

    def reply(
        self,
        text: str = "",
        *,
        tool_calls: Sequence[tuple[str, Mapping[str, Any] | str]] = (),
        finish_reason: str | None = None,
        usage: tuple[int, int] | None = None,
        reasoning: str = "",
        delay: float = 0.0,
        chunk_delay: float = 0.0,
        drop_after: int | None = None,
        times: int = 1,
    ) -> Self:
        """The next answer: ``text``, and/or ``tool_calls`` as ``(name, arguments)`` pairs.

        ``finish_reason`` and ``usage`` (``(prompt_tokens, completion_tokens)``)
        default to what the mock would report; ``delay`` waits before
        answering, ``chunk_delay`` between stream events, and ``drop_after``
        cuts the connection after that many events (or body bytes).
        """
        reply = ScriptedReply(
            text=text,
            tool_calls=tool_calls_of(tool_calls),
            finish_reason=finish_reason,
            usage=usage,
            reasoning=reasoning,
        )
        return self.add(
            Step(
                reply=reply,
                delay=delay,
                chunk_delay=chunk_delay,
                drop_after=drop_after,
                times=times,
            )
        )

    def error(
        self,
        status: int = 500,
        message: str | None = None,
        *,
        retry_after: int | None = None,
        retry_after_ms: int | None = None,
        html: bool = False,
        delay: float = 0.0,
        times: int = 1,
    ) -> Self:
        """The next request fails with ``status`` (400..599), whatever its key or body.

        The body is the service's JSON error with ``message`` (default: the
        service's words for the status), or nginx's HTML page with
        ``html=True``. A ``429`` carries ``Retry-After`` (``retry_after``,
        default 1 s).
        """
        error = ScriptedError(
            status=status,
            message=message,
            retry_after=retry_after,
            retry_after_ms=retry_after_ms,
            html=html,
        )
        return self.add(Step(error=error, delay=delay, times=times))

    def malformed(self, *, times: int = 1) -> Self:
        """The next request gets ``201`` with a JSON body cut in the middle."""
        return self.add(Step(error=ScriptedError(malformed=True), times=times))

    def drop(self, after: int = 0, *, times: int = 1) -> Self:
        """The next answer is cut off: after ``after`` stream events, or bytes of a plain body.

        The client sees the connection close mid-answer, as when a proxy dies.
        """
        return self.add(Step(drop_after=after, times=times))

    def delay(self, seconds: float, *, times: int = 1) -> Self:
        """The next answer (the mock's own) comes after ``seconds``: for timeouts and retries."""
        return self.add(Step(delay=seconds, times=times))

    # -- reading ----------------------------------------------------------------
    @property
    def pending(self) -> int:
        """How many more requests the script will serve (0: the mock answers as usual)."""
        with self._lock:
            return sum(queued.left for queued in self._queue)

    def steps(self) -> list[tuple[Step, int]]:
        """The queued steps and how many requests each still serves, next first."""
        with self._lock:
            return [(queued.step, queued.left) for queued in self._queue]

    def clear(self) -> None:
        """Drop every queued step."""
        with self._lock:
            self._queue.clear()

    def take(self, stage: Stage) -> Step | None:
        """The next step if it belongs to ``stage``, counted as used; else ``None`` (the app's call)."""
        with self._lock:
            if not self._queue:
                return None
            head = self._queue[0]
            if head.step.stage != stage:
                return None
            head.left -= 1
            if head.left <= 0:
                self._queue.popleft()
            return head.step

    def __repr__(self) -> str:
        steps = self.steps()
        listed = "; ".join(f"{step.describe()} x{left}" for step, left in steps)
        return f"Script({listed or 'empty'})"


# -- checks ------------------------------------------------------------------------


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_type(name: str, value: Any, kind: type) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ScriptError(f"{name}: expected {kind.__name__}, got {value!r}")


def _check_seconds(name: str, value: Any, high: float) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (math.isfinite(value) and 0 <= value <= high)
    ):
        raise ScriptError(f"{name}: expected a number of seconds from 0 to {high:g}, got {value!r}")


def _abridged(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _object(name: str, value: Any, known: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScriptError(f"{name}: expected an object, got {type(value).__name__}")
    unknown = sorted(set(value) - known)
    if unknown:
        raise ScriptError(f"{name}: unknown field(s) {', '.join(map(repr, unknown))}")
    return value


def _tool_call(index: int, value: Any) -> tuple[str, str]:
    raw = _object(f"reply.tool_calls[{index}]", value, {"name", "arguments"})
    name, arguments = raw.get("name"), raw.get("arguments", "{}")
    if not isinstance(name, str):
        raise ScriptError(f"reply.tool_calls[{index}].name: expected a string, got {name!r}")
    return tool_calls_of([(name, arguments)])[0]
