"""pytest fixtures for testing an application built on this client, against the bundled mock.

pytest loads this module in every project where ``claude-3-sonnet`` is
installed (the ``pytest11`` entry point), so it imports nothing beyond
pytest until a fixture is used, and without the ``mock`` extra it still
loads: a test that asks for a mock fixture then fails with one line saying
which extra to install. ``-p no:claude_3_sonnet`` turns the plugin off.

Fixtures (function scope; each test starts from an empty script and record):

``aiml_mock``
    A :class:`~claude_3_sonnet.mock.MockServer` on a loopback port:
    ``base_url``, ``api_key``, ``script``, ``requests``, ``last_request``,
    ``assert_all_valid()``, ``attempts(key)``, ``reset()``. Starting and
    stopping uvicorn takes about 0.2 s, so one server per distinct
    ``aiml_mock_config`` runs for the whole session and is reset (script,
    records, attempt counts, random-failure dice) before and after each
    test.
``aiml_client`` / ``aiml_async_client``
    A fresh ``Claude3Sonnet`` / ``AsyncClaude3Sonnet`` bound to ``aiml_mock``
    (its own usage totals), over HTTP pools built once per session (see
    :class:`HttpPools`). The async one works with any async test runner:
    anyio's plugin (installed with the extra), pytest-asyncio, or
    ``asyncio.run`` in a plain test.
``aiml_env``
    ``aiml_mock``, with ``AIMLAPI_API_KEY`` and ``AIMLAPI_BASE_URL`` set for
    the test, for code that builds its own client from the environment.
``aiml_inprocess``
    An :class:`~claude_3_sonnet.testing.InProcessMock`: the same app and
    controls with no socket, a new one per test.
``aiml_inprocess_client`` / ``aiml_inprocess_async_client``
    Clients bound to ``aiml_inprocess``.
``aiml_mock_config``
    The :class:`~claude_3_sonnet.mock.MockConfig` both mocks use (default:
    key ``mock-key``). Override it in a ``conftest.py`` to change the key,
    add latency or random failures.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import httpx2

    from claude_3_sonnet import AsyncClaude3Sonnet, Claude3Sonnet
    from claude_3_sonnet.mock import MockConfig, MockServer

    from .inprocess import InProcessMock

EXTRA_MODULES = ("starlette", "uvicorn")
MISSING_EXTRA = (
    "the claude_3_sonnet mock fixtures need the mock extra: pip install 'claude-3-sonnet[mock]'"
)


def _installed(name: str) -> bool:
    """Can ``name`` be imported? Answered without importing it."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a broken or half-imported module counts as missing
        return False


def _require_extra() -> None:
    """Fail the test (one line, no traceback) when the mock's dependencies are missing."""
    if not all(_installed(name) for name in EXTRA_MODULES):
        pytest.fail(MISSING_EXTRA, pytrace=False)


@pytest.fixture
def aiml_mock_config() -> MockConfig:
    """The mock's settings; override this fixture to change them."""
    _require_extra()
    from claude_3_sonnet.mock import MockConfig  # noqa: PLC0415

    return MockConfig()


@pytest.fixture(scope="session")
def aiml_mock_servers() -> Iterator[dict[MockConfig, MockServer]]:
    """The running servers, one per config, stopped at the end of the session."""
    servers: dict[MockConfig, MockServer] = {}
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def aiml_mock(
    aiml_mock_config: MockConfig, aiml_mock_servers: dict[MockConfig, MockServer]
) -> Iterator[MockServer]:
    """A mock server for this test: script it, point clients at ``base_url``."""
    _require_extra()
    from claude_3_sonnet.mock import MockServer  # noqa: PLC0415

    server = aiml_mock_servers.get(aiml_mock_config)
    if server is None or not server.running:  # first use, or a test stopped it
        server = MockServer(aiml_mock_config).start()
        aiml_mock_servers[aiml_mock_config] = server
    server.reset()
    yield server
    server.reset()


