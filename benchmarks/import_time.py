"""Cold import: ``python -c "import X"`` minus ``python -c "pass"``, fresh interpreters.

What a command-line tool or a serverless function pays before its first
call: ``from claude_3_sonnet import Claude3Sonnet`` (the package itself
imports lazily) and ``from openai import OpenAI``. The floor is ``import
httpx``, as the target was set (at most 3x ``import httpx``); since the
client moved to httpx2, every row also carries its ratio to ``import
httpx2``, the HTTP library the client is now built on. Byte code is compiled once before the runs; the
runs are interleaved like every other comparison, and each figure
subtracts the interpreter's own start-up measured in the same round.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from .common import Settings, interleaved, median, paired_ratios

FLOOR = "httpx"
LIBRARY = "httpx2"
MODULES = {
    "baseline": "pass",
    "httpx2": "import httpx2",
    "httpx": "import httpx",
    "claude_3_sonnet": "from claude_3_sonnet import Claude3Sonnet",
    "openai": "from openai import OpenAI",
}
"""What a program writes to get a client. ``import claude_3_sonnet`` alone loads its
submodules on first use (about 10 ms), so it would measure nothing a caller avoids."""


def _run(code: str) -> float:
    """Seconds for a fresh interpreter to run ``code`` (no ``PYTHON*`` variables)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


def measure(settings: Settings) -> dict[str, Any]:
    for code in MODULES.values():  # byte-compile everything once
        _run(code)
    raw = interleaved(list(MODULES), settings.import_runs, lambda name: _run(MODULES[name]))
    net = {
        name: [t - b for t, b in zip(raw[name], raw["baseline"], strict=True)]
        for name in MODULES
        if name != "baseline"
    }
    ratios = paired_ratios(net, FLOOR)
    to_library = paired_ratios(net, LIBRARY)
    variants = {
        name: {
            "median": median(values) * 1e3,
            "unit": "ms",
            "rounds": [v * 1e3 for v in values],
            "ratio_to_floor": ratios[name],
            f"ratio_to_{LIBRARY}": to_library[name],
        }
        for name, values in net.items()
    }
    return {
        "description": "python -c '<import>' minus python -c 'pass', fresh interpreter each run",
        "statements": {name: code for name, code in MODULES.items() if name != "baseline"},
        "floor": FLOOR,
        "runs": settings.import_runs,
        "interpreter_startup_ms": median(raw["baseline"]) * 1e3,
        "variants": variants,
    }
