from typing import Literal

AllowedToolsMode = Literal["auto", "required"]

ALLOWED_TOOLS_MODE_VALUES: set[AllowedToolsMode] = {
    "auto",
    "required",
}


def check_allowed_tools_mode(value: str) -> AllowedToolsMode:
    if value in ALLOWED_TOOLS_MODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ALLOWED_TOOLS_MODE_VALUES!r}")
