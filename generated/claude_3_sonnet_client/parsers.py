"""Fast, checked parsers for the response models. Emitted by ``make generate``; do not edit.

Each function builds the generated attrs class from decoded JSON, checking
every declared property's JSON type; a mismatch raises :class:`ParseError`
with the path of the value. See ``scripts/emit_parsers.py``.
"""

from __future__ import annotations

from typing import Any

from .models import (
    Annotation,
    AudioResponse,
    ChatCompletion,
    ChatCompletionChunk,
    Choice,
    ChunkChoice,
    ChunkDelta,
    ChunkFunctionCall,
    ChunkToolCall,
    CompletionMessage,
    CompletionTokensDetails,
    FunctionCall,
    Logprobs,
    Meta,
    MetaUsage,
    PromptTokensDetails,
    TokenLogprob,
    ToolCall,
    TopLogprob,
    UrlCitation,
    Usage,
)

__all__ = [
    "ParseError",
    "parse_annotation",
    "parse_audio_response",
    "parse_chat_completion",
    "parse_chat_completion_chunk",
    "parse_choice",
    "parse_chunk_choice",
    "parse_chunk_delta",
    "parse_chunk_function_call",
    "parse_chunk_tool_call",
    "parse_completion_message",
    "parse_completion_tokens_details",
    "parse_function_call",
    "parse_logprobs",
    "parse_meta",
    "parse_meta_usage",
    "parse_prompt_tokens_details",
    "parse_token_logprob",
    "parse_tool_call",
    "parse_top_logprob",
    "parse_url_citation",
    "parse_usage",
]


