"""What a run does before it sends anything, the same in process and on Ray.

Read and check the whole input (every problem with its line number), make
sure the output can be written, and, once the output is open, count what is
already done. Whatever here fails, fails before the first request.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import attrs

from .errors import BatchFileError, BatchInputError
from .options import BatchOptions
from .outputs import Output, check_writable
from .records import RequestBuilder, Scan, scan
from .sources import Source
from .stats import RunStats

LISTED_PROBLEMS = 20
"""Input problems repeated as warnings when ``on_invalid="record"`` runs past them."""


@attrs.frozen
class Plan:
    """A checked input: where it is, how to build its requests, which ids it has."""

    source: Source
    builder: RequestBuilder
    checked: Scan


def make_plan(
    input: str | os.PathLike[str], output: str | os.PathLike[str], options: BatchOptions
) -> Plan:
    """Check the input and the output; raise before anything is sent if either is wrong."""
    source = Source(input, options.input_format)
    builder = RequestBuilder(options.defaults, options.keep)
    _refuse_same_file(source.path, Path(output))
    check_writable(output, options.output_format)  # before a long scan, not after it
    checked = scan(source, builder)
    if checked.problem_count and options.on_invalid == "abort":
        raise BatchInputError(str(source.path), checked.problems)
    return Plan(source, builder, checked)


def _refuse_same_file(source: Path, target: Path) -> None:
    """Writing the output over the input would destroy the input."""
    same = False
    with contextlib.suppress(OSError):
        same = target.exists() and os.path.samefile(source, target)
    if same:
        raise BatchFileError(f"the output {target} is the input file; choose another name")


def start_stats(plan: Plan, out: Output, options: BatchOptions) -> RunStats:
    """The run's totals before its first request: ids in the input, ids already done."""
    checked = plan.checked
    stats = RunStats(output=str(out.path), total=len(checked.ids))
    stats.skipped = sum(1 for i in checked.ids if i in out.done)
    stats.concurrency = options.concurrency
    stats.warnings.extend(out.warnings)
    if options.on_invalid == "record":
        stats.warnings.extend(input_warnings(checked))
    return stats


def input_warnings(checked: Scan) -> Iterator[str]:
    """What ``on_invalid="record"`` lets through, said once at the start."""
    if checked.invalid_ids:
        yield f"{checked.invalid_ids} input lines are invalid: each gets an error record"
    if checked.unrecordable:
        yield (
            f"{checked.unrecordable} input lines have no usable id, or a repeated one: "
            "they are skipped"
        )
    for problem in checked.problems[:LISTED_PROBLEMS]:
        yield str(problem)
