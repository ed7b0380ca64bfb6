"""Fixtures shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from claude_3_sonnet.mock import MockConfig, MockServer

from .mock_helpers import MOCK_API_KEY

# CI shares two cores with a live mock server: no per-example deadline (a
# slow example is not a failure), and a fixed seed so a run is reproducible.
settings.register_profile(
    "project", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("project")


@pytest.fixture(scope="session")
def mock_server() -> Iterator[MockServer]:
    """One mock for the whole session, on a free loopback port, accepting ``test-key``."""
    with MockServer(MockConfig(api_key=MOCK_API_KEY), host="127.0.0.1", port=0) as server:
        yield server
