"""TypedDicts of the request, from the contract. Emitted by ``make generate``; do not edit.

Plain dicts that fit these types are what the client's methods take; each
object can also be the generated attrs model of the same name in
``claude_3_sonnet_client.models``. See ``scripts/emit_types.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, Required, TypeAlias, TypedDict

from . import models

__all__ = [
    "AllowedToolsChoiceParam",
    "AllowedToolsMode",
    "AllowedToolsParam",
    "ApproximateLocationParam",
    "AssistantMessageParam",
    "CacheControlParam",
    "CacheTtl",
    "CalledCustomToolParam",
    "CalledFunctionParam",
    "ChatCompletionCreateParams",
    "ChatCompletionRequestParam",
    "ChatCompletionSettings",
    "ContentBlockParam",
    "CustomToolCallParam",
    "CustomToolDefinitionParam",
    "CustomToolFormatParam",
    "CustomToolParam",
    "DeveloperMessageParam",
    "FileBlockParam",
    "FileDataParam",
    "FunctionDefinitionParam",
    "FunctionNameParam",
    "FunctionToolCallParam",
    "FunctionToolParam",
    "GrammarFormatParam",
    "GrammarParam",
    "GrammarSyntax",
    "ImageBlockParam",
    "ImageDetail",
    "ImageMediaType",
    "ImageSourceParam",
    "ImageUrlBlockParam",
    "ImageUrlParam",
    "JsonSchemaFormatParam",
    "MessageParam",
    "ModelId",
    "NamedCustomChoiceParam",
    "NamedFunctionChoiceParam",
    "PredictionParam",
    "ReasoningEffort",
    "ReasoningOptionsParam",
    "RequestToolCallParam",
    "ResponseFormatJsonObjectParam",
    "ResponseFormatJsonSchemaParam",
    "ResponseFormatParam",
    "ResponseFormatTextParam",
    "SearchContextSize",
    "SearchMode",
    "SearchRecencyFilter",
    "StreamOptionsParam",
    "SystemMessageParam",
    "TextBlockParam",
    "TextContentParam",
    "TextFormatParam",
    "ToolChoiceAnyParam",
    "ToolChoiceAutoParam",
    "ToolChoiceMode",
    "ToolChoiceNoneParam",
    "ToolChoiceParam",
    "ToolChoiceToolParam",
    "ToolDefinitionParam",
    "ToolMessageParam",
    "ToolParam",
    "ToolResultBlockParam",
    "ToolResultContentBlockParam",
    "ToolUseBlockParam",
    "UserContentBlockParam",
    "UserLocationParam",
    "UserMessageParam",
    "WebSearchOptionsParam",
]


ModelId: TypeAlias = Literal["anthropic/claude-3-sonnet", "claude-3-sonnet-latest", "claude-3-sonnet-20240229"]


CacheTtl: TypeAlias = Literal["5m", "1h"]


class CacheControlParam(TypedDict, total=False):
    """Mark a prompt prefix for caching."""

    type: Required[Literal["ephemeral"]]
    ttl: CacheTtl


class TextBlockParam(TypedDict, total=False):
    """Text content. Open to further fields, as the gateway's current spec has it (the claude-3-sonnet file closed it; the later one wins)."""

    type: Required[Literal["text"]]
    text: Required[str]
    """The text content."""
    cache_control: CacheControlParam | models.CacheControl


TextContentParam: TypeAlias = str | Iterable[TextBlockParam | models.TextBlock]


class SystemMessageParam(TypedDict, total=False):
    """Instructions for the model (OpenAI shape; or the top-level `system`)."""

    role: Required[Literal["system"]]
    content: Required[TextContentParam]
    name: str
    """An optional name for the participant."""


class DeveloperMessageParam(TypedDict, total=False):
    """Instructions from the developer, which the model follows like a system prompt."""

    role: Required[Literal["developer"]]
    content: Required[TextContentParam]
    name: str
    """An optional name for the participant."""


ImageMediaType: TypeAlias = Literal["image/jpeg", "image/png", "image/gif", "image/webp"]


class ImageSourceParam(TypedDict, total=False):
    """Base64-encoded image data."""

    type: Required[Literal["base64"]]
    media_type: Required[ImageMediaType]
    data: Required[str]
    """The base64-encoded image bytes."""


class ImageBlockParam(TypedDict, total=False):
    """An inline, base64-encoded image (Anthropic shape)."""

    type: Required[Literal["image"]]
    source: Required[ImageSourceParam | models.ImageSource]


ImageDetail: TypeAlias = Literal["low", "high", "auto"]