class ParseError(ValueError):
    """A value does not fit the contract; ``path`` locates it (``choices[0].delta.content``)."""

    def __init__(self, path: list[str | int], problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem

    def location(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "(top level)"

    def __str__(self) -> str:
        return f"{self.location()}: {self.problem}"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {str: "string", bool: "boolean", int: "integer", float: "number", list: "array", dict: "object"}.get(
        type(value), type(value).__name__
    )


def _wrong(key: str | int, expected: str, value: Any) -> ParseError:
    return ParseError([key], f"expected {expected}, received {_kind(value)}")


def _items(values: Any, parse: Any, key: str) -> list[Any]:
    if type(values) is not list:
        raise _wrong(key, "array", values)
    try:
        return [parse(item) for item in values]
    except ParseError as error:
        for index, item in enumerate(values):
            try:
                parse(item)
            except ParseError:
                error.path[:0] = [key, index]
                break
        raise


_CHAT_COMPLETION_KEYS = frozenset(["choices", "created", "id", "meta", "model", "object", "usage"])


def parse_chat_completion(d: Any) -> ChatCompletion:
    """A ``ChatCompletion`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for ChatCompletion, received {_kind(d)}")
    try:
        v_id = d["id"]
        v_object_ = d["object"]
        v_created = d["created"]
        v_model = d["model"]
        v_choices = d["choices"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    kept: dict[str, Any] | None = None
    if type(v_id) is not str:
        raise _wrong("id", "string", v_id)
    if type(v_object_) is not str:
        raise _wrong("object", "string", v_object_)
    if type(v_created) is not int:
        raise _wrong("created", "integer", v_created)
    if type(v_model) is not str:
        raise _wrong("model", "string", v_model)
    v_choices = _items(v_choices, parse_choice, "choices")
    v_usage = get("usage")
    if v_usage is not None:
        try:
            v_usage = parse_usage(v_usage)
        except ParseError:
            kept = {**(kept or {}), "usage": v_usage}
            v_usage = None
    v_meta = get("meta")
    if v_meta is not None:
        try:
            v_meta = parse_meta(v_meta)
        except ParseError:
            kept = {**(kept or {}), "meta": v_meta}
            v_meta = None
    obj = ChatCompletion(v_id, v_object_, v_created, v_model, v_choices, v_usage, v_meta)
    if not d.keys() <= _CHAT_COMPLETION_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _CHAT_COMPLETION_KEYS}
    if kept is not None:
        obj.additional_properties.update(kept)
    return obj


_CHAT_COMPLETION_CHUNK_KEYS = frozenset(["choices", "created", "id", "model", "object", "service_tier", "usage"])


def parse_chat_completion_chunk(d: Any) -> ChatCompletionChunk:
    """A ``ChatCompletionChunk`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for ChatCompletionChunk, received {_kind(d)}")
    try:
        v_id = d["id"]
        v_object_ = d["object"]
        v_created = d["created"]
        v_model = d["model"]
        v_choices = d["choices"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    kept: dict[str, Any] | None = None
    if type(v_id) is not str:
        raise _wrong("id", "string", v_id)
    if type(v_object_) is not str:
        raise _wrong("object", "string", v_object_)
    if type(v_created) is not int:
        raise _wrong("created", "integer", v_created)
    if type(v_model) is not str:
        raise _wrong("model", "string", v_model)
    v_choices = _items(v_choices, parse_chunk_choice, "choices")
    v_usage = get("usage")
    if v_usage is not None:
        try:
            v_usage = parse_usage(v_usage)
        except ParseError:
            kept = {**(kept or {}), "usage": v_usage}
            v_usage = None
    v_service_tier = get("service_tier")
    if type(v_service_tier) not in (str, type(None)):
        raise _wrong("service_tier", "string or null", v_service_tier)
    obj = ChatCompletionChunk(v_id, v_object_, v_created, v_model, v_choices, v_usage, v_service_tier)
    if not d.keys() <= _CHAT_COMPLETION_CHUNK_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _CHAT_COMPLETION_CHUNK_KEYS}
    if kept is not None:
        obj.additional_properties.update(kept)
    return obj


_CHOICE_KEYS = frozenset(["finish_reason", "index", "logprobs", "message"])


def parse_choice(d: Any) -> Choice:
    """A ``Choice`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for Choice, received {_kind(d)}")
    try:
        v_index = d["index"]
        v_message = d["message"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    kept: dict[str, Any] | None = None
    if type(v_index) is not int:
        raise _wrong("index", "integer", v_index)
    try:
        v_message = parse_completion_message(v_message)
    except ParseError as error:
        error.path.insert(0, "message")
        raise
    v_finish_reason = get("finish_reason")
    if type(v_finish_reason) not in (str, type(None)):
        raise _wrong("finish_reason", "string or null", v_finish_reason)
    v_logprobs = get("logprobs")
    if v_logprobs is not None:
        try:
            v_logprobs = parse_logprobs(v_logprobs)
        except ParseError:
            kept = {**(kept or {}), "logprobs": v_logprobs}
            v_logprobs = None
    obj = Choice(v_index, v_message, v_finish_reason, v_logprobs)
    if not d.keys() <= _CHOICE_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _CHOICE_KEYS}
    if kept is not None:
        obj.additional_properties.update(kept)
    return obj


_USAGE_KEYS = frozenset(
    ["completion_tokens", "completion_tokens_details", "prompt_tokens", "prompt_tokens_details", "total_tokens"]
)


def parse_usage(d: Any) -> Usage:
    """A ``Usage`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for Usage, received {_kind(d)}")
    try:
        v_prompt_tokens = d["prompt_tokens"]
        v_completion_tokens = d["completion_tokens"]
        v_total_tokens = d["total_tokens"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    if type(v_prompt_tokens) is not int:
        raise _wrong("prompt_tokens", "integer", v_prompt_tokens)
    if type(v_completion_tokens) is not int:
        raise _wrong("completion_tokens", "integer", v_completion_tokens)
    if type(v_total_tokens) is not int:
        raise _wrong("total_tokens", "integer", v_total_tokens)
    v_prompt_tokens_details = get("prompt_tokens_details")
    if v_prompt_tokens_details is not None:
        try:
            v_prompt_tokens_details = parse_prompt_tokens_details(v_prompt_tokens_details)
        except ParseError as error:
            error.path.insert(0, "prompt_tokens_details")
            raise
    v_completion_tokens_details = get("completion_tokens_details")
    if v_completion_tokens_details is not None:
        try:
            v_completion_tokens_details = parse_completion_tokens_details(v_completion_tokens_details)
        except ParseError as error:
            error.path.insert(0, "completion_tokens_details")
            raise
    obj = Usage(
        v_prompt_tokens, v_completion_tokens, v_total_tokens, v_prompt_tokens_details, v_completion_tokens_details
    )
    if not d.keys() <= _USAGE_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _USAGE_KEYS}
    return obj


_META_KEYS = frozenset(["usage"])


def parse_meta(d: Any) -> Meta:
    """A ``Meta`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for Meta, received {_kind(d)}")
    get = d.get
    v_usage = get("usage")
    if v_usage is not None:
        try:
            v_usage = parse_meta_usage(v_usage)
        except ParseError as error:
            error.path.insert(0, "usage")
            raise
    obj = Meta(v_usage)
    if not d.keys() <= _META_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _META_KEYS}
    return obj


_CHUNK_CHOICE_KEYS = frozenset(["delta", "finish_reason", "index", "logprobs"])


def parse_chunk_choice(d: Any) -> ChunkChoice:
    """A ``ChunkChoice`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for ChunkChoice, received {_kind(d)}")
    try:
        v_index = d["index"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    kept: dict[str, Any] | None = None
    if type(v_index) is not int:
        raise _wrong("index", "integer", v_index)
    v_delta = get("delta")
    if v_delta is not None:
        try:
            v_delta = parse_chunk_delta(v_delta)
        except ParseError as error:
            error.path.insert(0, "delta")
            raise
    else:
        v_delta = ChunkDelta()
    v_finish_reason = get("finish_reason")
    if type(v_finish_reason) not in (str, type(None)):
        raise _wrong("finish_reason", "string or null", v_finish_reason)
    v_logprobs = get("logprobs")
    if v_logprobs is not None:
        try:
            v_logprobs = parse_logprobs(v_logprobs)
        except ParseError:
            kept = {**(kept or {}), "logprobs": v_logprobs}
            v_logprobs = None
    obj = ChunkChoice(v_index, v_delta, v_finish_reason, v_logprobs)
    if not d.keys() <= _CHUNK_CHOICE_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _CHUNK_CHOICE_KEYS}
    if kept is not None:
        obj.additional_properties.update(kept)
    return obj


_COMPLETION_MESSAGE_KEYS = frozenset(
    ["annotations", "audio", "content", "reasoning_content", "refusal", "role", "tool_calls"]
)


def parse_completion_message(d: Any) -> CompletionMessage:
    """A ``CompletionMessage`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for CompletionMessage, received {_kind(d)}")
    get = d.get
    kept: dict[str, Any] | None = None
    v_role = get("role")
    if type(v_role) not in (str, type(None)):
        raise _wrong("role", "string or null", v_role)
    v_content = get("content")
    if type(v_content) not in (str, type(None)):
        raise _wrong("content", "string or null", v_content)
    v_reasoning_content = get("reasoning_content")
    if type(v_reasoning_content) not in (str, type(None)):
        raise _wrong("reasoning_content", "string or null", v_reasoning_content)
    v_refusal = get("refusal")
    if type(v_refusal) not in (str, type(None)):
        raise _wrong("refusal", "string or null", v_refusal)
    v_tool_calls = get("tool_calls")
    if v_tool_calls is not None:
        v_tool_calls = _items(v_tool_calls, parse_tool_call, "tool_calls")
    v_annotations = get("annotations")
    if v_annotations is not None:
        try:
            v_annotations = _items(v_annotations, parse_annotation, "annotations")
        except ParseError:
            kept = {**(kept or {}), "annotations": v_annotations}
            v_annotations = None
    v_audio = get("audio")
    if v_audio is not None:
        try:
            v_audio = parse_audio_response(v_audio)
        except ParseError:
            kept = {**(kept or {}), "audio": v_audio}
            v_audio = None
    obj = CompletionMessage(v_role, v_content, v_reasoning_content, v_refusal, v_tool_calls, v_annotations, v_audio)
    if not d.keys() <= _COMPLETION_MESSAGE_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _COMPLETION_MESSAGE_KEYS}
    if kept is not None:
        obj.additional_properties.update(kept)
    return obj


_LOGPROBS_KEYS = frozenset(["content", "refusal"])


def parse_logprobs(d: Any) -> Logprobs:
    """A ``Logprobs`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for Logprobs, received {_kind(d)}")
    get = d.get
    v_content = get("content")
    if v_content is not None:
        v_content = _items(v_content, parse_token_logprob, "content")
    v_refusal = get("refusal")
    if v_refusal is not None:
        v_refusal = _items(v_refusal, parse_token_logprob, "refusal")
    obj = Logprobs(v_content, v_refusal)
    if not d.keys() <= _LOGPROBS_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _LOGPROBS_KEYS}
    return obj


_PROMPT_TOKENS_DETAILS_KEYS = frozenset(["audio_tokens", "cached_tokens"])


def parse_prompt_tokens_details(d: Any) -> PromptTokensDetails:
    """A ``PromptTokensDetails`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for PromptTokensDetails, received {_kind(d)}")
    get = d.get
    v_cached_tokens = get("cached_tokens")
    if type(v_cached_tokens) not in (int, type(None)):
        raise _wrong("cached_tokens", "integer or null", v_cached_tokens)
    v_audio_tokens = get("audio_tokens")
    if type(v_audio_tokens) not in (int, type(None)):
        raise _wrong("audio_tokens", "integer or null", v_audio_tokens)
    obj = PromptTokensDetails(v_cached_tokens, v_audio_tokens)
    if not d.keys() <= _PROMPT_TOKENS_DETAILS_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _PROMPT_TOKENS_DETAILS_KEYS}
    return obj


_COMPLETION_TOKENS_DETAILS_KEYS = frozenset(
    ["accepted_prediction_tokens", "audio_tokens", "reasoning_tokens", "rejected_prediction_tokens"]
)


def parse_completion_tokens_details(d: Any) -> CompletionTokensDetails:
    """A ``CompletionTokensDetails`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for CompletionTokensDetails, received {_kind(d)}")
    get = d.get
    v_reasoning_tokens = get("reasoning_tokens")
    if type(v_reasoning_tokens) not in (int, type(None)):
        raise _wrong("reasoning_tokens", "integer or null", v_reasoning_tokens)
    v_audio_tokens = get("audio_tokens")
    if type(v_audio_tokens) not in (int, type(None)):
        raise _wrong("audio_tokens", "integer or null", v_audio_tokens)
    v_accepted_prediction_tokens = get("accepted_prediction_tokens")
    if type(v_accepted_prediction_tokens) not in (int, type(None)):
        raise _wrong("accepted_prediction_tokens", "integer or null", v_accepted_prediction_tokens)
    v_rejected_prediction_tokens = get("rejected_prediction_tokens")
    if type(v_rejected_prediction_tokens) not in (int, type(None)):
        raise _wrong("rejected_prediction_tokens", "integer or null", v_rejected_prediction_tokens)
    obj = CompletionTokensDetails(
        v_reasoning_tokens, v_audio_tokens, v_accepted_prediction_tokens, v_rejected_prediction_tokens
    )
    if not d.keys() <= _COMPLETION_TOKENS_DETAILS_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _COMPLETION_TOKENS_DETAILS_KEYS}
    return obj


_META_USAGE_KEYS = frozenset(["credits_used", "usd_spent"])


def parse_meta_usage(d: Any) -> MetaUsage:
    """A ``MetaUsage`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for MetaUsage, received {_kind(d)}")
    get = d.get
    v_credits_used = get("credits_used")
    if type(v_credits_used) not in (int, float, type(None)):
        raise _wrong("credits_used", "number or null", v_credits_used)
    v_usd_spent = get("usd_spent")
    if type(v_usd_spent) not in (int, float, type(None)):
        raise _wrong("usd_spent", "number or null", v_usd_spent)
    obj = MetaUsage(v_credits_used, v_usd_spent)
    if not d.keys() <= _META_USAGE_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _META_USAGE_KEYS}
    return obj


_CHUNK_DELTA_KEYS = frozenset(["content", "reasoning_content", "refusal", "role", "tool_calls"])


def parse_chunk_delta(d: Any) -> ChunkDelta:
    """A ``ChunkDelta`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for ChunkDelta, received {_kind(d)}")
    get = d.get
    v_role = get("role")
    if type(v_role) not in (str, type(None)):
        raise _wrong("role", "string or null", v_role)
    v_content = get("content")
    if type(v_content) not in (str, type(None)):
        raise _wrong("content", "string or null", v_content)
    v_reasoning_content = get("reasoning_content")
    if type(v_reasoning_content) not in (str, type(None)):
        raise _wrong("reasoning_content", "string or null", v_reasoning_content)
    v_refusal = get("refusal")
    if type(v_refusal) not in (str, type(None)):
        raise _wrong("refusal", "string or null", v_refusal)
    v_tool_calls = get("tool_calls")
    if v_tool_calls is not None:
        v_tool_calls = _items(v_tool_calls, parse_chunk_tool_call, "tool_calls")
    obj = ChunkDelta(v_role, v_content, v_reasoning_content, v_refusal, v_tool_calls)
    if not d.keys() <= _CHUNK_DELTA_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _CHUNK_DELTA_KEYS}
    return obj


