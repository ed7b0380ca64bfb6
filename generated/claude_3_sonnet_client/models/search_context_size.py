from typing import Literal

SearchContextSize = Literal["high", "low", "medium"]

SEARCH_CONTEXT_SIZE_VALUES: set[SearchContextSize] = {
    "high",
    "low",
    "medium",
}


def check_search_context_size(value: str) -> SearchContextSize:
    if value in SEARCH_CONTEXT_SIZE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SEARCH_CONTEXT_SIZE_VALUES!r}")
