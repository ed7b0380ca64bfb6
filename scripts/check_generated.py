"""Fail with a readable diff when ``generated/`` is not what the spec produces.

Regenerates into a temporary folder and compares it file by file with the
committed package, so a hand edit under ``generated/`` or a spec change
without ``make generate`` is caught in CI.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

from generate import PACKAGE, ROOT, generate


def _files(root: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(root)): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def diff_trees(expected: Path, actual: Path) -> list[str]:
    """Unified diff lines turning ``actual`` (committed) into ``expected`` (fresh)."""
    want, have = _files(expected), _files(actual)
    lines: list[str] = []
    for name in sorted(want.keys() | have.keys()):
        old = (
            have[name].read_text(encoding="utf-8").splitlines(keepends=True) if name in have else []
        )
        new = (
            want[name].read_text(encoding="utf-8").splitlines(keepends=True) if name in want else []
        )
        if old != new:
            lines.extend(
                difflib.unified_diff(old, new, f"generated/{PACKAGE}/{name}", f"(fresh)/{name}")
            )
    return lines


def main() -> int:
    committed = ROOT / "generated" / PACKAGE
    with tempfile.TemporaryDirectory(prefix="check-generated-") as tmp:
        fresh = generate(Path(tmp))
        lines = diff_trees(fresh, committed)
    if lines:
        sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in lines[:400])
        print(
            f"\ngenerated/ differs from what openapi/ produces ({len(lines)} diff lines)."
            "\nRun `make generate` and commit the result; never edit generated/ by hand."
        )
        return 1
    print("generated/ matches the spec.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