class ImageUrlParam(TypedDict, total=False):
    """ImageUrl."""

    url: Required[str]
    """The image's URL, or `data:image/png;base64,...`."""
    detail: ImageDetail


class ImageUrlBlockParam(TypedDict, total=False):
    """An image by URL, or a `data:` URL of base64 data (OpenAI shape)."""

    type: Required[Literal["image_url"]]
    image_url: Required[ImageUrlParam | models.ImageUrl]
    cache_control: CacheControlParam | models.CacheControl


class FileDataParam(TypedDict, total=False):
    """FileData."""

    file_data: str
    """The file's bytes, base64-encoded."""
    file_id: str
    filename: str


class FileBlockParam(TypedDict, total=False):
    """A file, inline as base64 or by id (OpenAI shape)."""

    type: Required[Literal["file"]]
    file: Required[FileDataParam | models.FileData]
    cache_control: CacheControlParam | models.CacheControl


class ToolUseBlockParam(TypedDict, total=False):
    """A tool call made by the assistant, sent back in the history (Anthropic shape)."""

    id: Required[str]
    input: Required[dict[str, Any]]
    name: Required[str]
    type: Required[Literal["tool_use"]]


ToolResultContentBlockParam: TypeAlias = TextBlockParam | models.TextBlock | ImageBlockParam | models.ImageBlock


class ToolResultBlockParam(TypedDict, total=False):
    """The result of a tool call, sent by the user (Anthropic shape)."""

    type: Required[Literal["tool_result"]]
    tool_use_id: Required[str]
    is_error: bool
    content: str | Iterable[ToolResultContentBlockParam]


UserContentBlockParam: TypeAlias = (
    TextBlockParam
    | models.TextBlock
    | ImageBlockParam
    | models.ImageBlock
    | ImageUrlBlockParam
    | models.ImageUrlBlock
    | FileBlockParam
    | models.FileBlock
    | ToolUseBlockParam
    | models.ToolUseBlock
    | ToolResultBlockParam
    | models.ToolResultBlock
)


class UserMessageParam(TypedDict, total=False):
    """A user turn."""

    role: Required[Literal["user"]]
    content: Required[str | Iterable[UserContentBlockParam]]
    """Plain text, or a list of content blocks."""
    name: str
    """An optional name for the participant."""


ContentBlockParam: TypeAlias = (
    TextBlockParam
    | models.TextBlock
    | ImageBlockParam
    | models.ImageBlock
    | ToolUseBlockParam
    | models.ToolUseBlock
    | ToolResultBlockParam
    | models.ToolResultBlock
)


class CalledFunctionParam(TypedDict, total=False):
    """A called function's name and JSON-encoded arguments."""

    name: Required[str]
    arguments: Required[str]
    """The arguments as JSON text."""


class FunctionToolCallParam(TypedDict, total=False):
    """FunctionToolCall."""

    id: Required[str]
    type: Required[Literal["function"]]
    function: Required[CalledFunctionParam | models.CalledFunction]
    extra_content: dict[str, Any]


class CalledCustomToolParam(TypedDict, total=False):
    """CalledCustomTool."""

    name: Required[str]
    input: Required[str]


class CustomToolCallParam(TypedDict, total=False):
    """CustomToolCall."""

    id: Required[str]
    type: Required[Literal["custom"]]
    custom: Required[CalledCustomToolParam | models.CalledCustomTool]
    extra_content: dict[str, Any]


RequestToolCallParam: TypeAlias = (
    FunctionToolCallParam | models.FunctionToolCall | CustomToolCallParam | models.CustomToolCall
)


class AssistantMessageParam(TypedDict, total=False):
    """An assistant turn sent back in the history: text or content blocks (Anthropic shape, tool calls as `tool_use` blocks), or text and `tool_calls` (OpenAI shape, `content` may then be null)."""

    role: Required[Literal["assistant"]]
    content: str | Iterable[ContentBlockParam] | None
    name: str
    """An optional name for the participant."""
    tool_calls: Iterable[RequestToolCallParam]
    refusal: str | None


class ToolMessageParam(TypedDict, total=False):
    """The result of a tool call (OpenAI shape; or a `tool_result` block)."""

    role: Required[Literal["tool"]]
    content: Required[TextContentParam]
    tool_call_id: Required[str]
    """The tool call this message answers."""
    name: str | None


MessageParam: TypeAlias = (
    SystemMessageParam
    | models.SystemMessage
    | DeveloperMessageParam
    | models.DeveloperMessage
    | UserMessageParam
    | models.UserMessage
    | AssistantMessageParam
    | models.AssistantMessage
    | ToolMessageParam
    | models.ToolMessage
)


