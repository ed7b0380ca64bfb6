"""Bulk runs: thousands to millions of prompts, each answered exactly once.

::

    from claude_3_sonnet.batch import BatchOptions, run_batch

    summary = run_batch("prompts.jsonl", "results.jsonl", BatchOptions(concurrency=32))

The input is JSONL (or Parquet): one object per line with an ``id`` and a
``prompt`` or ``messages``, plus any request fields for that line. The
output has one record per id: the answer's text, usage and cost (and the
whole completion), or the error after retries. Every line is checked before
anything is sent; records are written whole the moment they complete; a run
stopped in any way (Ctrl-C, a kill, a lost network) resumes where it
stopped when run again. ``claude-3-sonnet batch`` is the same from a shell,
and :mod:`.ray_runner` spreads a run over a Ray cluster.

Only the standard library, the client and its dependencies are needed for
JSONL; Parquet needs pyarrow, the progress bar rich, Ray ``ray[data]``.
"""

from __future__ import annotations

from .errors import BatchAborted, BatchError, BatchFileError, BatchInputError, InputProblem
from .options import BatchOptions
from .progress import describe
from .runner import arun_batch, run_batch
from .stats import BatchSummary

__all__ = [
    "BatchAborted",
    "BatchError",
    "BatchFileError",
    "BatchInputError",
    "BatchOptions",
    "BatchSummary",
    "InputProblem",
    "arun_batch",
    "describe",
    "run_batch",
]
