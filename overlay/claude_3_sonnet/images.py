"""Image content blocks from files, bytes or open binary files.

The service accepts images only inline, base64-encoded, in four formats, up
to 5 MB each, and the 5 MB is measured on the base64 text, not on the file:
since base64 is a third longer, files up to 3.75 MB fit. A wrong ``media_type`` or an oversized image is rejected by the
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
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeAlias, TypeGuard, cast

from .core.errors import ImageError

if TYPE_CHECKING:
    from claude_3_sonnet_client.params import (
        ImageBlockParam,
        ImageUrlBlockParam,
        UserContentBlockParam,
        UserMessageParam,
    )

__all__ = [
    "MAX_IMAGE_BASE64_CHARS",
    "MAX_IMAGE_BYTES",
    "MEDIA_TYPES",
    "ImageError",
    "ImageInput",
    "Images",
    "image_block",
    "image_url_block",
    "is_url",
    "media_type_of",
    "user_message",
]

URL_SCHEMES = ("http://", "https://", "data:")
"""A ``str`` image starting with one of these is sent by URL (OpenAI shape), not read as a path."""

MAX_IMAGE_BASE64_CHARS = 5 * 1024 * 1024
"""Anthropic's per-image limit (5 MB), applied to the base64-encoded data."""

MAX_IMAGE_BYTES = MAX_IMAGE_BASE64_CHARS // 4 * 3
"""The largest image file whose base64 form fits the limit: 3,932,160 bytes (3.75 MB)."""

MEDIA_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
"""The formats the service accepts (``ImageMediaType`` in the contract)."""

ImageInput: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO
"""A path (``str`` or ``Path``), the image's bytes, or a file opened in binary mode."""


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


def _read(image: ImageInput, source: str) -> tuple[bytes, int | None]:
    """At most one byte more than the limit, so a huge file is never read whole,
    and the whole size when it is known without reading it (else ``None``)."""
    limit = MAX_IMAGE_BYTES + 1
    if isinstance(image, bytes | bytearray | memoryview):
        view = memoryview(image)
        if view.ndim != 1 or view.itemsize != 1:
            view = memoryview(view.tobytes())
        return bytes(view[:limit]), view.nbytes
    if isinstance(image, str | os.PathLike):
        try:
            with Path(image).open("rb") as file:
                data = file.read(limit)
                size = os.fstat(file.fileno()).st_size
            return data, size if size >= len(data) else None
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
    return data, None


def _base64_length(size: int) -> int:
    return (size + 2) // 3 * 4


def _too_large(size: int | None) -> str:
    """Why an image over the limit is refused, with its size as a file and in base64."""
    if size is None:  # a file object: only the first MAX_IMAGE_BYTES + 1 bytes were read
        sizes = f"more than {MAX_IMAGE_BYTES:,} bytes, more than {MAX_IMAGE_BASE64_CHARS:,}"
    else:
        sizes = f"{size:,} bytes, {_base64_length(size):,}"
    return (
        f"is too large: {sizes} characters in base64; the service accepts at most "
        f"{MAX_IMAGE_BASE64_CHARS:,} characters of base64 (5 MB), a file of at most "
        f"{MAX_IMAGE_BYTES:,} bytes (3.75 MB)"
    )


def image_block(image: ImageInput) -> ImageBlockParam:
    """An ``image`` content block, checked and base64-encoded.

    Raises :class:`ImageError` for an unreadable or empty image, one whose
    base64 form is over 5 MB (a file over 3.75 MB, :data:`MAX_IMAGE_BYTES`),
    or one that is not JPEG, PNG, GIF or WebP.
    """
    source = _describe(image)
    data, size = _read(image, source)
    if not data:
        raise ImageError(source, "is empty")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(source, _too_large(size))
    media_type = media_type_of(data)
    if media_type is None:
        raise ImageError(
            source,
            f"is not a supported image format (the service accepts {', '.join(MEDIA_TYPES)}; "
            f"the file starts with {data[:8].hex(' ')})",
        )
    block = {
        "type": "image",
        "source": {
            "type": "base64",
            "media_type": media_type,  # one of MEDIA_TYPES, read from the bytes above
            "data": base64.b64encode(data).decode("ascii"),
        },
    }
    return cast("ImageBlockParam", block)


def is_url(image: object) -> TypeGuard[str]:
    """Is this image input a URL (``https://...`` or a ``data:`` URL) rather than a path?"""
    return isinstance(image, str) and image.lower().startswith(URL_SCHEMES)


def image_url_block(
    url: str, detail: Literal["low", "high", "auto"] | None = None
) -> ImageUrlBlockParam:
    """An ``image_url`` content part: the image by URL, or a ``data:image/...;base64,`` URL.

    The service fetches (or decodes) it; nothing is read here. ``detail`` is
    ``low``, ``high`` or ``auto``.
    """
    if not is_url(url):
        raise ImageError(repr(url), "is not an http(s) or data: URL")
    if detail is None:
        return {"type": "image_url", "image_url": {"url": url}}
    return {"type": "image_url", "image_url": {"url": url, "detail": detail}}


Images: TypeAlias = ImageInput | Mapping[str, Any] | Iterable[ImageInput | Mapping[str, Any]]
"""One image, or any number of them (each an :data:`ImageInput` or a built image block)."""


def _each(images: Images | None) -> Iterable[ImageInput | Mapping[str, Any]]:
    """The images one by one; a single one is not iterated (a path's characters, a file's lines)."""
    if images is None:
        return ()
    if isinstance(images, (str, os.PathLike, bytes, bytearray, memoryview, Mapping)):
        return (images,)
    if callable(getattr(images, "read", None)):  # a file object (iterating it gives lines)
        return (cast(BinaryIO, images),)
    return images


def user_message(text: str, images: Images | None = None) -> UserMessageParam:
    """A ``user`` message with ``text`` and, before it, each image.

    ``images`` is one image (a path, bytes, a binary file, an ``https://`` or
    ``data:`` URL, or a built block) or an iterable of them. Images come first because Anthropic reports the
    best results that way. Without images the content is the plain string;
    with images and an empty ``text`` there is no text block (the service
    rejects empty ones). Already-built image blocks (dicts) are passed
    through unchanged.
    """
    blocks: list[UserContentBlockParam] = []
    for image in _each(images):
        if isinstance(image, Mapping):
            blocks.append(cast("UserContentBlockParam", dict(image)))  # built by the caller
        elif is_url(image):
            blocks.append(image_url_block(image))
        else:
            blocks.append(image_block(image))
    if not blocks:
        return {"role": "user", "content": text}
    if text:
        blocks.append({"type": "text", "text": text})
    return {"role": "user", "content": blocks}
