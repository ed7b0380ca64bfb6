"""Bytes on the wire: compact JSON and server-sent events.

One encoder for every body keeps the plain and the streamed answers
byte-compatible, and keeps text that cannot be UTF-8 (a lone surrogate
echoed from a request's ``\\ud800`` escape) from crashing a response: such
characters are sent as ``?``.
"""

from __future__ import annotations

import json
from typing import Any

SSE_DONE = b"data: [DONE]\n\n"


def json_bytes(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def sse_event(value: Any) -> bytes:
    """One server-sent event carrying ``value`` as JSON: ``data: {...}\\n\\n``."""
    return b"data: " + json_bytes(value) + b"\n\n"
