"""A reduced soak (``make soak`` runs 1,000 calls): every call accounted for, nothing left open."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from soak import run


def test_concurrent_calls_against_a_failing_mock_are_all_accounted_for() -> None:
    report = run(calls=200, failure_rate=0.3, seed=3)
    assert report.clean, report.summary() + "\n" + "\n".join(report.unexplained[:10])
    assert report.outcomes["plain"]
    assert report.outcomes["streamed"]
    assert report.outcomes["failed every attempt"], "some calls failed all three attempts"
