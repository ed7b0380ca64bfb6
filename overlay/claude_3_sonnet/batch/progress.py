"""Progress a person can read: a bar on a terminal, plain lines in a log, or nothing.

* ``bar``: rich's live progress bar (when rich is installed and stderr is a
  terminal): done/total, rate, ETA, errors, tokens, cost, concurrency, and
  a note while the run is paused by a 429.
* ``lines``: one line every few seconds, for CI logs and ``nohup`` (a bar
  redrawn into a file is noise).
* ``none``: ``--quiet``.

``auto`` picks ``bar`` or ``lines``. All of them write to stderr, so the
output file, or stdout piped elsewhere, is never mixed with progress.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Literal, Protocol, TextIO

from .stats import BatchSummary, RunStats

Mode = Literal["auto", "bar", "lines", "none"]
LINE_INTERVAL = 10.0
"""Seconds between two plain progress lines."""


class Progress(Protocol):
    def start(self, stats: RunStats) -> None: ...

    def update(self, stats: RunStats) -> None:
        """Called after each record and about once a second; throttles itself."""

    def note(self, message: str) -> None:
        """Something a person should see now (a repaired file, a pause)."""

    def finish(self, stats: RunStats) -> None: ...


def number(value: float) -> str:
    """``12,345``; ``1.2M`` past a million."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    return f"{value:,.0f}"


def money(stats: RunStats | BatchSummary) -> str | None:
    if stats.usd is not None:
        return f"${stats.usd:,.4f}"
    if stats.estimated_usd is not None:
        return f"~${stats.estimated_usd:,.4f} (estimate)"
    if stats.credits is not None:
        return f"{stats.credits:,.0f} credits"
    return None


def duration(seconds: float) -> str:
    seconds = max(int(seconds + 0.5), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def status_line(stats: RunStats) -> str:
    """``1,200/10,000 (12%) 310/s ETA 0:28 | 3 errors | 45,210 tokens | $0.1200``."""
    elapsed = stats.elapsed
    rate = stats.written / elapsed if elapsed > 0 else 0.0
    left = max(stats.total - stats.done, 0)
    share = f" ({100 * stats.done / stats.total:.0f}%)" if stats.total else ""
    parts = [f"{number(stats.done)}/{number(stats.total)}{share} {rate:,.1f}/s"]
    if rate > 0 and left:
        parts[0] += f" ETA {duration(left / rate)}"
    parts.append(f"{number(stats.failed)} errors")
    parts.append(f"{number(stats.tokens)} tokens")
    cost = money(stats)
    if cost:
        parts.append(cost)
    parts.append(f"concurrency {stats.concurrency}")
    if stats.paused_for > 0:
        parts.append(f"paused {stats.paused_for:.1f} s after a 429")
    return " | ".join(parts)


class Quiet:
    def start(self, stats: RunStats) -> None:
        return None

    def update(self, stats: RunStats) -> None:
        return None

    def note(self, message: str) -> None:
        return None

    def finish(self, stats: RunStats) -> None:
        return None


class Lines:
    """A plain line every ``interval`` seconds."""

    def __init__(self, stream: TextIO, interval: float = LINE_INTERVAL) -> None:
        self.stream = stream
        self.interval = interval
        self._last = 0.0

    def _print(self, text: str) -> None:
        print(f"batch: {text}", file=self.stream, flush=True)

    def start(self, stats: RunStats) -> None:
        self._last = time.monotonic()
        self._print(
            f"{number(stats.total - stats.skipped)} to send, {number(stats.skipped)} "
            f"already in {stats.output}"
        )

    def update(self, stats: RunStats) -> None:
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._print(status_line(stats))

    def note(self, message: str) -> None:
        self._print(message)

    def finish(self, stats: RunStats) -> None:
        self._print(status_line(stats))


class Bar:
    """rich's live bar on stderr; the figures it cannot compute itself in a text column."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console  # noqa: PLC0415 - optional
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as RichProgress  # noqa: PLC0415

        self._progress = RichProgress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[info]}"),
            console=Console(file=stream),
            transient=False,
            refresh_per_second=4,
        )
        self._task: Any = None
        self._last = 0.0

    def start(self, stats: RunStats) -> None:
        self._progress.start()
        self._task = self._progress.add_task(
            "batch", total=stats.total, completed=stats.done, info=""
        )

    def update(self, stats: RunStats) -> None:
        now = time.monotonic()
        if now - self._last < 0.2:  # rich redraws 4 times a second; no need to feed it faster
            return
        self._last = now
        self._push(stats)

    def _push(self, stats: RunStats) -> None:
        info = status_line(stats).split(" ", 1)[1]  # the bar already shows done/total
        self._progress.update(self._task, completed=stats.done, info=info)

    def note(self, message: str) -> None:
        self._progress.console.print(f"batch: {message}")

    def finish(self, stats: RunStats) -> None:
        self._push(stats)
        self._progress.stop()


def make_progress(mode: Mode = "auto", stream: TextIO | None = None) -> Progress:
    """The progress display for ``mode`` on ``stream`` (stderr by default)."""
    out = stream if stream is not None else sys.stderr
    if mode == "none":
        return Quiet()
    if mode == "bar" or (mode == "auto" and _is_terminal(out)):
        try:
            return Bar(out)
        except ImportError:  # no rich: plain lines tell the same
            pass
    return Lines(out)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def describe(summary: BatchSummary) -> str:
    """The end-of-run summary, a few lines for a person."""
    lines = [
        f"{number(summary.written)} records written to {summary.output}: "
        f"{number(summary.succeeded)} ok, {number(summary.failed)} errors"
        + (f" ({number(summary.skipped)} were already there)" if summary.skipped else "")
    ]
    rate = summary.written / summary.elapsed if summary.elapsed > 0 else 0.0
    detail = [
        f"{number(summary.prompt_tokens)} prompt + {number(summary.completion_tokens)} "
        f"completion tokens",
        f"{duration(summary.elapsed)} elapsed ({rate:,.1f} records/s)",
    ]
    cost = money(summary)
    if cost:
        detail.insert(1, cost)
    if summary.rate_limited:
        detail.append(f"{number(summary.rate_limited)} rate-limited (429) answers retried")
    lines.append("; ".join(detail))
    if not summary.complete and not summary.interrupted:
        lines.append(f"{number(summary.remaining)} ids have no record yet")
    return "\n".join(lines)