class StreamOptionsParam(TypedDict, total=False):
    """Options of a streamed answer."""

    include_usage: Required[bool]
    """Send a last chunk with the whole answer's usage and no choices."""


class ResponseFormatTextParam(TypedDict, total=False):
    """ResponseFormatText."""

    type: Required[Literal["text"]]


class ResponseFormatJsonObjectParam(TypedDict, total=False):
    """ResponseFormatJsonObject."""

    type: Required[Literal["json_object"]]


class JsonSchemaFormatParam(TypedDict, total=False):
    """JsonSchemaFormat."""

    name: Required[str]
    description: str
    schema: dict[str, Any]
    strict: bool | None


class ResponseFormatJsonSchemaParam(TypedDict, total=False):
    """ResponseFormatJsonSchema."""

    type: Required[Literal["json_schema"]]
    json_schema: Required[JsonSchemaFormatParam | models.JsonSchemaFormat]


ResponseFormatParam: TypeAlias = (
    ResponseFormatTextParam
    | models.ResponseFormatText
    | ResponseFormatJsonObjectParam
    | models.ResponseFormatJsonObject
    | ResponseFormatJsonSchemaParam
    | models.ResponseFormatJsonSchema
)


class PredictionParam(TypedDict, total=False):
    """Predicted output, which can make regenerating known text faster."""

    type: Required[Literal["content"]]
    content: Required[TextContentParam]


class ToolParam(TypedDict, total=False):
    """A tool the model may call (Anthropic shape)."""

    name: Required[str]
    """Name of the tool."""
    description: str
    """What the tool does; the more detail, the better the model uses it."""
    input_schema: Required[dict[str, Any]]


class FunctionDefinitionParam(TypedDict, total=False):
    """FunctionDefinition."""

    name: Required[str]
    """The function's name."""
    description: str
    """What the function does."""
    parameters: dict[str, Any]
    strict: bool | None
    """Follow the parameters' schema exactly."""


class FunctionToolParam(TypedDict, total=False):
    """A function the model may call (OpenAI shape)."""

    type: Required[Literal["function"]]
    function: Required[FunctionDefinitionParam | models.FunctionDefinition]
    cache_control: CacheControlParam | models.CacheControl


class TextFormatParam(TypedDict, total=False):
    """TextFormat."""

    type: Required[Literal["text"]]


GrammarSyntax: TypeAlias = Literal["lark", "regex"]


class GrammarParam(TypedDict, total=False):
    """Grammar."""

    definition: Required[str]
    syntax: Required[GrammarSyntax]


class GrammarFormatParam(TypedDict, total=False):
    """GrammarFormat."""

    type: Required[Literal["grammar"]]
    grammar: Required[GrammarParam | models.Grammar]


CustomToolFormatParam: TypeAlias = TextFormatParam | models.TextFormat | GrammarFormatParam | models.GrammarFormat


class CustomToolDefinitionParam(TypedDict, total=False):
    """CustomToolDefinition."""

    name: Required[str]
    description: str
    format: Required[CustomToolFormatParam]


class CustomToolParam(TypedDict, total=False):
    """A tool whose input is free text (OpenAI shape)."""

    type: Required[Literal["custom"]]
    custom: Required[CustomToolDefinitionParam | models.CustomToolDefinition]
    cache_control: CacheControlParam | models.CacheControl


ToolDefinitionParam: TypeAlias = (
    ToolParam
    | models.Tool
    | FunctionToolParam
    | models.FunctionTool
    | CustomToolParam
    | models.CustomTool
    | dict[str, Any]
)


ToolChoiceMode: TypeAlias = Literal["none", "auto", "required"]


class ToolChoiceAutoParam(TypedDict, total=False):
    """The model decides whether to call tools."""

    type: Required[Literal["auto"]]


class ToolChoiceAnyParam(TypedDict, total=False):
    """The model must call at least one tool."""

    type: Required[Literal["any"]]


class ToolChoiceToolParam(TypedDict, total=False):
    """The model must call the named tool."""

    name: Required[str]
    type: Required[Literal["tool"]]


class ToolChoiceNoneParam(TypedDict, total=False):
    """The model must not call any tool."""

    type: Required[Literal["none"]]


class FunctionNameParam(TypedDict, total=False):
    """FunctionName."""

    name: Required[str]


class NamedFunctionChoiceParam(TypedDict, total=False):
    """The model must call this function (OpenAI shape)."""

    type: Required[Literal["function"]]
    function: Required[FunctionNameParam | models.FunctionName]


