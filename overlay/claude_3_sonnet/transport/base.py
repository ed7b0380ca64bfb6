"""What the sync and async clients share: settings, request preparation, error finishing.

Nothing here sends or sleeps. A client subclass adds its transport loop
(``_run``): send, hand each outcome to ``core.retry.Attempts``, sleep, and
read the body within the call's budget and limits.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from collections.abc import Mapping
from typing import Any, Generic, Self, TypeVar

import attrs
import httpx2

from .._version import __version__
from ..core.config import (
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MODEL,
    DEFAULT_TOTAL_TIMEOUT,
    LOG_VARIABLE,
    ResponseLimits,
    check_max_retries,
    check_seconds,
    endpoint_url,
    resolve_api_key,
    resolve_base_url,
)
from ..core.contract import chat_method, chat_path
from ..core.decoding import ACCEPT_ENCODING
from ..core.errors import (
    APIError,
    APIStatusError,
    APIStreamError,
    ConfigurationError,
    RequestValidationError,
)
from ..core.request import NOT_GIVEN, NotGiven, build_body, check_body, encode
from ..core.response import parse_completion, status_error
from ..core.retry import Attempts, RetryPolicy, is_retryable_status
from ..core.secrets import protect, redact, release, scrub, scrub_data, scrub_error
from ..core.usage import UsageTotals
from .http import Budget, connection_error, library_of

logger = logging.getLogger("claude_3_sonnet")

DEFAULT_TIMEOUT = httpx2.Timeout(600.0, connect=10.0)
"""Per operation (connect, each read): generous for a long answer; the total budget
(``total_timeout``) is what bounds a whole call."""

TimeoutTypes = float | httpx2.Timeout | None
SECRET_HEADERS = frozenset({"authorization", "x-api-key", "proxy-authorization", "cookie"})


def _timeout(value: Any) -> httpx2.Timeout | None:
    if value is None:
        return None
    if isinstance(value, httpx2.Timeout):
        return value
    if type(value).__name__ == "Timeout" and hasattr(value, "as_dict"):  # httpx's own
        return httpx2.Timeout(**value.as_dict())
    seconds = check_seconds("timeout", value)
    return httpx2.Timeout(seconds)


def _timeout_tuple(timeout: httpx2.Timeout | None) -> tuple[float | None, ...] | None:
    """A timeout every httpx line understands (a 4-tuple), whatever the caller's client."""
    if timeout is None:
        return None
    return (timeout.connect, timeout.read, timeout.write, timeout.pool)


def redacted_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers safe to log or keep: credentials replaced."""
    return {
        name: "<redacted>" if name.lower() in SECRET_HEADERS else value
        for name, value in headers.items()
    }


def configure_logging_from_environment(environ: Mapping[str, str] = os.environ) -> None:
    """``AIMLAPI_LOG=info`` or ``debug``: log the client's lines to stderr."""
    level_name = environ.get(LOG_VARIABLE, "").strip().lower()
    if level_name in ("info", "debug"):
        _log_to_stderr(logging.DEBUG if level_name == "debug" else logging.INFO)


@functools.cache
def _log_to_stderr(level: int) -> None:
    """Once per process (and level): a stderr handler on the package's logger."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    package = logging.getLogger("claude_3_sonnet")
    package.addHandler(handler)
    package.setLevel(level)


@attrs.frozen
class Options:
    """A client's settings; ``with_options()`` makes a client with some of them changed."""

    api_key: str = attrs.field(repr=False)
    base_url: str
    timeout: httpx2.Timeout | None
    total_timeout: float | None
    idle_timeout: float | None
    max_retries: int
    default_headers: Mapping[str, str]
    default_query: Mapping[str, str]
    validate: bool
    limits: ResponseLimits


@attrs.frozen
class Call:
    """One logical call, ready to send (and re-send) as is."""

    request: Any
    policy: RetryPolicy
    stream: bool
    total_timeout: float | None
    idle_timeout: float | None
    limits: ResponseLimits
    secret: str = attrs.field(repr=False)

    def attempts(self) -> Attempts:
        started = time.monotonic()
        deadline = None if self.total_timeout is None else started + self.total_timeout
        return Attempts(self.policy, deadline=deadline, started=started)

    def budget(self, attempts: Attempts) -> Budget:
        """The time limits of one attempt: the call's deadline, and for a stream its silence."""
        return Budget(
            deadline=attempts.deadline,
            total=self.total_timeout,
            idle=self.idle_timeout if self.stream else None,
        )

    @property
    def body_limit(self) -> int:
        """The most a successful answer's body may hold."""
        return self.limits.max_stream_bytes if self.stream else self.limits.max_response_bytes


HttpClient = TypeVar("HttpClient", bound=Any)

BODY_FRAMING = frozenset({"content-encoding", "content-length", "transfer-encoding"})
"""Headers about the body as sent, false for the decoded copy an error keeps."""


