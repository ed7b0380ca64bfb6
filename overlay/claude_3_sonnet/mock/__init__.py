"""A local mock of the service, for the client's tests, demos and benchmarks.

It answers ``POST /v1/chat/completions`` the way the service does, judged by
the bundled contract, with deterministic answers, faults on request (the
``X-Mock-Fault`` header), scripted outcomes (``server.script``) and a record
of every request it received (``server.requests``). It needs the ``mock``
extra (Starlette and uvicorn); the client package never imports it. The
user guide is ``docs/mock.md``; the pytest fixtures built on it are in
``claude_3_sonnet.testing``.

>>> from claude_3_sonnet.mock import MockConfig, MockServer
>>> with MockServer(MockConfig(api_key="test-key")) as server:  # doctest: +SKIP
...     server.script.reply("Hi there")
...     print(server.base_url)
"""

from __future__ import annotations

from .app import CHAT_PATH, MockApp, create_app
from .cli import main
from .config import MockConfig
from .faults import FAULT_HEADER, Fault, FaultError, parse_fault
from .records import RecordedRequest
from .script import Script, ScriptedError, ScriptedReply, ScriptError, Step
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
    "RecordedRequest",
    "Script",
    "ScriptError",
    "ScriptedError",
    "ScriptedReply",
    "Step",
    "create_app",
    "main",
    "parse_fault",
]
