"""What a test does with a running mock: script it, and read what it received.

One interface, three mocks: :class:`MockControls` reads the app's state
directly (``MockServer`` in a thread, ``InProcessMock`` without a socket);
:class:`RemoteControls` does the same over the ``/_mock/`` control
endpoints (``MockProcess`` in a child process).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

import httpx

from .app import MockApp
from .config import DEFAULT_API_KEY, MockConfig
from .records import RecordedRequest, assert_all_valid
from .script import Script, ScriptError, Stage, Step


class MockControls:
    """Scripting and inspection of a mock whose app lives in this process."""

    app: MockApp
    config: MockConfig

    @property
    def api_key(self) -> str:
        """The key to send: the configured one (any bearer token works when it is ``None``)."""
        return self.config.api_key or DEFAULT_API_KEY

    @property
    def script(self) -> Script:
        """The queue of outcomes for the next requests (see ``claude_3_sonnet.mock.script``)."""
        return self.app.mock_state.script

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since the start (or ``reset()``), oldest first; a copy."""
        return self.app.mock_state.recorder.snapshot()

    @property
    def last_request(self) -> RecordedRequest:
        """The latest request received; ``AssertionError`` when there is none."""
        records = self.requests
        if not records:
            raise AssertionError("the mock has received no request")
        return records[-1]

    def assert_all_valid(self) -> None:
        """``AssertionError`` listing each received request that breaks the contract, if any."""
        self.app.mock_state.recorder.assert_all_valid()

    def attempts(self, key: str) -> int:
        """How many requests carried ``X-Mock-Fault: key=<key>`` so far."""
        return self.app.mock_state.attempts(key)

    def reset(self) -> None:
        """Forget attempt counts, the script and the received requests; reseed the failures."""
        self.app.mock_state.reset()


class RemoteScript(Script):
    """A :class:`Script` kept by a mock in another process, changed over HTTP."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self._url = f"{base_url}/_mock/script"

    def extend(self, steps: Sequence[Step]) -> Self:
        if not all(isinstance(step, Step) for step in steps):
            raise ScriptError(f"expected Steps, got {list(steps)!r}")
        response = httpx.post(self._url, json=[step.to_json() for step in steps])
        if response.status_code == 400:
            raise ScriptError(str(response.json().get("message")))
        response.raise_for_status()
        return self

    def _state(self) -> dict[str, Any]:
        response = httpx.get(self._url)
        response.raise_for_status()
        state: dict[str, Any] = response.json()
        return state

    @property
    def pending(self) -> int:
        count: int = self._state()["pending"]
        return count

    def steps(self) -> list[tuple[Step, int]]:
        found = []
        for raw in self._state()["steps"]:
            left = raw.pop("left")
            found.append((Step.from_json(raw), left))
        return found

    def clear(self) -> None:
        httpx.delete(self._url).raise_for_status()

    def take(self, stage: Stage) -> Step | None:
        raise TypeError("only the mock takes steps from its script")


class RemoteControls:
    """:class:`MockControls` over the control endpoints, for a mock in another process."""

    config: MockConfig

    @property
    def base_url(self) -> str:
        raise NotImplementedError

    @property
    def api_key(self) -> str:
        return self.config.api_key or DEFAULT_API_KEY

    @property
    def script(self) -> Script:
        return RemoteScript(self.base_url)

    @property
    def requests(self) -> list[RecordedRequest]:
        response = httpx.get(f"{self.base_url}/_mock/requests")
        response.raise_for_status()
        return [RecordedRequest.from_json(raw) for raw in response.json()["requests"]]

    @property
    def last_request(self) -> RecordedRequest:
        records = self.requests
        if not records:
            raise AssertionError("the mock has received no request")
        return records[-1]

    def assert_all_valid(self) -> None:
        # Requests the child no longer keeps are not seen from here; its own
        # record_limit bounds what is checked.
        assert_all_valid(self.requests)

    def attempts(self, key: str) -> int:
        response = httpx.get(f"{self.base_url}/_mock/attempts/{key}")
        response.raise_for_status()
        count: int = response.json()["attempts"]
        return count

    def reset(self) -> None:
        httpx.post(f"{self.base_url}/_mock/reset").raise_for_status()
