"""A local mock of the service, for the client's tests, demos and benchmarks.

It answers ``POST /v1/chat/completions`` the way the service does, judged by
the bundled contract, with deterministic answers and faults on request
(the ``X-Mock-Fault`` header). It needs the ``mock`` extra (Starlette and
uvicorn); the client package never imports it. The user guide is
``docs/mock.md``.

>>> from claude_3_sonnet.mock import MockConfig, MockServer
>>> with MockServer(MockConfig(api_key="test-key")) as server:  # doctest: +SKIP
...     print(server.base_url)
"""

from __future__ import annotations

from .app import CHAT_PATH, MockApp, create_app
from .cli import main
from .config import MockConfig
from .faults import FAULT_HEADER, Fault, FaultError, parse_fault
from .server import MockProcess, MockServer

__all__ = [
    "CHAT_PATH",
    "FAULT_HEADER",
    "Fault",
    "FaultError",
    "MockApp",
    "MockConfig",
    "MockProcess",
    "MockServer",
    "create_app",
    "main",
    "parse_fault",
]
