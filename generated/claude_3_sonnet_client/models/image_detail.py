from typing import Literal

ImageDetail = Literal["auto", "high", "low"]

IMAGE_DETAIL_VALUES: set[ImageDetail] = {
    "auto",
    "high",
    "low",
}


def check_image_detail(value: str) -> ImageDetail:
    if value in IMAGE_DETAIL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {IMAGE_DETAIL_VALUES!r}")
