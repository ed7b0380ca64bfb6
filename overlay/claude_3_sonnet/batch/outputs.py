"""Where records go: the JSONL journal itself, or a Parquet file built from one.

A Parquet file cannot be appended to safely (its index is written last), so
a Parquet output is journaled: records go, as they complete, to
``OUTPUT.journal.jsonl`` with every guarantee of :class:`Journal`, and once
every input id has a record the Parquet file is written from it (to a
temporary file, then an atomic rename) and the journal is removed. A run
that stops early leaves the journal; the rerun resumes from it. Ids already
in an existing ``OUTPUT`` Parquet file count as done too, so extending a
finished run with new input lines sends only the new ones.

Columns: ``id``, ``status``, ``text``, ``finish_reason``, ``usage`` and
``cost`` (structs), ``attempts``, ``error`` (a struct), ``completion`` (the
whole completion as JSON text: its shape varies), then the kept input
fields.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import orjson

from .errors import BatchFileError, RecordId
from .journal import Journal, fsync_directory, read_records
from .sources import PARQUET_EXTRA, Format, format_of, reason

JOURNAL_SUFFIX = ".journal.jsonl"


class Output(Protocol):
    """What the runner writes to."""

    path: Path
    done: dict[RecordId, bool]
    warnings: list[str]

    def append(self, record: Mapping[str, Any]) -> None: ...

    def finish(self) -> None:
        """Every id has its record: produce the final file (Parquet), if it is not the journal."""

    def close(self) -> None: ...


class JsonlOutput(Journal):
    """JSONL output: the journal is the output."""

    def finish(self) -> None:
        return None


class ParquetOutput:
    """Parquet output, journaled while the run lasts."""

    def __init__(self, path: Path, *, fsync: bool) -> None:
        self.path = path
        self.journal = Journal(path.with_name(path.name + JOURNAL_SUFFIX), fsync=fsync)
        self.done: dict[RecordId, bool] = {}
        self.warnings: list[str] = []

    def open(self, *, retry_errors: bool) -> ParquetOutput:
        _pyarrow()
        if self.path.is_dir():
            raise BatchFileError(f"cannot write {self.path}: it is a directory")
        self.journal.open(retry_errors=retry_errors)
        try:
            earlier = self._earlier_ids()
        except BaseException:
            self.journal.close()
            raise
        self.done = {
            k: ok for k, ok in earlier.items() if ok or not retry_errors
        } | self.journal.done
        self.warnings = self.journal.warnings
        return self

    def _earlier_ids(self) -> dict[RecordId, bool]:
        """Ids (and success) in the Parquet file a previous run finished, if any."""
        if not self.path.exists():
            return {}
        table = _read_table(self.path, columns=["id", "status"])
        ids = _ids(table)
        statuses = table.column("status").to_pylist()
        return {i: s == "ok" for i, s in zip(ids, statuses, strict=True)}

    def append(self, record: Mapping[str, Any]) -> None:
        self.journal.append(record)
        self.done[record["id"]] = record.get("status") == "ok"

    def finish(self) -> None:
        """Write ``OUTPUT`` from the earlier file and the journal, atomically; drop the journal."""
        pa = _pyarrow()
        journal = list(read_records(self.journal.path))
        fresh = {r["id"] for r in journal}
        rows: list[dict[str, Any]] = []
        if self.path.exists():
            table = _read_table(self.path)
            earlier = table.to_pylist()
            for row, record_id in zip(earlier, _ids(table), strict=True):
                row["id"] = record_id
            rows.extend(r for r in earlier if r["id"] not in fresh)
        rows.extend(_row(r) for r in journal)
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            table = _table(pa, rows)
            importlib.import_module("pyarrow.parquet").write_table(table, temporary)
            with temporary.open("rb") as file:
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
            fsync_directory(self.path.parent)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise BatchFileError(f"cannot write {self.path}: {reason(exc)}") from None
        # Only now: a kill before this line leaves the journal, and the rerun redoes this step.
        with contextlib.suppress(OSError):
            self.journal.path.unlink()

    def close(self) -> None:
        self.journal.close()


def check_writable(path: str | os.PathLike[str], fmt: Format | None = None) -> None:
    """Fail now, with one clear message, if ``path`` cannot become the output."""
    target = Path(path)
    if target.is_dir():
        raise BatchFileError(f"cannot write {target}: it is a directory")
    if format_of(target, fmt) == "parquet":
        _pyarrow()
    folder = target.parent
    if not folder.is_dir():
        raise BatchFileError(f"cannot write {target}: the folder {folder} does not exist")
    writable = os.access(target, os.W_OK) if target.exists() else os.access(folder, os.W_OK)
    if not writable:
        raise BatchFileError(f"cannot write {target}: permission denied")


def open_output(
    path: str | os.PathLike[str],
    fmt: Format | None = None,
    *,
    fsync: bool = False,
    retry_errors: bool = False,
) -> JsonlOutput | ParquetOutput:
    """The output, locked, read back (torn tail repaired), ready to append."""
    target = Path(path)
    if format_of(target, fmt) == "parquet":
        return ParquetOutput(target, fsync=fsync).open(retry_errors=retry_errors)
    output = JsonlOutput(target, fsync=fsync)
    output.open(retry_errors=retry_errors)
    return output


# -- Parquet -----------------------------------------------------------------------


def _pyarrow() -> Any:
    try:
        return importlib.import_module("pyarrow")  # optional, heavy: on use only
    except ImportError:
        raise BatchFileError(f"writing Parquet needs pyarrow: {PARQUET_EXTRA}") from None


def _read_table(path: Path, columns: list[str] | None = None) -> Any:
    parquet = importlib.import_module("pyarrow.parquet")
    try:
        return parquet.read_table(path, columns=columns)
    except OSError as exc:
        raise BatchFileError(f"cannot read {path}: {reason(exc)}") from None
    except Exception as exc:  # ArrowInvalid: not Parquet, or not one this tool wrote
        raise BatchFileError(
            f"cannot read {path} as a batch output ({exc}); move it away to start afresh"
        ) from None


ID_ENCODING = b"claude_3_sonnet.id_encoding"
"""Parquet metadata: ``json`` when ids of mixed types were written as JSON text."""


def _ids(table: Any) -> list[RecordId]:
    """The ids of a table this tool wrote, as they were in the input (1 and "1" differ)."""
    ids: list[Any] = table.column("id").to_pylist()
    metadata = table.schema.metadata or {}
    if metadata.get(ID_ENCODING) == b"json":
        return [orjson.loads(i) for i in ids]
    return ids


def _row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record as a Parquet row: the completion, whose shape varies, as JSON text."""
    row = dict(record)
    completion = row.get("completion")
    if completion is not None and not isinstance(completion, str):
        row["completion"] = orjson.dumps(completion).decode()
    return row


