"""The fast parsing paths build exactly what the generated parsers build."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claude_3_sonnet._fastparse import parse_completion_data
from claude_3_sonnet_client.models import ChatCompletion

from .fixtures import SEED_RESPONSE

text = st.one_of(st.none(), st.text(max_size=4))
message = st.fixed_dictionaries(
    {},
    optional={
        "role": text,
        "content": text,
        "reasoning_content": text,
        "refusal": text,
        "tool_calls": st.just(
            [{"id": "t", "type": "function", "function": {"name": "f", "arguments": "{}"}}]
        ),
        "annotations": st.just([]),
    },
)
choice = st.fixed_dictionaries(
    {"index": st.integers(0, 3), "message": message},
    optional={
        "finish_reason": text,
        "logprobs": st.one_of(st.none(), st.just({"content": None, "refusal": None})),
        "native_finish_reason": st.text(max_size=3),
    },
)
usage = st.fixed_dictionaries(
    {
        "prompt_tokens": st.integers(0, 99),
        "completion_tokens": st.integers(0, 99),
        "total_tokens": st.integers(0, 99),
    },
    optional={"prompt_tokens_details": st.just({"cached_tokens": 1}), "extra": st.integers()},
)
completion = st.fixed_dictionaries(
    {
        "id": st.text(max_size=4),
        "object": st.just("chat.completion"),
        "created": st.integers(0, 2**31),
        "model": st.text(max_size=4),
        "choices": st.lists(choice, max_size=2),
    },
    optional={
        "usage": usage,
        "meta": st.one_of(st.none(), st.just({"usage": {"credits_used": 1, "usd_spent": 0.5}})),
        "system_fingerprint": st.text(max_size=3),
    },
)


def both(data: Any) -> tuple[Any, Any]:
    def run(parse: Any) -> Any:
        try:
            return parse(copy.deepcopy(data))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return type(exc)

    return run(ChatCompletion.from_dict), run(parse_completion_data)


@given(completion)
def test_fast_completion_path_equals_generated_parser(data: dict[str, Any]) -> None:
    expected, actual = both(data)
    assert actual == expected
    assert actual.to_dict() == json.loads(json.dumps(data))


@pytest.mark.parametrize("missing", ["id", "object", "created", "model", "choices"])
def test_missing_required_fields_fail_the_same_way(missing: str) -> None:
    data = copy.deepcopy(SEED_RESPONSE)
    del data[missing]
    expected, actual = both(data)
    assert actual is expected
    assert expected is KeyError