_TOOL_CALL_KEYS = frozenset(["function", "id", "type"])


def parse_tool_call(d: Any) -> ToolCall:
    """A ``ToolCall`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for ToolCall, received {_kind(d)}")
    try:
        v_id = d["id"]
        v_type_ = d["type"]
        v_function = d["function"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    if type(v_id) is not str:
        raise _wrong("id", "string", v_id)
    if type(v_type_) is not str:
        raise _wrong("type", "string", v_type_)
    try:
        v_function = parse_function_call(v_function)
    except ParseError as error:
        error.path.insert(0, "function")
        raise
    obj = ToolCall(v_id, v_type_, v_function)
    if not d.keys() <= _TOOL_CALL_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _TOOL_CALL_KEYS}
    return obj


_ANNOTATION_KEYS = frozenset(["type", "url_citation"])


def parse_annotation(d: Any) -> Annotation:
    """A ``Annotation`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for Annotation, received {_kind(d)}")
    try:
        v_type_ = d["type"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    if type(v_type_) is not str:
        raise _wrong("type", "string", v_type_)
    v_url_citation = get("url_citation")
    if v_url_citation is not None:
        try:
            v_url_citation = parse_url_citation(v_url_citation)
        except ParseError as error:
            error.path.insert(0, "url_citation")
            raise
    obj = Annotation(v_type_, v_url_citation)
    if not d.keys() <= _ANNOTATION_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _ANNOTATION_KEYS}
    return obj


_AUDIO_RESPONSE_KEYS = frozenset(["data", "expires_at", "id", "transcript"])


def parse_audio_response(d: Any) -> AudioResponse:
    """A ``AudioResponse`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for AudioResponse, received {_kind(d)}")
    get = d.get
    v_id = get("id")
    if type(v_id) not in (str, type(None)):
        raise _wrong("id", "string or null", v_id)
    v_data = get("data")
    if type(v_data) not in (str, type(None)):
        raise _wrong("data", "string or null", v_data)
    v_transcript = get("transcript")
    if type(v_transcript) not in (str, type(None)):
        raise _wrong("transcript", "string or null", v_transcript)
    v_expires_at = get("expires_at")
    if type(v_expires_at) not in (int, type(None)):
        raise _wrong("expires_at", "integer or null", v_expires_at)
    obj = AudioResponse(v_id, v_data, v_transcript, v_expires_at)
    if not d.keys() <= _AUDIO_RESPONSE_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _AUDIO_RESPONSE_KEYS}
    return obj


