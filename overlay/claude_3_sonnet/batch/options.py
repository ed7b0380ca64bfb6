"""The settings of a batch run, shared by the Python API, the CLI and the Ray runner."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from .dispatch import DEFAULT_MAX_RETRIES, Prices
from .progress import Mode
from .sources import Format

OnInvalid = Literal["abort", "record"]


def _as_dict(value: Mapping[str, Any]) -> dict[str, Any]:
    return dict(value)


def _as_names(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):  # keep="label" means one field, not five letters
        return (value,)
    return tuple(value)


def _positive_or_none(_: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{attribute.name} must be a positive number or None, got {value!r}")


def _at_least(low: int) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{attribute.name} must be a whole number >= {low}, got {value!r}")

    return check


def _one_of(*choices: str) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and value not in choices:
            raise ValueError(f"{attribute.name} must be one of {', '.join(choices)}, got {value!r}")

    return check


@attrs.frozen(kw_only=True)
class BatchOptions:
    """How to run a batch. Every field has a default that is safe for a first run."""

    concurrency: int = attrs.field(default=16, validator=_at_least(1))
    """Most requests in flight at once (adaptive concurrency never goes above it)."""
    rpm: float | None = attrs.field(default=None, validator=_positive_or_none)
    """Requests per minute, across the whole run (across the cluster on Ray)."""
    tpm: float | None = attrs.field(default=None, validator=_positive_or_none)
    """Tokens per minute: booked as prompt estimate + max_tokens, corrected by the usage."""
    defaults: Mapping[str, Any] = attrs.field(factory=dict, converter=_as_dict)
    """Request fields for every line (``model``, ``system``, ``max_tokens``, ...); a line's
    own fields override them."""
    keep: tuple[str, ...] = attrs.field(default=(), converter=_as_names)
    """Input fields copied into the output record and not sent (labels, references)."""
    text_only: bool = False
    """Records carry the answer's text, usage and cost, not the whole completion."""
    on_invalid: OnInvalid = attrs.field(default="abort", validator=_one_of("abort", "record"))
    """``abort``: bad input lines stop the run before anything is sent; ``record``: each
    becomes an error record and the rest run."""
    retry_errors: bool = False
    """Run again the ids whose record in the output is an error (it is replaced)."""
    max_retries: int = attrs.field(default=DEFAULT_MAX_RETRIES, validator=_at_least(0))
    """Retries per record after a 429, 5xx or timeout."""
    adaptive: bool = True
    """Shared back-off after a 429 and AIMD concurrency; off: each request backs off alone."""
    fsync: bool = False
    """``fsync`` each record: survives a power cut, not just a killed process (slower)."""
    timeout: float | None = attrs.field(default=None, validator=_positive_or_none)
    """Seconds one attempt may take in all (default: the client's, 600)."""
    price_input: float | None = attrs.field(default=None, validator=_positive_or_none)
    """USD per million prompt tokens, for a cost estimate when the service reports none."""
    price_output: float | None = attrs.field(default=None, validator=_positive_or_none)
    """USD per million completion tokens."""
    input_format: Format | None = attrs.field(default=None, validator=_one_of("jsonl", "parquet"))
    """Default: from the file name (``.parquet``/``.pq``, else JSONL)."""
    output_format: Format | None = attrs.field(default=None, validator=_one_of("jsonl", "parquet"))
    progress: Mode = attrs.field(default="auto", validator=_one_of("auto", "bar", "lines", "none"))
    """``auto``: a bar on a terminal, plain lines otherwise; ``none``: silent."""

    @property
    def prices(self) -> Prices:
        return Prices(self.price_input, self.price_output)
