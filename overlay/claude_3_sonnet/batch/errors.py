"""What can stop a batch, as exceptions a caller can tell apart.

Per-record failures are not exceptions: they become error records in the
output. These are the failures of the run itself:

* :class:`BatchInputError`: the input has bad lines (invalid JSON, no id, a
  duplicate id, a request the contract rejects). Raised after reading the
  whole input and *before anything is sent*, with every problem and its
  line number.
* :class:`BatchFileError`: the input cannot be read or the output cannot be
  written (missing, a directory, no permission, a full disk, a damaged
  output file, another run writing the same output).
* :class:`BatchAborted`: the service refused the whole run (a bad API key,
  no credits, a wrong URL, the network down). Records already written are
  kept; ``summary`` says how far it got, and a rerun resumes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import orjson

from ..core.errors import APIError, Claude3SonnetError

if TYPE_CHECKING:
    from .stats import BatchSummary

RecordId = str | int

MAX_LISTED = 20
"""Problems spelt out in a message; the rest are counted (all are in ``.problems``)."""


@attrs.frozen
class InputProblem:
    """Why one input line cannot be sent, and where it is."""

    line: int
    message: str
    id: RecordId | None = None
    unit: str = "line"

    def __str__(self) -> str:
        where = f"{self.unit} {self.line}"
        if self.id is not None:
            where += f" (id {orjson.dumps(self.id).decode()})"
        return f"{where}: {self.message}"


class BatchError(Claude3SonnetError):
    """Base of the errors that stop a batch run."""


class BatchFileError(BatchError):
    """The input cannot be read or the output cannot be written."""


class BatchInputError(BatchError, ValueError):
    """The input has lines that cannot be sent; nothing was sent."""

    def __init__(self, source: str, problems: Sequence[InputProblem]) -> None:
        self.source = source
        self.problems = list(problems)
        listed = "\n".join(f"  {p}" for p in self.problems[:MAX_LISTED])
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            listed += f"\n  ... and {more} more"
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{source}: {len(self.problems)} {noun}; nothing was sent\n{listed}")


class BatchAborted(BatchError):
    """The service refused the run as a whole; what was written stays, a rerun resumes."""

    def __init__(self, message: str, summary: BatchSummary, cause: APIError | None) -> None:
        super().__init__(message)
        self.message = message
        self.summary = summary
        self.cause = cause
