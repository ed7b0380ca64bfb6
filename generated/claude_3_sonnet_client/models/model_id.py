from typing import Literal

ModelId = Literal["anthropic/claude-3-sonnet", "claude-3-sonnet-20240229", "claude-3-sonnet-latest"]

MODEL_ID_VALUES: set[ModelId] = {
    "anthropic/claude-3-sonnet",
    "claude-3-sonnet-20240229",
    "claude-3-sonnet-latest",
}


def check_model_id(value: str) -> ModelId:
    if value in MODEL_ID_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MODEL_ID_VALUES!r}")
