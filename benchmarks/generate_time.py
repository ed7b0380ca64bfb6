"""``make generate``: wall time of ``scripts/generate.py`` into a scratch folder.

Regenerating after a spec change is part of the project's routine (the
service changed its spec about 20 times in five months), so its cost is
tracked; it has no floor and no target.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from typing import Any

from .common import ROOT, Settings, median


def measure(settings: Settings) -> dict[str, Any]:
    times: list[float] = []
    for _ in range(settings.generate_runs):
        with tempfile.TemporaryDirectory(prefix="bench-generate-") as out:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "generate.py"), "--output", out],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    return {
        "description": "python scripts/generate.py --output <tmpdir> (what make generate runs)",
        "runs": settings.generate_runs,
        "variants": {"generate": {"median": median(times), "unit": "s", "rounds": times}},
    }
