"""The contract as schemathesis reads it, and the checks that apply to the mock.

Used by ``tests/test_schemathesis.py`` and ``scripts/contract.py`` so both
run the same conformance suite.

The stream is documented per event (``ChatCompletionEvent``: ``data`` is
``[DONE]`` or a JSON ``ChatCompletionChunk``), which is how schemathesis 4
reads an event-stream schema, so it checks every streamed chunk against the
contract.
"""

from __future__ import annotations

import copy
from typing import Any

from claude_3_sonnet.core.contract import spec

EXCLUDED_CHECKS: dict[str, str] = {
    "unsupported_method": (
        "expects 405 for a method the operation does not declare; the service answers "
        "404 for an unknown endpoint or method (FACTS.md, the contract's NotFound), and "
        "so does the mock"
    ),
}
"""schemathesis checks that do not apply, with the reason."""


def schemathesis_spec() -> dict[str, Any]:
    """A private copy of the bundled contract for schemathesis to load."""
    return copy.deepcopy(spec())
