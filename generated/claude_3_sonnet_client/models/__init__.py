"""Contains all the data models used in inputs/outputs"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .allowed_tools import AllowedTools
    from .allowed_tools_choice import AllowedToolsChoice
    from .allowed_tools_mode import AllowedToolsMode
    from .annotation import Annotation
    from .approximate_location import ApproximateLocation
    from .assistant_message import AssistantMessage
    from .audio_response import AudioResponse
    from .cache_control import CacheControl
    from .cache_ttl import CacheTtl
    from .called_custom_tool import CalledCustomTool
    from .called_function import CalledFunction
    from .chat_completion import ChatCompletion
    from .chat_completion_chunk import ChatCompletionChunk
    from .chat_completion_event import ChatCompletionEvent
    from .chat_completion_request import ChatCompletionRequest
    from .choice import Choice
    from .chunk_choice import ChunkChoice
    from .chunk_delta import ChunkDelta
    from .chunk_function_call import ChunkFunctionCall
    from .chunk_tool_call import ChunkToolCall
    from .completion_message import CompletionMessage
    from .completion_tokens_details import CompletionTokensDetails
    from .custom_tool import CustomTool
    from .custom_tool_call import CustomToolCall
    from .custom_tool_definition import CustomToolDefinition
    from .developer_message import DeveloperMessage
    from .error_detail import ErrorDetail
    from .error_response import ErrorResponse
    from .extra_content import ExtraContent
    from .file_block import FileBlock
    from .file_data import FileData
    from .function_call import FunctionCall
    from .function_definition import FunctionDefinition
    from .function_name import FunctionName
    from .function_parameters import FunctionParameters
    from .function_tool import FunctionTool
    from .function_tool_call import FunctionToolCall
    from .grammar import Grammar
    from .grammar_format import GrammarFormat
    from .grammar_syntax import GrammarSyntax
    from .image_block import ImageBlock
    from .image_detail import ImageDetail
    from .image_media_type import ImageMediaType
    from .image_source import ImageSource
    from .image_url import ImageUrl
    from .image_url_block import ImageUrlBlock
    from .json_schema_format import JsonSchemaFormat
    from .json_schema_object import JsonSchemaObject
    from .logit_bias import LogitBias
    from .logprobs import Logprobs
    from .meta import Meta
    from .meta_usage import MetaUsage
    from .metadata import Metadata
    from .model_id import ModelId
    from .named_custom_choice import NamedCustomChoice
    from .named_function_choice import NamedFunctionChoice
    from .prediction import Prediction
    from .prompt_tokens_details import PromptTokensDetails
    from .provider_tool import ProviderTool
    from .reasoning_effort import ReasoningEffort
    from .reasoning_options import ReasoningOptions
    from .response_format_json_object import ResponseFormatJsonObject
    from .response_format_json_schema import ResponseFormatJsonSchema
    from .response_format_text import ResponseFormatText
    from .search_context_size import SearchContextSize
    from .search_mode import SearchMode
    from .search_recency_filter import SearchRecencyFilter
    from .stream_options import StreamOptions
    from .system_message import SystemMessage
    from .text_block import TextBlock
    from .text_format import TextFormat
    from .token_logprob import TokenLogprob
    from .tool import Tool
    from .tool_call import ToolCall
    from .tool_choice_any import ToolChoiceAny
    from .tool_choice_auto import ToolChoiceAuto
    from .tool_choice_mode import ToolChoiceMode
    from .tool_choice_none import ToolChoiceNone
    from .tool_choice_tool import ToolChoiceTool
    from .tool_input import ToolInput
    from .tool_input_schema import ToolInputSchema
    from .tool_message import ToolMessage
    from .tool_reference import ToolReference
    from .tool_result_block import ToolResultBlock
    from .tool_use_block import ToolUseBlock
    from .top_logprob import TopLogprob
    from .url_citation import UrlCitation
    from .usage import Usage
    from .user_location import UserLocation
    from .user_message import UserMessage
    from .web_search_options import WebSearchOptions

_MODULES = {
    "AllowedTools": ".allowed_tools",
    "AllowedToolsChoice": ".allowed_tools_choice",
    "AllowedToolsMode": ".allowed_tools_mode",
    "Annotation": ".annotation",
    "ApproximateLocation": ".approximate_location",
    "AssistantMessage": ".assistant_message",
    "AudioResponse": ".audio_response",
    "CacheControl": ".cache_control",
    "CacheTtl": ".cache_ttl",
    "CalledCustomTool": ".called_custom_tool",
    "CalledFunction": ".called_function",
    "ChatCompletion": ".chat_completion",
    "ChatCompletionChunk": ".chat_completion_chunk",
    "ChatCompletionEvent": ".chat_completion_event",
    "ChatCompletionRequest": ".chat_completion_request",
    "Choice": ".choice",
    "ChunkChoice": ".chunk_choice",
    "ChunkDelta": ".chunk_delta",
    "ChunkFunctionCall": ".chunk_function_call",
    "ChunkToolCall": ".chunk_tool_call",
    "CompletionMessage": ".completion_message",
    "CompletionTokensDetails": ".completion_tokens_details",
    "CustomTool": ".custom_tool",
    "CustomToolCall": ".custom_tool_call",
    "CustomToolDefinition": ".custom_tool_definition",
    "DeveloperMessage": ".developer_message",
    "ErrorDetail": ".error_detail",
    "ErrorResponse": ".error_response",
    "ExtraContent": ".extra_content",
    "FileBlock": ".file_block",
    "FileData": ".file_data",
    "FunctionCall": ".function_call",
    "FunctionDefinition": ".function_definition",
    "FunctionName": ".function_name",
    "FunctionParameters": ".function_parameters",
    "FunctionTool": ".function_tool",
    "FunctionToolCall": ".function_tool_call",
    "Grammar": ".grammar",
    "GrammarFormat": ".grammar_format",
    "GrammarSyntax": ".grammar_syntax",
    "ImageBlock": ".image_block",
    "ImageDetail": ".image_detail",
    "ImageMediaType": ".image_media_type",
    "ImageSource": ".image_source",
    "ImageUrl": ".image_url",
    "ImageUrlBlock": ".image_url_block",
    "JsonSchemaFormat": ".json_schema_format",
    "JsonSchemaObject": ".json_schema_object",
    "LogitBias": ".logit_bias",
    "Logprobs": ".logprobs",
    "Meta": ".meta",
    "MetaUsage": ".meta_usage",
    "Metadata": ".metadata",
    "ModelId": ".model_id",
    "NamedCustomChoice": ".named_custom_choice",
    "NamedFunctionChoice": ".named_function_choice",
    "Prediction": ".prediction",
    "PromptTokensDetails": ".prompt_tokens_details",
    "ProviderTool": ".provider_tool",
    "ReasoningEffort": ".reasoning_effort",
    "ReasoningOptions": ".reasoning_options",
    "ResponseFormatJsonObject": ".response_format_json_object",
    "ResponseFormatJsonSchema": ".response_format_json_schema",
    "ResponseFormatText": ".response_format_text",
    "SearchContextSize": ".search_context_size",
    "SearchMode": ".search_mode",
    "SearchRecencyFilter": ".search_recency_filter",
    "StreamOptions": ".stream_options",
    "SystemMessage": ".system_message",
    "TextBlock": ".text_block",
    "TextFormat": ".text_format",
    "TokenLogprob": ".token_logprob",
    "Tool": ".tool",
    "ToolCall": ".tool_call",
    "ToolChoiceAny": ".tool_choice_any",
    "ToolChoiceAuto": ".tool_choice_auto",
    "ToolChoiceMode": ".tool_choice_mode",
    "ToolChoiceNone": ".tool_choice_none",
    "ToolChoiceTool": ".tool_choice_tool",
    "ToolInput": ".tool_input",
    "ToolInputSchema": ".tool_input_schema",
    "ToolMessage": ".tool_message",
    "ToolReference": ".tool_reference",
    "ToolResultBlock": ".tool_result_block",
    "ToolUseBlock": ".tool_use_block",
    "TopLogprob": ".top_logprob",
    "UrlCitation": ".url_citation",
    "Usage": ".usage",
    "UserLocation": ".user_location",
    "UserMessage": ".user_message",
    "WebSearchOptions": ".web_search_options",
}
"""Each model's module, relative to this package."""

