"""The input's rows, whatever the file format: JSONL lines or Parquet rows.

Each row comes with its 1-based line (JSONL) or row (Parquet) number, so
every problem can be reported where the user will look for it. A JSONL line
that is not JSON is yielded as the problem it is, not raised: one bad line
must not hide the others. Rows are streamed, never loaded whole, so an
input of millions of prompts is read in constant memory.

Parquet needs pyarrow (the ``parquet`` extra); it is imported only when a
Parquet file is actually read.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import orjson

from .errors import BatchFileError

Format = Literal["jsonl", "parquet"]
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
PARQUET_BATCH_ROWS = 1024
BOM = b"\xef\xbb\xbf"

PARQUET_EXTRA = "pip install 'claude-3-sonnet[parquet]'"


def format_of(path: str | os.PathLike[str], given: Format | None = None) -> Format:
    """The format asked for, else the one the file name says (``.parquet``/``.pq``, else JSONL)."""
    if given is not None:
        return given
    return "parquet" if Path(path).suffix.lower() in PARQUET_SUFFIXES else "jsonl"


def reason(exc: OSError) -> str:
    """``No such file or directory`` rather than ``[Errno 2] No such file ...: 'x'``."""
    return exc.strerror or str(exc)


class RowError(ValueError):
    """One row cannot be decoded; the reading goes on."""


class Source:
    """A readable input file; iterate :meth:`rows` as often as needed (each pass rereads)."""

    def __init__(self, path: str | os.PathLike[str], fmt: Format | None = None) -> None:
        self.path = Path(path)
        self.format: Format = format_of(path, fmt)
        self.unit = "row" if self.format == "parquet" else "line"
        self._check()

    def _check(self) -> None:
        """Fail now, with one clear message, if the file cannot be read at all."""
        if self.path.is_dir():
            raise BatchFileError(f"cannot read {self.path}: it is a directory")
        try:
            with self.path.open("rb"):
                pass
        except OSError as exc:
            raise BatchFileError(f"cannot read {self.path}: {reason(exc)}") from None
        if self.format == "parquet":
            self._parquet_file()  # not Parquet, or no pyarrow: say so before anything else

    def rows(self) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
        """``(number, row)`` for every non-blank line or row; undecodable ones as ``RowError``."""
        if self.format == "parquet":
            return self._parquet_rows()
        return self._jsonl_rows()

    def _jsonl_rows(self) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
        try:
            with self.path.open("rb") as file:
                for number, line in enumerate(file, start=1):
                    if number == 1 and line.startswith(BOM):  # Windows editors write one
                        line = line[len(BOM) :]  # noqa: PLW2901
                    if not line.strip():
                        continue
                    yield number, _decode(line)
        except OSError as exc:
            raise BatchFileError(f"cannot read {self.path}: {reason(exc)}") from None

    def _parquet_file(self) -> Any:
        try:
            pq = importlib.import_module("pyarrow.parquet")  # optional, heavy: on use only
        except ImportError:
            raise BatchFileError(
                f"{self.path}: reading Parquet needs pyarrow: {PARQUET_EXTRA}"
            ) from None
        try:
            return pq.ParquetFile(self.path)
        except OSError as exc:
            raise BatchFileError(f"cannot read {self.path}: {reason(exc)}") from None
        except Exception as exc:  # pyarrow's ArrowInvalid and kin: not a Parquet file
            raise BatchFileError(f"cannot read {self.path} as Parquet: {exc}") from None

    def _parquet_rows(self) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
        parquet = self._parquet_file()
        number = 0
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
                for row in batch.to_pylist():
                    number += 1
                    yield number, _without_nulls(row)
        except OSError as exc:
            raise BatchFileError(f"cannot read {self.path}: {reason(exc)}") from None
        except Exception as exc:
            raise BatchFileError(f"cannot read {self.path} as Parquet: {exc}") from None


def _decode(line: bytes) -> dict[str, Any] | RowError:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return RowError(f"not valid JSON ({exc})")
    if not isinstance(value, dict):
        return RowError(f"expected a JSON object, got {_kind(value)}")
    return value


def _without_nulls(value: Any) -> Any:
    """A Parquet row as JSON would have it: a null column (or struct field) is absent.

    Parquet gives every row every column, so a file mixing ``prompt`` rows
    and ``messages`` rows has nulls in both; a null means "not given".
    """
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"