class HttpPools:
    """The HTTP clients under the socket fixtures' clients, built once per session.

    Building a client's connection pool costs about 45 ms (its TLS context
    loads the CA certificates); a fresh ``Claude3Sonnet`` over a shared pool
    costs microseconds and starts with its own usage totals. The pools are
    the ones a default client builds (the time-budget network backend, the
    default timeouts); the async one keeps no idle connection, so nothing in
    it is bound to a test's event loop, whichever runner drives the test
    (anyio's plugin, pytest-asyncio, ``asyncio.run``).
    """

    def __init__(self) -> None:
        self._sync: httpx2.Client | None = None
        self._async: httpx2.AsyncClient | None = None

    @property
    def sync(self) -> httpx2.Client:
        if self._sync is None:
            import httpx2  # noqa: PLC0415

            from claude_3_sonnet.transport.base import DEFAULT_TIMEOUT  # noqa: PLC0415
            from claude_3_sonnet.transport.http import sync_transport  # noqa: PLC0415

            self._sync = httpx2.Client(transport=sync_transport(), timeout=DEFAULT_TIMEOUT)
        return self._sync

    @property
    def async_(self) -> httpx2.AsyncClient:
        if self._async is None:
            import httpx2  # noqa: PLC0415

            from claude_3_sonnet.transport.base import DEFAULT_TIMEOUT  # noqa: PLC0415
            from claude_3_sonnet.transport.http import async_transport  # noqa: PLC0415

            limits = httpx2.Limits(max_connections=1000, max_keepalive_connections=0)
            self._async = httpx2.AsyncClient(
                transport=async_transport(limits), timeout=DEFAULT_TIMEOUT
            )
        return self._async

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()
        if self._async is not None:
            import asyncio  # noqa: PLC0415

            with contextlib.suppress(Exception):  # a stream left open belongs to a closed loop
                asyncio.run(self._async.aclose())


@pytest.fixture(scope="session")
def aiml_http_pools() -> Iterator[HttpPools]:
    """The session's HTTP pools under ``aiml_client`` and ``aiml_async_client``."""
    pools = HttpPools()
    yield pools
    pools.close()


@pytest.fixture
def aiml_client(aiml_mock: MockServer, aiml_http_pools: HttpPools) -> Iterator[Claude3Sonnet]:
    """A ``Claude3Sonnet`` bound to ``aiml_mock``."""
    from claude_3_sonnet import Claude3Sonnet  # noqa: PLC0415

    with Claude3Sonnet(
        api_key=aiml_mock.api_key, base_url=aiml_mock.base_url, http_client=aiml_http_pools.sync
    ) as client:
        yield client


@pytest.fixture
def aiml_async_client(aiml_mock: MockServer, aiml_http_pools: HttpPools) -> AsyncClaude3Sonnet:
    """An ``AsyncClaude3Sonnet`` bound to ``aiml_mock``, usable from any async test runner."""
    from claude_3_sonnet import AsyncClaude3Sonnet  # noqa: PLC0415

    return AsyncClaude3Sonnet(
        api_key=aiml_mock.api_key, base_url=aiml_mock.base_url, http_client=aiml_http_pools.async_
    )


@pytest.fixture
def aiml_env(aiml_mock: MockServer, monkeypatch: pytest.MonkeyPatch) -> MockServer:
    """``aiml_mock``, with the environment pointing ``Claude3Sonnet()`` at it."""
    monkeypatch.setenv("AIMLAPI_API_KEY", aiml_mock.api_key)
    monkeypatch.setenv("AIMLAPI_BASE_URL", aiml_mock.base_url)
    monkeypatch.delenv("AIML_API_KEY", raising=False)
    return aiml_mock


@pytest.fixture
def aiml_inprocess(aiml_mock_config: MockConfig) -> Iterator[InProcessMock]:
    """A mock with no socket, new for this test."""
    _require_extra()
    from .inprocess import InProcessMock  # noqa: PLC0415

    with InProcessMock(aiml_mock_config) as mock:
        yield mock


@pytest.fixture
def aiml_inprocess_client(aiml_inprocess: InProcessMock) -> Iterator[Claude3Sonnet]:
    """A ``Claude3Sonnet`` bound to ``aiml_inprocess``."""
    with aiml_inprocess.client() as client:
        yield client


@pytest.fixture
def aiml_inprocess_async_client(aiml_inprocess: InProcessMock) -> AsyncClaude3Sonnet:
    """An ``AsyncClaude3Sonnet`` bound to ``aiml_inprocess`` (for asyncio tests)."""
    return aiml_inprocess.async_client()
