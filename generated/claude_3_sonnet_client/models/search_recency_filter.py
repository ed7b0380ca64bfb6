from typing import Literal

SearchRecencyFilter = Literal["day", "month", "week", "year"]

SEARCH_RECENCY_FILTER_VALUES: set[SearchRecencyFilter] = {
    "day",
    "month",
    "week",
    "year",
}


def check_search_recency_filter(value: str) -> SearchRecencyFilter:
    if value in SEARCH_RECENCY_FILTER_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SEARCH_RECENCY_FILTER_VALUES!r}")
