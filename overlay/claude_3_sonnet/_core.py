"""What the sync and async clients share: settings, headers and call preparation.

Everything here is I/O-free. A client subclass adds only its transport loop
(``_run``), which sends, hands each outcome to ``Attempts`` and sleeps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs
import httpx

from claude_3_sonnet_client.models import ChatCompletion

from . import __version__
from ._config import (
    COMPLETIONS_PATH,
    DEFAULT_MODEL,
    DEFAULT_TIMEOUT,
    check_max_retries,
    check_timeout,
    redact,
    resolve_api_key,
    resolve_base_url,
    scrub_error,
)
from ._errors import APIError
from ._request import NOT_GIVEN, Attempts, NotGiven, build_body, check_body, encode
from ._response import parse_completion
from ._retry import RetryPolicy
from ._usage import UsageTotals

TimeoutTypes = float | httpx.Timeout | None


@attrs.frozen
class Call:
    """One logical call, ready to send (and re-send) as is."""

    request: httpx.Request
    policy: RetryPolicy
    stream: bool
    secret: str = attrs.field(repr=False)

    def attempts(self) -> Attempts:
        return Attempts(self.policy, self.secret)


HttpClient = TypeVar("HttpClient", httpx.Client, httpx.AsyncClient)


class ClientCore(Generic[HttpClient]):
    """Settings, the HTTP client and request preparation common to both clients."""

    _http: HttpClient

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx.URL | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int,
        http_client: HttpClient | None,
        default_headers: Mapping[str, str] | None,
        validate: bool,
    ) -> None:
        if isinstance(timeout, NotGiven) and http_client is not None:
            timeout = http_client.timeout  # the caller's client, the caller's timeout
        self._api_key = resolve_api_key(api_key)
        self.base_url = resolve_base_url(base_url)
        check_max_retries(max_retries)
        if not isinstance(timeout, NotGiven):
            check_timeout(timeout)
        self.timeout: TimeoutTypes = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        self.retry_policy = RetryPolicy(max_retries=max_retries)
        self.validate = validate
        self.usage = UsageTotals()
        # Parsed once: httpx re-parses a URL string on every request (~10 us).
        self._url = httpx.URL(self.base_url + COMPLETIONS_PATH)
        self._headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"claude-3-sonnet-python/{__version__}",
            **(default_headers or {}),
        }
        self._stream_headers = {**self._headers, "Accept": "text/event-stream"}
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else self._new_http_client()

    def _new_http_client(self) -> HttpClient:
        """The HTTP client to create when the caller passes none."""
        raise NotImplementedError

    @property
    def max_retries(self) -> int:
        return self.retry_policy.max_retries

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key={redact(self._api_key)!r})"
        )

    def _prepare(self, kwargs: dict[str, Any], *, stream: bool) -> Call:
        """A ready ``Call`` from ``create()``'s keyword arguments.

        The per-call options are taken out; everything else is a request
        field, checked against the contract.
        """
        timeout = kwargs.pop("timeout", NOT_GIVEN)
        max_retries = kwargs.pop("max_retries", NOT_GIVEN)
        extra_headers = kwargs.pop("extra_headers", None)
        extra_body = kwargs.pop("extra_body", None)
        if "messages" not in kwargs:
            raise TypeError("create() missing required keyword argument: 'messages'")
        kwargs.setdefault("model", DEFAULT_MODEL)
        body = build_body(kwargs, extra_body)
        if stream:
            body["stream"] = True
        if self.validate:
            check_body(body)
        headers = self._stream_headers if stream else self._headers
        if extra_headers:
            headers = {**headers, **extra_headers}
        if not isinstance(timeout, NotGiven):
            check_timeout(timeout)
        request = self._http.build_request(
            "POST",
            self._url,
            content=encode(body),
            headers=headers,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
        )
        policy = self.retry_policy
        if not isinstance(max_retries, NotGiven) and max_retries != policy.max_retries:
            check_max_retries(max_retries)
            policy = RetryPolicy(max_retries=max_retries)
        return Call(request=request, policy=policy, stream=stream, secret=self._api_key)

    def _parse(self, response: httpx.Response) -> ChatCompletion:
        """A read success response's completion, counted in the usage totals."""
        try:
            completion = parse_completion(response)
        except APIError as exc:
            raise self._scrubbed(exc) from None
        self.usage.record(completion)
        return completion

    def _scrubbed(self, error: APIError) -> APIError:
        """Make sure no text of the error can reveal the key."""
        return scrub_error(error, self._api_key)