_TOKEN_LOGPROB_KEYS = frozenset(["bytes", "logprob", "token", "top_logprobs"])


def parse_token_logprob(d: Any) -> TokenLogprob:
    """A ``TokenLogprob`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for TokenLogprob, received {_kind(d)}")
    try:
        v_token = d["token"]
        v_logprob = d["logprob"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    if type(v_token) is not str:
        raise _wrong("token", "string", v_token)
    if type(v_logprob) not in (int, float):
        raise _wrong("logprob", "number", v_logprob)
    v_bytes_ = get("bytes")
    if type(v_bytes_) not in (list, type(None)):
        raise _wrong("bytes", "array or null", v_bytes_)
    v_top_logprobs = get("top_logprobs")
    if v_top_logprobs is not None:
        v_top_logprobs = _items(v_top_logprobs, parse_top_logprob, "top_logprobs")
    obj = TokenLogprob(v_token, v_logprob, v_bytes_, v_top_logprobs)
    if not d.keys() <= _TOKEN_LOGPROB_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _TOKEN_LOGPROB_KEYS}
    return obj


_CHUNK_TOOL_CALL_KEYS = frozenset(["function", "id", "index", "type"])


def parse_chunk_tool_call(d: Any) -> ChunkToolCall:
    """A ``ChunkToolCall`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for ChunkToolCall, received {_kind(d)}")
    try:
        v_index = d["index"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    if type(v_index) is not int:
        raise _wrong("index", "integer", v_index)
    v_id = get("id")
    if type(v_id) not in (str, type(None)):
        raise _wrong("id", "string or null", v_id)
    v_type_ = get("type")
    if type(v_type_) not in (str, type(None)):
        raise _wrong("type", "string or null", v_type_)
    v_function = get("function")
    if v_function is not None:
        try:
            v_function = parse_chunk_function_call(v_function)
        except ParseError as error:
            error.path.insert(0, "function")
            raise
    obj = ChunkToolCall(v_index, v_id, v_type_, v_function)
    if not d.keys() <= _CHUNK_TOOL_CALL_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _CHUNK_TOOL_CALL_KEYS}
    return obj


_FUNCTION_CALL_KEYS = frozenset(["arguments", "name"])


def parse_function_call(d: Any) -> FunctionCall:
    """A ``FunctionCall`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for FunctionCall, received {_kind(d)}")
    try:
        v_name = d["name"]
        v_arguments = d["arguments"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    if type(v_name) is not str:
        raise _wrong("name", "string", v_name)
    if type(v_arguments) is not str:
        raise _wrong("arguments", "string", v_arguments)
    obj = FunctionCall(v_name, v_arguments)
    if not d.keys() <= _FUNCTION_CALL_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _FUNCTION_CALL_KEYS}
    return obj


