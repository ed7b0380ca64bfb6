"""The gate: the contract accepts what the followed vendor files document, or says why not.

For each vendor file the contract follows, every difference
``scripts/spec_diff.py`` finds between it and ``openapi/claude-3-sonnet.yaml``
is either compatible (the contract accepts more) or listed, with its reason,
in ``openapi/deviations.yaml``; and every entry of that file still explains
something (a stale entry fails too).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from spec_diff import compare_files, load_deviations, unused_deviations  # noqa: E402

CONTRACT = ROOT / "openapi" / "claude-3-sonnet.yaml"
DEVIATIONS = ROOT / "openapi" / "deviations.yaml"
FOLLOWED = ["claude-3-sonnet-2025-06-12.json", "claude-3-haiku-2026-07-07.json"]


@pytest.mark.parametrize("name", FOLLOWED)
def test_nothing_the_vendor_documents_is_refused_without_a_reason(name: str) -> None:
    records = compare_files(
        ROOT / "openapi" / "vendor" / name, CONTRACT, load_deviations(DEVIATIONS)
    )
    breaking = [f"{r.path} {r.change}: {r.old} -> {r.new}" for r in records if r.cls == "breaking"]
    assert breaking == [], "add it to the contract, or to openapi/deviations.yaml with a reason"


def test_every_deviation_still_explains_a_difference() -> None:
    deviations = load_deviations(DEVIATIONS)
    records = [
        record
        for name in FOLLOWED
        for record in compare_files(ROOT / "openapi" / "vendor" / name, CONTRACT, deviations)
    ]
    stale = [f"{d.path} ({d.change})" for d in unused_deviations(deviations, records)]
    assert stale == [], "these entries match no difference any more: remove them"


def test_the_followed_files_are_pinned_verbatim() -> None:
    index = (ROOT / "openapi" / "vendor" / "README.md").read_text(encoding="utf-8")
    import hashlib  # noqa: PLC0415

    for name in FOLLOWED:
        digest = hashlib.sha256((ROOT / "openapi" / "vendor" / name).read_bytes()).hexdigest()
        assert digest in index, f"{name} changed since it was indexed"


def test_every_deviation_is_about_the_contract() -> None:
    """An entry without ``new: <the contract>`` would also soften diffs between vendor files."""
    loose = [d.path for d in load_deviations(DEVIATIONS) if d.new != CONTRACT.name]
    assert loose == [], "give these entries new: claude-3-sonnet.yaml"
