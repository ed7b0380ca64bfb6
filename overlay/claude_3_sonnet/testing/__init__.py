"""Test an application built on this client, without a key and without a network.

Installed with the ``mock`` extra (``pip install 'claude-3-sonnet[mock]'``):

* a pytest plugin (``claude_3_sonnet.testing.plugin``, registered through
  the ``pytest11`` entry point) whose fixtures give each test a mock, clients
  bound to it, its script and what it received; see ``plugin.py``;
* :class:`InProcessMock`, the mock behind an httpx2 transport (no socket);
* ``claude-3-sonnet contract --url URL``: schemathesis with the bundled
  contract against any deployment (``contract.py``).

Nothing here is imported by the client, and importing this package costs
nothing until a name is used: the pytest plugin lives here, and pytest
imports it in every project that has the package installed, with or
without the extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claude_3_sonnet.mock import MockConfig, MockServer
    from claude_3_sonnet.mock.records import RecordedRequest
    from claude_3_sonnet.mock.script import Script, ScriptError

    from .inprocess import AsyncInProcessTransport, InProcessMock, InProcessTransport

__all__ = [
    "AsyncInProcessTransport",
    "InProcessMock",
    "InProcessTransport",
    "MockConfig",
    "MockServer",
    "RecordedRequest",
    "Script",
    "ScriptError",
]

_HOMES = {
    "AsyncInProcessTransport": "claude_3_sonnet.testing.inprocess",
    "InProcessMock": "claude_3_sonnet.testing.inprocess",
    "InProcessTransport": "claude_3_sonnet.testing.inprocess",
    "MockConfig": "claude_3_sonnet.mock",
    "MockServer": "claude_3_sonnet.mock",
    "RecordedRequest": "claude_3_sonnet.mock.records",
    "Script": "claude_3_sonnet.mock.script",
    "ScriptError": "claude_3_sonnet.mock.script",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use (``ImportError`` naming the extra when it is missing)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    try:
        module = importlib.import_module(home)
    except ImportError as exc:
        raise ImportError(
            f"claude_3_sonnet.testing.{name} needs the mock extra: "
            f"pip install 'claude-3-sonnet[mock]' ({exc})"
        ) from exc
    return getattr(module, name)