class NamedCustomChoiceParam(TypedDict, total=False):
    """The model must call this custom tool (OpenAI shape)."""

    type: Required[Literal["custom"]]
    custom: Required[FunctionNameParam | models.FunctionName]


AllowedToolsMode: TypeAlias = Literal["auto", "required"]


class AllowedToolsParam(TypedDict, total=False):
    """AllowedTools."""

    mode: Required[AllowedToolsMode]
    tools: Required[Iterable[dict[str, Any]]]


class AllowedToolsChoiceParam(TypedDict, total=False):
    """Constrain the model to a subset of the tools."""

    type: Required[Literal["allowed_tools"]]
    allowed_tools: Required[AllowedToolsParam | models.AllowedTools]


ToolChoiceParam: TypeAlias = (
    ToolChoiceMode
    | ToolChoiceAutoParam
    | models.ToolChoiceAuto
    | ToolChoiceAnyParam
    | models.ToolChoiceAny
    | ToolChoiceToolParam
    | models.ToolChoiceTool
    | ToolChoiceNoneParam
    | models.ToolChoiceNone
    | NamedFunctionChoiceParam
    | models.NamedFunctionChoice
    | NamedCustomChoiceParam
    | models.NamedCustomChoice
    | AllowedToolsChoiceParam
    | models.AllowedToolsChoice
)


ReasoningEffort: TypeAlias = Literal["low", "medium", "high"]


class ReasoningOptionsParam(TypedDict, total=False):
    """Configuration of reasoning tokens (for models that reason)."""

    effort: ReasoningEffort
    max_tokens: int
    exclude: bool


SearchContextSize: TypeAlias = Literal["low", "medium", "high"]


class ApproximateLocationParam(TypedDict, total=False):
    """ApproximateLocation."""

    city: str
    country: str
    region: str
    timezone: str


class UserLocationParam(TypedDict, total=False):
    """UserLocation."""

    approximate: Required[ApproximateLocationParam | models.ApproximateLocation]
    type: Required[Literal["approximate"]]


class WebSearchOptionsParam(TypedDict, total=False):
    """Let the gateway search the web for the answer."""

    search_context_size: SearchContextSize
    user_location: UserLocationParam | models.UserLocation | None


SearchMode: TypeAlias = Literal["academic", "web"]


SearchRecencyFilter: TypeAlias = Literal["day", "week", "month", "year"]


class ChatCompletionRequestParam(TypedDict, total=False):
    """A request for the assistant's next message."""

    model: Required[ModelId | str]
    """The model. The published ids are offered as a `ModelId`; any other string is sent as it is, and the gateway decides."""
    provider: str
    """Provider routing override (a source key such as `openai`, or `auto`)."""
    messages: Required[Iterable[MessageParam]]
    """The conversation so far. Anthropic-shaped (`user` and `assistant` turns of content blocks, the system prompt in `system`) or OpenAI-shaped (`system`, `developer`, `user`, `assistant` and `tool` messages)."""
    system: str
    """The system prompt (Anthropic shape; or a `system` message)."""
    max_tokens: int
    """The maximum number of tokens to generate. Integer here (the published specs say `number`): a token count has no fraction."""
    max_completion_tokens: int
    """The maximum number of tokens to generate (OpenAI's name)."""
    stream: bool
    """Stream the answer as server-sent events."""
    stream_options: StreamOptionsParam | models.StreamOptions
    temperature: float
    """Amount of randomness, from 0 to 2 (the Anthropic-shaped spec said 0 to 1; the gateway's current spec allows 2)."""
    top_p: float
    """Nucleus sampling probability mass."""
    top_k: int
    """Only sample from the top K options for each token. Integer here (the published specs say `number`): K is a count."""
    min_p: float
    """Minimum probability of a token, relative to the most likely one."""
    top_a: float
    """Alternate top sampling parameter."""
    stop: str | Iterable[str] | None
    """Up to a few sequences that stop generation (OpenAI's name)."""
    stop_sequences: Iterable[str]
    """Custom text sequences that stop generation (Anthropic's name)."""
    frequency_penalty: float | None
    """Penalize tokens by how often they appeared so far, from -2 to 2."""
    presence_penalty: float | None
    """Penalize tokens that appeared so far, from -2 to 2."""
    repetition_penalty: float | None
    """Reduce the repetition of tokens from the input."""
    seed: int
    """Sample deterministically, as far as the provider can."""
    logit_bias: dict[str, float] | None
    """Token ids mapped to a bias from -100 to 100."""
    logprobs: bool | None
    """Return the log probabilities of the output tokens."""
    top_logprobs: int | None
    """How many most likely tokens to return at each position, 0 to 20. Integer here (the published spec says `number`): it is a count."""
    echo: bool
    """Return the prompt in the response."""
    response_format: ResponseFormatParam
    prediction: PredictionParam | models.Prediction
    metadata: dict[str, str]
    tools: Iterable[ToolDefinitionParam]
    """Tools the model may call: Anthropic-shaped (`name`, `input_schema`) or OpenAI-shaped (`{type: function, function: {name, parameters}}`)."""
    tool_choice: ToolChoiceParam
    parallel_tool_calls: bool
    """Allow several tool calls in one answer."""
    normalize_tool_schemas: bool
    """Let the gateway adapt tool JSON schemas to the provider."""
    reasoning_effort: ReasoningEffort
    reasoning: ReasoningOptionsParam | models.ReasoningOptions
    web_search_options: WebSearchOptionsParam | models.WebSearchOptions
    search_mode: SearchMode
    search_domain_filter: Iterable[str]
    """Domains to limit search results to."""
    return_images: bool
    """Include images in search results."""
    return_related_questions: bool
    """Return related questions."""
    search_recency_filter: SearchRecencyFilter
    search_after_date_filter: str
    search_before_date_filter: str
    last_updated_after_filter: str
    last_updated_before_filter: str


