"""Contains all the data models used in inputs/outputs"""

from .assistant_message import AssistantMessage
from .chat_completion import ChatCompletion
from .chat_completion_chunk import ChatCompletionChunk
from .chat_completion_event import ChatCompletionEvent
from .chat_completion_request import ChatCompletionRequest
from .choice import Choice
from .chunk_choice import ChunkChoice
from .chunk_delta import ChunkDelta
from .chunk_function_call import ChunkFunctionCall
from .chunk_tool_call import ChunkToolCall
from .completion_tokens_details import CompletionTokensDetails
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .function_call import FunctionCall
from .image_block import ImageBlock
from .image_media_type import ImageMediaType
from .image_source import ImageSource
from .logprobs import Logprobs
from .message import Message
from .meta import Meta
from .meta_usage import MetaUsage
from .metadata import Metadata
from .model_id import ModelId
from .prompt_tokens_details import PromptTokensDetails
from .role import Role
from .text_block import TextBlock
from .token_logprob import TokenLogprob
from .tool import Tool
from .tool_call import ToolCall
from .tool_choice_any import ToolChoiceAny
from .tool_choice_auto import ToolChoiceAuto
from .tool_choice_none import ToolChoiceNone
from .tool_choice_tool import ToolChoiceTool
from .tool_input import ToolInput
from .tool_input_schema import ToolInputSchema
from .tool_result_block import ToolResultBlock
from .tool_use_block import ToolUseBlock
from .top_logprob import TopLogprob
from .usage import Usage

__all__ = (
    "AssistantMessage",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ChatCompletionEvent",
    "ChatCompletionRequest",
    "Choice",
    "ChunkChoice",
    "ChunkDelta",
    "ChunkFunctionCall",
    "ChunkToolCall",
    "CompletionTokensDetails",
    "ErrorDetail",
    "ErrorResponse",
    "FunctionCall",
    "ImageBlock",
    "ImageMediaType",
    "ImageSource",
    "Logprobs",
    "Message",
    "Meta",
    "Metadata",
    "MetaUsage",
    "ModelId",
    "PromptTokensDetails",
    "Role",
    "TextBlock",
    "TokenLogprob",
    "Tool",
    "ToolCall",
    "ToolChoiceAny",
    "ToolChoiceAuto",
    "ToolChoiceNone",
    "ToolChoiceTool",
    "ToolInput",
    "ToolInputSchema",
    "ToolResultBlock",
    "ToolUseBlock",
    "TopLogprob",
    "Usage",
)