_URL_CITATION_KEYS = frozenset(["end_index", "start_index", "title", "url"])


def parse_url_citation(d: Any) -> UrlCitation:
    """A ``UrlCitation`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for UrlCitation, received {_kind(d)}")
    get = d.get
    v_end_index = get("end_index")
    if type(v_end_index) not in (int, type(None)):
        raise _wrong("end_index", "integer or null", v_end_index)
    v_start_index = get("start_index")
    if type(v_start_index) not in (int, type(None)):
        raise _wrong("start_index", "integer or null", v_start_index)
    v_title = get("title")
    if type(v_title) not in (str, type(None)):
        raise _wrong("title", "string or null", v_title)
    v_url = get("url")
    if type(v_url) not in (str, type(None)):
        raise _wrong("url", "string or null", v_url)
    obj = UrlCitation(v_end_index, v_start_index, v_title, v_url)
    if not d.keys() <= _URL_CITATION_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _URL_CITATION_KEYS}
    return obj


_TOP_LOGPROB_KEYS = frozenset(["bytes", "logprob", "token"])


def parse_top_logprob(d: Any) -> TopLogprob:
    """A ``TopLogprob`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for TopLogprob, received {_kind(d)}")
    try:
        v_token = d["token"]
        v_logprob = d["logprob"]
    except KeyError as missing:
        raise ParseError([], f"missing required field {missing.args[0]!r}") from None
    get = d.get
    if type(v_token) is not str:
        raise _wrong("token", "string", v_token)
    if type(v_logprob) not in (int, float):
        raise _wrong("logprob", "number", v_logprob)
    v_bytes_ = get("bytes")
    if type(v_bytes_) not in (list, type(None)):
        raise _wrong("bytes", "array or null", v_bytes_)
    obj = TopLogprob(v_token, v_logprob, v_bytes_)
    if not d.keys() <= _TOP_LOGPROB_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _TOP_LOGPROB_KEYS}
    return obj


_CHUNK_FUNCTION_CALL_KEYS = frozenset(["arguments", "name"])


def parse_chunk_function_call(d: Any) -> ChunkFunctionCall:
    """A ``ChunkFunctionCall`` from decoded JSON, checked against the contract."""
    if type(d) is not dict:
        raise ParseError([], f"expected an object for ChunkFunctionCall, received {_kind(d)}")
    get = d.get
    v_name = get("name")
    if type(v_name) not in (str, type(None)):
        raise _wrong("name", "string or null", v_name)
    v_arguments = get("arguments")
    if type(v_arguments) not in (str, type(None)):
        raise _wrong("arguments", "string or null", v_arguments)
    obj = ChunkFunctionCall(v_name, v_arguments)
    if not d.keys() <= _CHUNK_FUNCTION_CALL_KEYS:
        obj.additional_properties = {k: v for k, v in d.items() if k not in _CHUNK_FUNCTION_CALL_KEYS}
    return obj