__all__ = (
    "AllowedTools",
    "AllowedToolsChoice",
    "AllowedToolsMode",
    "Annotation",
    "ApproximateLocation",
    "AssistantMessage",
    "AudioResponse",
    "CacheControl",
    "CacheTtl",
    "CalledCustomTool",
    "CalledFunction",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ChatCompletionEvent",
    "ChatCompletionRequest",
    "Choice",
    "ChunkChoice",
    "ChunkDelta",
    "ChunkFunctionCall",
    "ChunkToolCall",
    "CompletionMessage",
    "CompletionTokensDetails",
    "CustomTool",
    "CustomToolCall",
    "CustomToolDefinition",
    "DeveloperMessage",
    "ErrorDetail",
    "ErrorResponse",
    "ExtraContent",
    "FileBlock",
    "FileData",
    "FunctionCall",
    "FunctionDefinition",
    "FunctionName",
    "FunctionParameters",
    "FunctionTool",
    "FunctionToolCall",
    "Grammar",
    "GrammarFormat",
    "GrammarSyntax",
    "ImageBlock",
    "ImageDetail",
    "ImageMediaType",
    "ImageSource",
    "ImageUrl",
    "ImageUrlBlock",
    "JsonSchemaFormat",
    "JsonSchemaObject",
    "LogitBias",
    "Logprobs",
    "Meta",
    "Metadata",
    "MetaUsage",
    "ModelId",
    "NamedCustomChoice",
    "NamedFunctionChoice",
    "Prediction",
    "PromptTokensDetails",
    "ProviderTool",
    "ReasoningEffort",
    "ReasoningOptions",
    "ResponseFormatJsonObject",
    "ResponseFormatJsonSchema",
    "ResponseFormatText",
    "SearchContextSize",
    "SearchMode",
    "SearchRecencyFilter",
    "StreamOptions",
    "SystemMessage",
    "TextBlock",
    "TextFormat",
    "TokenLogprob",
    "Tool",
    "ToolCall",
    "ToolChoiceAny",
    "ToolChoiceAuto",
    "ToolChoiceMode",
    "ToolChoiceNone",
    "ToolChoiceTool",
    "ToolInput",
    "ToolInputSchema",
    "ToolMessage",
    "ToolReference",
    "ToolResultBlock",
    "ToolUseBlock",
    "TopLogprob",
    "UrlCitation",
    "Usage",
    "UserLocation",
    "UserMessage",
    "WebSearchOptions",
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
