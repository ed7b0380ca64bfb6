"""What every command of the package does with a wrong command line. Pure, stdlib only.

The commands (``claude-3-sonnet``, its ``batch`` and ``contract``, and the
mock's ``python -m claude_3_sonnet.mock``) fail the same way: one
``error: ... (see PROG --help)`` line and exit status 2, and a bad value
is described the same way (``expected a number of seconds > 0, got '-1'``).
Each used to hand-write its own parser class and its own ``type=``
functions for that; they live here once, so the commands cannot drift
apart and a new option needs one line:

* :class:`UsageError`: the command line is wrong (exit 2); each command
  decides how to print it and which status to return;
* :class:`Parser`: argparse, but a mistake raises :class:`UsageError`
  instead of printing the usage and exiting;
* :func:`number`: an argparse ``type=`` for a bounded whole or finite number.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import NoReturn, TypeVar

__all__ = ["Parser", "UsageError", "number"]

N = TypeVar("N", int, float)


class UsageError(Exception):
    """The command line is wrong (exit 2)."""


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line and an exception instead of an exit.

    ``--help`` and ``--version`` still exit (``SystemExit(0)``); subcommand
    parsers are of this class too.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def number(
    parse: type[N],
    *,
    what: str,
    low: float | None = None,
    high: float | None = None,
    above: float | None = None,
) -> Callable[[str], N]:
    """An argparse ``type=``: ``parse(text)`` (``int`` or ``float``), checked.

    ``low`` and ``high`` are inclusive bounds, ``above`` an exclusive lower
    one; a float must also be finite. Anything else is refused with
    ``expected WHAT RANGE, got 'TEXT'``, e.g. ``expected a port number from
    0 to 65535, got '99999'`` for ``number(int, what="a port number", low=0,
    high=65535)``.
    """
    if low is not None and above is not None:
        raise ValueError("give low or above, not both")
    expected = f"expected {what}{_range(low, high, above)}"

    def check(text: str) -> N:
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{expected}, got {text!r}") from None
        if (
            (isinstance(value, float) and not math.isfinite(value))
            or (low is not None and not value >= low)
            or (high is not None and not value <= high)
            or (above is not None and not value > above)
        ):
            raise argparse.ArgumentTypeError(f"{expected}, got {text!r}")
        return value

    # argparse names the type in some messages ("invalid port number value: ...").
    check.__name__ = check.__qualname__ = what.removeprefix("a ").removeprefix("an ")
    return check


def _range(low: float | None, high: float | None, above: float | None) -> str:
    """`` from 0 to 1``, `` >= 0``, `` > 0``, `` <= 9``, `` > 0 and <= 9``, or nothing."""
    if low is not None and high is not None:
        return f" from {_shown(low)} to {_shown(high)}"
    parts = [
        f"{sign} {_shown(bound)}"
        for sign, bound in ((">=", low), (">", above), ("<=", high))
        if bound is not None
    ]
    return " " + " and ".join(parts) if parts else ""


def _shown(bound: float) -> str:
    """A bound as people write it: ``0`` not ``0.0``, ``100000`` not ``1e+05``."""
    if isinstance(bound, int) or bound.is_integer():
        return str(int(bound))
    return f"{bound:g}"
