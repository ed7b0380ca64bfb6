"""Image content blocks from files, bytes or open binary files.

The service accepts images only inline, base64-encoded, in four formats, up
to 5 MB each. A wrong ``media_type`` or an oversized image is rejected by the
service after the upload, with a message that does not say which file was
at fault; so everything is checked here, before any request is sent, and
:class:`ImageError` names the file and what is wrong with it.

The media type is read from the file's first bytes, never from its name:
``photo.png`` saved as JPEG is common, and the service checks the content.

::

    from claude_3_sonnet.images import user_message

    message = user_message("What is in this picture?", images=["photo.jpg"])
    client.chat.completions.create(messages=[message])
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias

__all__ = [
    "MAX_IMAGE_BYTES",
    "MEDIA_TYPES",
    "ImageError",
    "ImageInput",
    "image_block",
    "media_type_of",
    "user_message",
]

MAX_IMAGE_BYTES = 5 * 1024 * 1024
"""Anthropic's published per-image limit (5 MB), on the decoded bytes."""

MEDIA_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
"""The formats the service accepts (``ImageMediaType`` in the contract)."""

ImageInput: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
"""A path (``str`` or ``Path``), the image's bytes, or a file opened in binary mode."""


class ImageError(ValueError):
    """An image cannot be sent: unreadable, empty, too large or not a supported format."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"image {source}: {problem}")
        self.source = source
        self.problem = problem


def media_type_of(data: bytes) -> str | None:
    """The media type announced by the data's magic bytes, or ``None``."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _describe(image: ImageInput) -> str:
    if isinstance(image, str | os.PathLike):
        return repr(os.fspath(image))
    if isinstance(image, bytes | bytearray | memoryview):
        return "(bytes)"
    name = getattr(image, "name", None)
    return repr(name) if isinstance(name, str) else f"({type(image).__name__})"


def _read(image: ImageInput, source: str) -> bytes:
    """At most one byte more than the limit, so a huge file is never read whole."""
    limit = MAX_IMAGE_BYTES + 1
    if isinstance(image, bytes | bytearray | memoryview):
        return bytes(image[:limit])
    if isinstance(image, str | os.PathLike):
        try:
            with Path(image).open("rb") as file:
                return file.read(limit)
        except FileNotFoundError:
            raise ImageError(source, "no such file") from None
        except IsADirectoryError:
            raise ImageError(source, "is a directory, not a file") from None
        except OSError as exc:
            raise ImageError(source, f"cannot be read ({exc.strerror or exc})") from None
    read = getattr(image, "read", None)
    if not callable(read):
        raise ImageError(source, "expected a path, bytes or a file opened in binary mode ('rb')")
    data = read(limit)
    if not isinstance(data, bytes):
        raise ImageError(source, "the file is open in text mode; open it with 'rb'")
    return data


def image_block(image: ImageInput) -> dict[str, Any]:
    """An ``image`` content block, checked and base64-encoded.

    Raises :class:`ImageError` for an unreadable, empty or oversized image,
    or one that is not JPEG, PNG, GIF or WebP.
    """
    source = _describe(image)
    data = _read(image, source)
    if not data:
        raise ImageError(source, "is empty")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(
            source, f"is larger than the service's limit of {MAX_IMAGE_BYTES:,} bytes (5 MB)"
        )
    media_type = media_type_of(data)
    if media_type is None:
        raise ImageError(
            source,
            f"is not a supported image format (the service accepts {', '.join(MEDIA_TYPES)}; "
            f"the file starts with {data[:8].hex(' ')})",
        )
    return {
        "type": "image",
        "source": {
            "type": "base64",
            "media_type": media_type,
            "data": base64.b64encode(data).decode("ascii"),
        },
    }


def user_message(
    text: str, images: Iterable[ImageInput | Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """A ``user`` message with ``text`` and, before it, each image.

    Images come first because Anthropic reports the best results that way.
    Without images the content is the plain string; with images and an empty
    ``text`` there is no text block (the service rejects empty ones).
    Already-built image blocks (dicts) are passed through unchanged.
    """
    blocks = [
        dict(image) if isinstance(image, Mapping) else image_block(image)
        for image in (images or ())
    ]
    if not blocks:
        return {"role": "user", "content": text}
    if text:
        blocks.append({"type": "text", "text": text})
    return {"role": "user", "content": blocks}