class ChatCompletionSettings(TypedDict, total=False):
    """Request fields as the client's methods take them: all optional."""

    model: ModelId | str
    """The model. The published ids are offered as a `ModelId`; any other string is sent as it is, and the gateway decides."""
    provider: str
    """Provider routing override (a source key such as `openai`, or `auto`)."""
    system: str
    """The system prompt (Anthropic shape; or a `system` message)."""
    max_tokens: int
    """The maximum number of tokens to generate. Integer here (the published specs say `number`): a token count has no fraction."""
    max_completion_tokens: int
    """The maximum number of tokens to generate (OpenAI's name)."""
    stream_options: StreamOptionsParam | models.StreamOptions
    temperature: float
    """Amount of randomness, from 0 to 2 (the Anthropic-shaped spec said 0 to 1; the gateway's current spec allows 2)."""
    top_p: float
    """Nucleus sampling probability mass."""
    top_k: int
    """Only sample from the top K options for each token. Integer here (the published specs say `number`): K is a count."""
    min_p: float
    """Minimum probability of a token, relative to the most likely one."""
    top_a: float
    """Alternate top sampling parameter."""
    stop: str | Iterable[str] | None
    """Up to a few sequences that stop generation (OpenAI's name)."""
    stop_sequences: Iterable[str]
    """Custom text sequences that stop generation (Anthropic's name)."""
    frequency_penalty: float | None
    """Penalize tokens by how often they appeared so far, from -2 to 2."""
    presence_penalty: float | None
    """Penalize tokens that appeared so far, from -2 to 2."""
    repetition_penalty: float | None
    """Reduce the repetition of tokens from the input."""
    seed: int
    """Sample deterministically, as far as the provider can."""
    logit_bias: dict[str, float] | None
    """Token ids mapped to a bias from -100 to 100."""
    logprobs: bool | None
    """Return the log probabilities of the output tokens."""
    top_logprobs: int | None
    """How many most likely tokens to return at each position, 0 to 20. Integer here (the published spec says `number`): it is a count."""
    echo: bool
    """Return the prompt in the response."""
    response_format: ResponseFormatParam
    prediction: PredictionParam | models.Prediction
    metadata: dict[str, str]
    tools: Iterable[ToolDefinitionParam]
    """Tools the model may call: Anthropic-shaped (`name`, `input_schema`) or OpenAI-shaped (`{type: function, function: {name, parameters}}`)."""
    tool_choice: ToolChoiceParam
    parallel_tool_calls: bool
    """Allow several tool calls in one answer."""
    normalize_tool_schemas: bool
    """Let the gateway adapt tool JSON schemas to the provider."""
    reasoning_effort: ReasoningEffort
    reasoning: ReasoningOptionsParam | models.ReasoningOptions
    web_search_options: WebSearchOptionsParam | models.WebSearchOptions
    search_mode: SearchMode
    search_domain_filter: Iterable[str]
    """Domains to limit search results to."""
    return_images: bool
    """Include images in search results."""
    return_related_questions: bool
    """Return related questions."""
    search_recency_filter: SearchRecencyFilter
    search_after_date_filter: str
    search_before_date_filter: str
    last_updated_after_filter: str
    last_updated_before_filter: str


class ChatCompletionCreateParams(ChatCompletionSettings, total=False):
    """The request as ``create()`` takes it: the settings and the messages."""

    messages: Required[Iterable[MessageParam]]
