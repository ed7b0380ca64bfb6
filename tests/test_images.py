"""Image blocks: media type from the bytes, every bad input refused before sending."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claude_3_sonnet import Claude3Sonnet
from claude_3_sonnet.images import (
    MAX_IMAGE_BASE64_CHARS,
    MAX_IMAGE_BYTES,
    ImageError,
    Images,
    image_block,
    media_type_of,
    user_message,
)
from claude_3_sonnet.mock import MockServer

from .support import GIF, JPEG, KEY, PNG, WEBP


@pytest.fixture
def client(mock_server: MockServer) -> Iterator[Claude3Sonnet]:
    with Claude3Sonnet(api_key=KEY, base_url=mock_server.base_url) as c:
        yield c


@pytest.mark.parametrize(
    ("data", "media_type"),
    [(JPEG, "image/jpeg"), (PNG, "image/png"), (GIF, "image/gif"), (WEBP, "image/webp")],
)
def test_media_type_comes_from_the_magic_bytes(data: bytes, media_type: str) -> None:
    assert media_type_of(data) == media_type
    block = image_block(data)
    assert block == {
        "type": "image",
        "source": {
            "type": "base64",
            "media_type": media_type,
            "data": base64.b64encode(data).decode(),
        },
    }


def test_gif87a_is_a_gif() -> None:
    assert media_type_of(b"GIF87a" + GIF[6:]) == "image/gif"


def test_the_file_name_is_ignored(tmp_path: Path) -> None:
    misnamed = tmp_path / "photo.png"
    misnamed.write_bytes(JPEG)
    assert image_block(misnamed)["source"]["media_type"] == "image/jpeg"
    assert image_block(str(misnamed))["source"]["media_type"] == "image/jpeg"


def test_binary_file_objects_and_bytes_like(tmp_path: Path) -> None:
    path = tmp_path / "x.gif"
    path.write_bytes(GIF)
    with path.open("rb") as file:
        assert image_block(file)["source"]["media_type"] == "image/gif"
    assert image_block(io.BytesIO(PNG))["source"]["media_type"] == "image/png"
    assert image_block(bytearray(PNG)) == image_block(memoryview(PNG)) == image_block(PNG)


def test_unsupported_format_names_the_file(tmp_path: Path) -> None:
    bmp = tmp_path / "picture.bmp"
    bmp.write_bytes(b"BM" + b"\0" * 60)
    with pytest.raises(ImageError, match=r"picture\.bmp.*not a supported image format"):
        image_block(bmp)


@pytest.mark.parametrize("data", [b"RIFF\0\0\0\0WAVEfmt ", b"GIF90a", b"\x89PNG", b"hello"])
def test_near_misses_are_not_images(data: bytes) -> None:
    assert media_type_of(data) is None
    with pytest.raises(ImageError, match="not a supported image format"):
        image_block(data)


def test_empty_image(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.touch()
    with pytest.raises(ImageError, match=r"empty\.png.*is empty"):
        image_block(empty)
    with pytest.raises(ImageError, match="is empty"):
        image_block(b"")


def test_the_limit_is_5_mb_of_base64_not_of_file() -> None:
    assert MAX_IMAGE_BASE64_CHARS == 5 * 1024 * 1024
    assert MAX_IMAGE_BYTES == 3_932_160  # 3.75 MB: its base64 is exactly 5 MB
    assert len(base64.b64encode(bytes(MAX_IMAGE_BYTES))) == MAX_IMAGE_BASE64_CHARS
    assert len(base64.b64encode(bytes(MAX_IMAGE_BYTES + 1))) > MAX_IMAGE_BASE64_CHARS


def test_an_image_the_service_would_refuse_is_refused(tmp_path: Path) -> None:
    # 4.5 MB: under 5 MB as a file, but 6 MB of base64, which the service refuses.
    big = tmp_path / "big.png"
    big.write_bytes(PNG + b"\0" * (4_500_000 - len(PNG)))
    message = (
        r"image '.*big\.png': is too large: 4,500,000 bytes, 6,000,000 characters in base64; "
        r"the service accepts at most 5,242,880 characters of base64 \(5 MB\), "
        r"a file of at most 3,932,160 bytes \(3\.75 MB\)"
    )
    with pytest.raises(ImageError, match=message):
        image_block(big)
    with pytest.raises(ImageError, match=r"4,500,000 bytes, 6,000,000 characters in base64"):
        image_block(big.read_bytes())
    with big.open("rb") as file, pytest.raises(ImageError, match="is too large: more than"):
        image_block(file)


def test_one_byte_over_the_limit_is_refused() -> None:
    data = PNG + b"\0" * (MAX_IMAGE_BYTES - len(PNG) + 1)
    with pytest.raises(ImageError, match="3,932,161 bytes, 5,242,884 characters in base64"):
        image_block(data)


def test_exactly_the_limit_is_accepted() -> None:
    data = PNG + b"\0" * (MAX_IMAGE_BYTES - len(PNG))
    block = image_block(data)
    assert block["source"]["media_type"] == "image/png"
    assert len(block["source"]["data"]) == MAX_IMAGE_BASE64_CHARS


def test_missing_file_directory_and_text_mode(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match=r"nope\.png.*no such file"):
        image_block(tmp_path / "nope.png")
    with pytest.raises(ImageError, match="directory"):
        image_block(tmp_path)
    with pytest.raises(ImageError, match="text mode"):
        image_block(io.StringIO("GIF89a"))  # type: ignore[arg-type]


def test_image_error_is_a_value_error() -> None:
    error = ImageError("'x.bmp'", "is empty")
    assert isinstance(error, ValueError)
    assert (error.source, error.problem) == ("'x.bmp'", "is empty")


def test_user_message_puts_images_before_the_text() -> None:
    message: dict[str, Any] = dict(user_message("What is this?", images=[PNG, GIF]))
    assert message["role"] == "user"
    kinds = [(b["type"], b.get("source", {}).get("media_type")) for b in message["content"]]
    assert kinds == [("image", "image/png"), ("image", "image/gif"), ("text", None)]
    assert message["content"][-1]["text"] == "What is this?"


def test_user_message_without_images_is_plain_text() -> None:
    assert user_message("Hi") == {"role": "user", "content": "Hi"}
    assert user_message("Hi", images=[]) == {"role": "user", "content": "Hi"}


def test_user_message_passes_built_blocks_and_skips_empty_text() -> None:
    block = image_block(PNG)
    assert user_message("", images=[block]) == {"role": "user", "content": [block]}


def test_user_message_takes_a_single_image(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(PNG)
    expected = {"role": "user", "content": [image_block(PNG), {"type": "text", "text": "Hi"}]}
    with path.open("rb") as file:
        singles: list[Images] = [
            str(path),
            path,
            PNG,
            bytearray(PNG),
            memoryview(PNG),
            file,
            image_block(PNG),
        ]
        for single in singles:
            assert user_message("Hi", images=single) == expected, single
    assert user_message("Hi", images=(p for p in [path])) == expected


def test_user_message_fails_before_any_request(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="empty"):
        user_message("Hi", images=[PNG, b""])


def test_images_reach_the_model(client: Claude3Sonnet, tmp_path: Path) -> None:
    path = tmp_path / "cat.webp"
    path.write_bytes(WEBP)
    completion = client.chat.completions.create(
        messages=[user_message("Describe them.", images=[path, JPEG])]
    )
    assert completion.choices[0].message.content == (
        "I see 2 images (image/webp, image/jpeg). You said: Describe them."
    )
