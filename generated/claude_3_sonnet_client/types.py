"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, TYPE_CHECKING, BinaryIO, Generic, TypeAlias, TypeVar

from attrs import define

# Project template (openapi/templates/types.py.jinja), a safety net: the project's model
# templates never use Unset (an absent optional field is None). Stock templates the project
# does not override (the api module's optional parameters and bodies; const, enum, date,
# datetime, uuid and file properties) still write `isinstance(x, Unset)` and `UNSET`; with
# `Unset` the type of None and `UNSET` None itself, that code means `is None`, the same
# convention, and type checkers read `X | Unset` as `X | None`.
if TYPE_CHECKING:
    Unset: TypeAlias = None
else:
    Unset = type(None)

UNSET: Unset = None

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
