from typing import Literal

GrammarSyntax = Literal["lark", "regex"]

GRAMMAR_SYNTAX_VALUES: set[GrammarSyntax] = {
    "lark",
    "regex",
}


def check_grammar_syntax(value: str) -> GrammarSyntax:
    if value in GRAMMAR_SYNTAX_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GRAMMAR_SYNTAX_VALUES!r}")