class ClientCore(Generic[HttpClient]):
    """Settings, the HTTP client and request preparation common to both clients."""

    _http: HttpClient
    options: Options
    usage: UsageTotals

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        total_timeout: float | None = DEFAULT_TOTAL_TIMEOUT,
        idle_timeout: float | None = DEFAULT_IDLE_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: Any = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, str] | None = None,
        validate: bool = True,
        limits: ResponseLimits | None = None,
    ) -> None:
        """``api_key`` defaults to ``AIMLAPI_API_KEY`` (or ``AIML_API_KEY``), ``base_url``
        to ``AIMLAPI_BASE_URL`` (or ``https://api.aimlapi.com``). ``http_client`` is an
        httpx2 client of the right kind (sync or async), or an httpx one; the README says
        the rest."""
        configure_logging_from_environment()
        if isinstance(timeout, NotGiven):
            timeout = (
                getattr(http_client, "timeout", DEFAULT_TIMEOUT) if http_client else DEFAULT_TIMEOUT
            )
        if limits is not None and not isinstance(limits, ResponseLimits):
            raise ConfigurationError(f"limits must be a ResponseLimits, got {limits!r}")
        options = Options(
            api_key=resolve_api_key(api_key),
            base_url=resolve_base_url(base_url),
            timeout=_timeout(timeout),
            total_timeout=check_seconds("total_timeout", total_timeout),
            idle_timeout=check_seconds("idle_timeout", idle_timeout),
            max_retries=check_max_retries(max_retries),
            default_headers=dict(default_headers or {}),
            default_query=dict(default_query or {}),
            validate=bool(validate),
            limits=limits or DEFAULT_LIMITS,
        )
        owns = http_client is None
        http = http_client if http_client is not None else self._new_http_client(options)
        self._setup(options, http, owns, UsageTotals())
        self._finish_setup()

    def _setup(self, options: Options, http: HttpClient, owns: bool, usage: UsageTotals) -> None:
        self.options = options
        self._http = http
        self._owns_http = owns
        self.usage = usage
        self._library = library_of(http)
        self._errors: tuple[type[BaseException], ...] = (self._library.RequestError,)
        self._attempt_errors: tuple[type[BaseException], ...] = (*self._errors, APIError)
        """What an attempt may raise that ``_failed_attempt`` decides about."""
        self._policy = RetryPolicy(max_retries=options.max_retries)
        # Parsed once, as the HTTP library's own objects: a URL string and a dict of
        # headers are otherwise parsed again on every request (about 18 us a call).
        lib = self._library
        self._url = lib.URL(endpoint_url(options.base_url, chat_path()))
        self._method = chat_method()
        headers = {
            "Authorization": f"Bearer {options.api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": f"claude-3-sonnet-python/{__version__}",
            **options.default_headers,
        }
        self._headers = lib.Headers(headers)
        self._stream_headers = lib.Headers({**headers, "Accept": "text/event-stream"})
        protect(options.api_key)
        self._closed = False

    def _new_http_client(self, options: Options) -> HttpClient:
        """The HTTP client to create when the caller passes none."""
        raise NotImplementedError

    def _derive(self, **changes: Any) -> Any:
        """A client of the same kind with some settings changed, sharing pool and usage."""
        unknown = set(changes) - {f.name for f in attrs.fields(Options)}
        if unknown:
            raise TypeError(f"with_options() got unknown option(s): {', '.join(sorted(unknown))}")
        if "timeout" in changes:
            changes["timeout"] = _timeout(changes["timeout"])
        for name in ("total_timeout", "idle_timeout"):
            if name in changes:
                changes[name] = check_seconds(name, changes[name])
        if "max_retries" in changes:
            check_max_retries(changes["max_retries"])
        if "api_key" in changes:
            changes["api_key"] = resolve_api_key(changes["api_key"])
        if "base_url" in changes:
            changes["base_url"] = resolve_base_url(changes["base_url"])
        clone = object.__new__(type(self))
        clone._setup(attrs.evolve(self.options, **changes), self._http, False, self.usage)
        clone._finish_setup()
        return clone

    def _finish_setup(self) -> None:
        """Build the resource objects (``chat.completions``); set by each client."""

    def with_options(self, **changes: Any) -> Self:
        """A client with some settings changed (``timeout=``, ``max_retries=``, ...).

        It shares this client's connection pool and usage totals; closing it
        closes nothing (close the original when done).
        """
        clone: Self = self._derive(**changes)
        return clone

    copy = with_options

    # -- read-only views of the settings ---------------------------------------
    @property
    def base_url(self) -> str:
        return self.options.base_url

    @property
    def timeout(self) -> httpx2.Timeout | None:
        return self.options.timeout

    @property
    def max_retries(self) -> int:
        return self.options.max_retries

    @property
    def validate(self) -> bool:
        return self.options.validate

    @property
    def api_key(self) -> str:
        """The key itself (it is never part of a repr, a log line or an error)."""
        return self.options.api_key

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.options.base_url!r}, "
            f"api_key={redact(self.options.api_key)!r})"
        )

    def _forget_key(self) -> None:
        if not self._closed:
            self._closed = True
            release(self.options.api_key)

    # -- one call ------------------------------------------------------------------
    def _prepare(self, kwargs: dict[str, Any], *, stream: bool) -> Call:
        """A ready ``Call`` from a method's keyword arguments.

        The per-call options are taken out; everything else is a request
        field, checked against the contract.
        """
        options = self.options
        timeout = kwargs.pop("timeout", NOT_GIVEN)
        total = kwargs.pop("total_timeout", NOT_GIVEN)
        idle = kwargs.pop("idle_timeout", NOT_GIVEN)
        max_retries = kwargs.pop("max_retries", NOT_GIVEN)
        extra_headers = kwargs.pop("extra_headers", None)
        extra_query = kwargs.pop("extra_query", None)
        extra_body = kwargs.pop("extra_body", None)
        if "messages" not in kwargs:
            raise TypeError("create() missing required keyword argument: 'messages'")
        if kwargs.get("model") is None:
            kwargs["model"] = DEFAULT_MODEL
        body = build_body(kwargs, extra_body)
        if stream:
            body["stream"] = True
        if options.validate:
            try:
                check_body(body)
            except RequestValidationError as exc:  # a violation quotes what it rejects
                raise scrub_error(exc, options.api_key) from None
        headers = self._stream_headers if stream else self._headers
        if extra_headers:
            headers = self._library.Headers(headers)
            headers.update(extra_headers)
        query = {**options.default_query, **(extra_query or {})}
        request_timeout = options.timeout if isinstance(timeout, NotGiven) else _timeout(timeout)
        request = self._http.build_request(
            self._method,
            self._url,
            content=encode(body),
            headers=headers,
            params=query or None,
            timeout=_timeout_tuple(request_timeout),
        )
        policy = self._policy
        if not isinstance(max_retries, NotGiven) and max_retries != policy.max_retries:
            policy = RetryPolicy(max_retries=check_max_retries(max_retries))
        return Call(
            request=request,
            policy=policy,
            stream=stream,
            total_timeout=options.total_timeout
            if isinstance(total, NotGiven)
            else check_seconds("total_timeout", total),
            idle_timeout=options.idle_timeout
            if isinstance(idle, NotGiven)
            else check_seconds("idle_timeout", idle),
            limits=options.limits,
            secret=options.api_key,
        )

    def _log(self, call: Call, response: Any, attempts: Attempts) -> None:
        """One DEBUG line per attempt (formatted only when DEBUG is on: this is the hot path)."""
        if logger.isEnabledFor(logging.DEBUG):
            request = call.request
            logger.debug(
                "%s %s -> %d (attempt %d, %.3f s) request headers %s",
                request.method,
                request.url,
                response.status_code,
                attempts.attempt,
                attempts.elapsed,
                redacted_headers(request.headers),
            )

    def _status_failure(
        self, call: Call, response: Any, content: bytes, truncated: bool
    ) -> APIStatusError:
        """The error for an error status; its ``.response`` is a detached, credential-free copy."""
        secret = call.secret
        error = status_error(
            response.status_code,
            response.reason_phrase,
            response.headers,
            content,
            secret=secret,
            truncated=truncated,
        )
        request = call.request
        error.response = httpx2.Response(
            response.status_code,
            # The content is already decoded: the copy must not claim an encoding or a length.
            headers={k: v for k, v in error.headers.items() if k.lower() not in BODY_FRAMING},
            content=scrub(content.decode("utf-8", "replace"), secret).encode("utf-8"),
            request=httpx2.Request(
                request.method,
                str(request.url),
                headers=scrub_data(redacted_headers(request.headers), secret),
            ),
        )
        return error

    def _failed_attempt(
        self, call: Call, attempts: Attempts, budget: Budget, exc: BaseException
    ) -> tuple[APIError, bool]:
        """What an exception during an attempt means: its error and whether to retry.

        A transport error is classified (a DNS or certificate failure is final);
        an error the service reported in a stream is retried like its status;
        any other ``APIError`` (a body that does not parse, a limit exceeded)
        is final and raised here, with the attempts so far.
        """
        if isinstance(exc, self._errors):
            request = call.request
            return connection_error(
                exc, self._library, budget, method=request.method, url=str(request.url)
            )
        if isinstance(exc, APIStreamError):
            status = exc.status_code
            return exc, status is not None and is_retryable_status(status)
        assert isinstance(exc, APIError)  # _attempt_errors lets nothing else in
        scrub_error(exc, call.secret)
        raise attempts.final(exc) from None

    def _parse(self, call: Call, response: Any, content: bytes) -> Any:
        """A success body's completion, counted in the usage totals."""
        completion = parse_completion(
            content, response.status_code, response.headers, secret=call.secret
        )
        self.usage.record(completion)
        return completion