def _schema_fields(pa: Any) -> dict[str, Any]:
    """The fixed columns' types; kept input fields are typed from their values."""
    return {
        "status": pa.string(),
        "text": pa.string(),
        "finish_reason": pa.string(),
        "usage": pa.struct(
            [
                ("prompt_tokens", pa.int64()),
                ("completion_tokens", pa.int64()),
                ("total_tokens", pa.int64()),
            ]
        ),
        "cost": pa.struct(
            [("usd", pa.float64()), ("credits", pa.float64()), ("estimated_usd", pa.float64())]
        ),
        "attempts": pa.int64(),
        "error": pa.struct(
            [
                ("type", pa.string()),
                ("status_code", pa.int64()),
                ("message", pa.string()),
                ("line", pa.int64()),
            ]
        ),
        "completion": pa.string(),
    }


def _table(pa: Any, rows: list[dict[str, Any]]) -> Any:
    """The table of all rows; a column whose values have no one Arrow type becomes JSON text."""
    fixed = _schema_fields(pa)
    names: dict[str, None] = {"id": None, **dict.fromkeys(fixed)}
    for row in rows:
        names.update(dict.fromkeys(row))
    columns: dict[str, Any] = {}
    metadata: dict[bytes, bytes] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        if name == "id":
            try:
                columns[name] = pa.array(values)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                # Strings and integers together: JSON text keeps 1 and "1" apart.
                columns[name] = pa.array([orjson.dumps(v).decode() for v in values], pa.string())
                metadata[ID_ENCODING] = b"json"
            continue
        columns[name] = _column(pa, values, fixed.get(name))
    return pa.table(columns, metadata=metadata or None)


def _column(pa: Any, values: Iterable[Any], kind: Any) -> Any:
    values = list(values)
    try:
        return pa.array(values, type=kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        # Mixed ids (strings and numbers), a kept field of varying type: text.
        return pa.array(
            [
                None if v is None else v if isinstance(v, str) else orjson.dumps(v).decode()
                for v in values
            ],
            type=pa.string(),
        )
