"""``claude_3_sonnet.core.arguments``: the command line's shared parser and value types."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import pytest

from claude_3_sonnet.core.arguments import Parser, UsageError, number


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (
            number(int, what="a port number", low=0, high=65535),
            "99999",
            "expected a port number from 0 to 65535, got '99999'",
        ),
        (number(float, what="a number of seconds", low=0), "-1", ">= 0, got '-1'"),
        (number(float, what="a number of seconds", above=0), "0", "> 0, got '0'"),
        (number(float, what="a number of seconds", above=0), "inf", "> 0, got 'inf'"),
        (number(float, what="a number", low=0, high=1), "nan", "from 0 to 1, got 'nan'"),
        (number(int, what="a whole number", low=1), "1.5", ">= 1, got '1.5'"),
        (number(int, what="a whole number"), "x", "expected a whole number, got 'x'"),
        (number(int, what="a whole number", high=10**6), "2000000", "<= 1000000, got"),
        (number(float, what="a number", above=0.5, high=2), "3", "> 0.5 and <= 2, got '3'"),
    ],
)
def test_a_bad_value_says_what_was_expected(
    kind: Callable[[str], object], text: str, message: str
) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as bad:
        kind(text)
    assert str(bad.value).startswith("expected ")
    assert message in str(bad.value)


def test_a_good_value_is_parsed_to_its_type() -> None:
    assert number(int, what="a port number", low=0, high=65535)("8000") == 8000
    seconds = number(float, what="a number of seconds", low=0)("0")
    assert (seconds, type(seconds)) == (0.0, float)
    assert number(float, what="a number", low=0, high=1)("1") == 1.0


def test_the_type_has_a_readable_name() -> None:
    assert number(int, what="a port number").__name__ == "port number"


def test_low_and_above_together_are_refused() -> None:
    with pytest.raises(ValueError, match="low or above"):
        number(int, what="a whole number", low=0, above=0)


def test_the_parser_raises_one_line_naming_its_help() -> None:
    parser = Parser(prog="tool")
    parser.add_argument("--port", type=number(int, what="a port number", low=0, high=65535))
    with pytest.raises(UsageError) as bad:
        parser.parse_args(["--port", "-1"])
    assert str(bad.value) == (
        "argument --port: expected a port number from 0 to 65535, got '-1' (see tool --help)"
    )
