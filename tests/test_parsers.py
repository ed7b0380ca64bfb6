"""The emitted parsers build exactly what the generated ``from_dict`` builds, and check types.

``claude_3_sonnet_client/parsers.py`` is written by ``make generate`` from the
contract; these tests hold it to the generated models and pin what it adds:
a field of the wrong type is an error naming its path, and a malformed
report (``x-lenient`` in the contract: usage, meta, logprobs) is kept as
sent instead of costing the answer.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claude_3_sonnet.core.parsing import ParseError, chunk_from_data
from claude_3_sonnet.core.parsing import completion_from_data as parse_completion_data
from claude_3_sonnet_client.models import ChatCompletion

from .fixtures import SEED_RESPONSE, without_nulls

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


@given(completion)
def test_fast_completion_path_equals_generated_parser(data: dict[str, Any]) -> None:
    expected = ChatCompletion.from_dict(copy.deepcopy(data))
    actual = parse_completion_data(copy.deepcopy(data))
    assert actual == expected
    assert actual.to_dict() == without_nulls(json.loads(json.dumps(data)))


@pytest.mark.parametrize("missing", ["id", "object", "created", "model", "choices"])
def test_missing_required_fields_are_named(missing: str) -> None:
    data = copy.deepcopy(SEED_RESPONSE)
    del data[missing]
    with pytest.raises(KeyError):
        ChatCompletion.from_dict(data)
    with pytest.raises(ParseError, match=f"missing required field '{missing}'"):
        parse_completion_data(data)


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (["choices", 0, "message", "content"], 5, "expected string or null, received integer"),
        (["choices", 0, "index"], "0", "expected integer, received string"),
        (["choices"], {}, "expected array, received object"),
        (["choices", 0, "message"], None, "expected an object for CompletionMessage"),
        (["created"], 1.5, "expected integer, received number"),
    ],
)
def test_wrong_types_are_named_by_their_path(path: list[Any], value: Any, problem: str) -> None:
    data = copy.deepcopy(SEED_RESPONSE)
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with pytest.raises(ParseError) as info:
        parse_completion_data(data)
    location = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    assert str(info.value) == f"{location}: {problem}" or (
        info.value.location() == location and problem in str(info.value)
    )


def test_a_malformed_report_is_kept_and_costs_nothing() -> None:
    data = copy.deepcopy(SEED_RESPONSE)
    data["usage"] = {"prompt_tokens": "5", "completion_tokens": None, "total_tokens": 3}
    data["choices"][0]["logprobs"] = {"content": "not a list"}
    completion = parse_completion_data(data)
    assert completion.choices[0].message.content == "Hello! How can I assist you today?"
    assert completion.usage is None
    assert completion.additional_properties["usage"] == data["usage"]
    assert completion.choices[0].logprobs is None
    assert completion.choices[0].additional_properties["logprobs"] == {"content": "not a list"}


def test_a_chunk_with_non_text_content_is_an_error() -> None:
    chunk = {
        "id": "",
        "choices": [{"index": 0, "delta": {"content": ["a"], "role": "assistant"}}],
        "created": 1,
        "model": "m",
        "object": "chat.completion.chunk",
    }
    with pytest.raises(ParseError, match=r"choices\[0\]\.delta\.content: expected string or null"):
        chunk_from_data(chunk)
