"""The output file as an exactly-once journal: one record per id, whatever happens.

The guarantees, and how each is kept:

* **A record is whole or absent.** Each record is one JSON line written
  with a single ``os.write`` on a descriptor opened ``O_APPEND`` (no Python
  buffer that a kill could leave half-flushed), then optionally
  ``fsync``-ed. A kill can at worst leave the *last* line torn.
* **A torn last line is repaired.** On open, the file is read back; a tail
  that does not parse as records (the torn line, or the zeros a crash can
  leave) is truncated away, and the run says so. Damage *followed* by good
  records is not something an interrupted run leaves: that stops the run
  with the line number, rather than guessing.
* **Rerunning skips what is done.** The ids of the records read back are
  ``done``; the runner does not send them again. ``retry_errors`` first
  rewrites the file without its error records (to a temporary file, then an
  atomic rename), so their ids run again and still end with one record
  each.
* **One writer at a time.** A lock (``flock`` on ``OUTPUT.lock``, removed
  when the run ends) refuses a second run on the same output, which would
  otherwise write some ids twice.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from .errors import BatchFileError, RecordId
from .sources import reason

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, one run at a time is on you
    fcntl = None  # type: ignore[assignment]

STATUSES = frozenset({"ok", "error"})


def dumps(record: Mapping[str, Any]) -> bytes:
    """One record as one line of JSON (anything JSON lacks, a date from Parquet say, as text)."""
    return orjson.dumps(record, default=str, option=orjson.OPT_APPEND_NEWLINE)


def parse_record(line: bytes) -> dict[str, Any] | None:
    """The record on a complete line, or ``None`` if the line is not one."""
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(value, dict) or value.get("status") not in STATUSES:
        return None
    record_id = value.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int):
        return None
    return value


def _lines(file: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """``(offset, line)`` for each line, the last one possibly without its newline."""
    offset = 0
    for line in file:
        yield offset, line
        offset += len(line)


class Lock:
    """An exclusive, non-blocking lock on ``<output>.lock`` for the length of a run."""

    def __init__(self, output: Path) -> None:
        self.path = output.with_name(output.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        if fcntl is None:  # pragma: no cover
            return
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise BatchFileError(f"cannot write {self.path}: {reason(exc)}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise BatchFileError(
                    f"another batch run is writing {self.path.with_suffix('')} "
                    f"(it holds {self.path}); wait for it to finish or stop it first"
                ) from None
            # The previous holder may have removed the file between our open and
            # our lock: then we hold a lock on nothing, and must start again.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return
            os.close(fd)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            os.close(fd)


class Journal:
    """Append-only JSONL records, one per id, resumable after any interruption."""

    def __init__(self, path: str | os.PathLike[str], *, fsync: bool = False) -> None:
        self.path = Path(path)
        self.fsync = fsync
        self.done: dict[RecordId, bool] = {}
        """Ids with a record, and whether that record is a success."""
        self.warnings: list[str] = []
        self._fd: int | None = None
        self._lock = Lock(self.path)

    # -- opening -------------------------------------------------------------
    def open(self, *, retry_errors: bool = False) -> Journal:
        """Lock, read back what is there, repair a torn tail, and get ready to append."""
        if self.path.is_dir():
            raise BatchFileError(f"cannot write {self.path}: it is a directory")
        self._lock.acquire()
        try:
            self._fd = self._open_fd()
            self._recover()
            if retry_errors and not all(self.done.values()):
                self._drop_errors()
        except BaseException:
            self.close()
            raise
        return self

    def _open_fd(self) -> int:
        try:
            return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise BatchFileError(f"cannot write {self.path}: {reason(exc)}") from None

    def _recover(self) -> None:
        assert self._fd is not None
        good_end = 0
        bad: tuple[int, int] | None = None  # (line number, offset) of the first bad line
        duplicates = 0
        try:
            with self.path.open("rb") as file:
                for number, (offset, line) in enumerate(_lines(file), start=1):
                    record = parse_record(line) if line.endswith(b"\n") else None
                    if record is None:
                        if bad is None:
                            bad = (number, offset)
                        continue
                    if bad is not None:
                        raise BatchFileError(
                            f"{self.path}: line {bad[0]} is not a batch record, yet records "
                            "follow it: the file was edited or damaged. Fix or delete that "
                            "line, then run again."
                        )
                    good_end = offset + len(line)
                    record_id = record["id"]
                    if record_id in self.done:
                        duplicates += 1
                        continue
                    self.done[record_id] = record["status"] == "ok"
            size = os.fstat(self._fd).st_size
        except OSError as exc:
            raise BatchFileError(f"cannot read {self.path}: {reason(exc)}") from None
        if size > good_end:
            self._truncate(good_end)
            self.warnings.append(
                f"repaired {self.path}: removed {size - good_end} bytes of a torn last "
                "record left by an interrupted run"
            )
        if duplicates:
            self.warnings.append(
                f"{self.path} already had {duplicates} repeated ids (was it written by two "
                "runs at once?); the first record of each counts"
            )

    def _truncate(self, size: int) -> None:
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, size)
            os.fsync(self._fd)
        except OSError as exc:
            raise BatchFileError(f"cannot repair {self.path}: {reason(exc)}") from None

    def _drop_errors(self) -> None:
        """Rewrite the file without its error records, atomically, so those ids run again."""
        temporary = self.path.with_name(self.path.name + ".tmp")
        dropped = 0
        try:
            with self.path.open("rb") as source, temporary.open("wb") as target:
                for line in source:
                    record = parse_record(line)
                    if record is not None and record["status"] == "error":
                        dropped += 1
                        continue
                    target.write(line)
                target.flush()
                os.fsync(target.fileno())
            os.replace(temporary, self.path)
            fsync_directory(self.path.parent)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise BatchFileError(f"cannot rewrite {self.path}: {reason(exc)}") from None
        assert self._fd is not None
        os.close(self._fd)
        self._fd = self._open_fd()
        self.done = {k: ok for k, ok in self.done.items() if ok}
        self.warnings.append(f"removed {dropped} error records from {self.path} to retry them")

    # -- writing -------------------------------------------------------------
    def append(self, record: Mapping[str, Any]) -> None:
        """Write one record, whole, and make it durable (``fsync`` if asked)."""
        if self._fd is None:
            raise BatchFileError(f"{self.path} is not open for writing")
        data = dumps(record)
        view = memoryview(data)
        try:
            while view:  # a regular file takes it all at once; a short write is finished
                written = os.write(self._fd, view)
                view = view[written:]
            if self.fsync:
                os.fsync(self._fd)
        except OSError as exc:
            raise BatchFileError(f"cannot write {self.path}: {reason(exc)}") from None
        self.done[record["id"]] = record.get("status") == "ok"

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._lock.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The records of a journal, in order (a torn or foreign line is passed over)."""
    with Path(path).open("rb") as file:
        for line in file:
            record = parse_record(line)
            if record is not None:
                yield record


def fsync_directory(directory: Path) -> None:
    """Make a rename durable (POSIX: the directory entry is data of the directory)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
