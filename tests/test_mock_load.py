"""200 concurrent connections against a mock in its own process: zero errors.

The load generator is ``benchmarks.load`` (what ``make load`` runs), so the
rate it publishes is measured the way this test exercises the mock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx2
import pytest

from benchmarks.load import run_load
from claude_3_sonnet.mock import MockConfig, MockProcess

from .mock_helpers import MOCK_API_KEY

CONNECTIONS = 200


@pytest.fixture(scope="module")
def mock_process() -> Iterator[MockProcess]:
    with MockProcess(MockConfig(api_key=MOCK_API_KEY)) as process:
        yield process


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_200_concurrent_connections(mock_process: MockProcess, stream: bool) -> None:
    result = asyncio.run(
        run_load(
            mock_process.base_url,
            api_key=MOCK_API_KEY,
            connections=CONNECTIONS,
            requests_per_connection=5,
            stream=stream,
        )
    )
    assert result.errors == []
    assert result.requests == CONNECTIONS * 5
    assert result.statuses == {201: CONNECTIONS * 5}


def test_load_counts_a_refused_request_as_an_error(mock_process: MockProcess) -> None:
    """Every answer is checked, not just counted: a 401 is an error, not a request done."""
    result = asyncio.run(
        run_load(
            mock_process.base_url, api_key="wrong-key", connections=2, requests_per_connection=1
        )
    )
    assert result.requests == 0
    assert result.failed == 2
    assert result.statuses == {401: 2}


def test_process_serves_and_counts_attempts(mock_process: MockProcess) -> None:
    response = httpx2.post(
        mock_process.base_url + "/v1/chat/completions",
        json={"model": "claude-3-sonnet-latest", "messages": []},
        headers={"Authorization": f"Bearer {MOCK_API_KEY}", "X-Mock-Fault": "key=proc"},
    )
    assert response.status_code == 201
    assert mock_process.attempts("proc") == 1
    mock_process.reset()
    assert mock_process.attempts("proc") == 0
