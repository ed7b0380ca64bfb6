from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_id import ModelId, check_model_id
from ..models.reasoning_effort import ReasoningEffort, check_reasoning_effort
from ..models.search_mode import SearchMode, check_search_mode
from ..models.search_recency_filter import SearchRecencyFilter, check_search_recency_filter
from ..models.tool_choice_mode import ToolChoiceMode, check_tool_choice_mode

if TYPE_CHECKING:
    from ..models.allowed_tools_choice import AllowedToolsChoice
    from ..models.assistant_message import AssistantMessage
    from ..models.custom_tool import CustomTool
    from ..models.developer_message import DeveloperMessage
    from ..models.function_tool import FunctionTool
    from ..models.logit_bias import LogitBias
    from ..models.metadata import Metadata
    from ..models.named_custom_choice import NamedCustomChoice
    from ..models.named_function_choice import NamedFunctionChoice
    from ..models.prediction import Prediction
    from ..models.provider_tool import ProviderTool
    from ..models.reasoning_options import ReasoningOptions
    from ..models.response_format_json_object import ResponseFormatJsonObject
    from ..models.response_format_json_schema import ResponseFormatJsonSchema
    from ..models.response_format_text import ResponseFormatText
    from ..models.stream_options import StreamOptions
    from ..models.system_message import SystemMessage
    from ..models.tool import Tool
    from ..models.tool_choice_any import ToolChoiceAny
    from ..models.tool_choice_auto import ToolChoiceAuto
    from ..models.tool_choice_none import ToolChoiceNone
    from ..models.tool_choice_tool import ToolChoiceTool
    from ..models.tool_message import ToolMessage
    from ..models.user_message import UserMessage
    from ..models.web_search_options import WebSearchOptions


T = TypeVar("T", bound="ChatCompletionRequest")


@_attrs_define
class ChatCompletionRequest:
    """A request for the assistant's next message."""

    model: ModelId | str
    """ The model. The published ids are offered as a `ModelId`; any other
    string is sent as it is, and the gateway decides.
     """
    messages: list[AssistantMessage | DeveloperMessage | SystemMessage | ToolMessage | UserMessage]
    """ The conversation so far. Anthropic-shaped (`user` and `assistant`
    turns of content blocks, the system prompt in `system`) or
    OpenAI-shaped (`system`, `developer`, `user`, `assistant` and `tool`
    messages).
     """
    provider: str | None = None
    """ Provider routing override (a source key such as `openai`, or `auto`). """
    system: str | None = None
    """ The system prompt (Anthropic shape; or a `system` message). """
    max_tokens: int | None = 512
    """ The maximum number of tokens to generate. Integer here (the
    published specs say `number`): a token count has no fraction.
     """
    max_completion_tokens: int | None = None
    """ The maximum number of tokens to generate (OpenAI's name). """
    stream: bool | None = False
    """ Stream the answer as server-sent events. """
    stream_options: StreamOptions | None = None
    """ Options of a streamed answer. """
    temperature: float | None = None
    """ Amount of randomness, from 0 to 2 (the Anthropic-shaped spec said 0
    to 1; the gateway's current spec allows 2).
     """
    top_p: float | None = None
    """ Nucleus sampling probability mass. """
    top_k: int | None = None
    """ Only sample from the top K options for each token. Integer here
    (the published specs say `number`): K is a count.
     """
    min_p: float | None = None
    """ Minimum probability of a token, relative to the most likely one. """
    top_a: float | None = None
    """ Alternate top sampling parameter. """
    stop: list[str] | str | None = None
    """ Up to a few sequences that stop generation (OpenAI's name). """
    stop_sequences: list[str] | None = None
    """ Custom text sequences that stop generation (Anthropic's name). """
    frequency_penalty: float | None = None
    """ Penalize tokens by how often they appeared so far, from -2 to 2. """
    presence_penalty: float | None = None
    """ Penalize tokens that appeared so far, from -2 to 2. """
    repetition_penalty: float | None = None
    """ Reduce the repetition of tokens from the input. """
    seed: int | None = None
    """ Sample deterministically, as far as the provider can. """
    logit_bias: LogitBias | None = None
    """ Token ids mapped to a bias from -100 to 100. """
    logprobs: bool | None = None
    """ Return the log probabilities of the output tokens. """
    top_logprobs: int | None = None
    """ How many most likely tokens to return at each position, 0 to 20.
    Integer here (the published spec says `number`): it is a count.
     """
    echo: bool | None = None
    """ Return the prompt in the response. """
    response_format: ResponseFormatJsonObject | ResponseFormatJsonSchema | ResponseFormatText | None = None
    """ The format of the answer. """
    prediction: Prediction | None = None
    """ Predicted output, which can make regenerating known text faster. """
    metadata: Metadata | None = None
    """ String metadata describing the request. """
    tools: list[CustomTool | FunctionTool | ProviderTool | Tool] | None = None
    """ Tools the model may call: Anthropic-shaped (`name`, `input_schema`)
    or OpenAI-shaped (`{type: function, function: {name, parameters}}`).
     """
    tool_choice: (
        AllowedToolsChoice
        | NamedCustomChoice
        | NamedFunctionChoice
        | ToolChoiceAny
        | ToolChoiceAuto
        | ToolChoiceMode
        | ToolChoiceNone
        | ToolChoiceTool
        | None
    ) = None
    """ Which tool, if any, the model must call (either shape). """
    parallel_tool_calls: bool | None = None
    """ Allow several tool calls in one answer. """
    normalize_tool_schemas: bool | None = None
    """ Let the gateway adapt tool JSON schemas to the provider. """
    reasoning_effort: ReasoningEffort | None = None
    reasoning: ReasoningOptions | None = None
    """ Configuration of reasoning tokens (for models that reason). """
    web_search_options: WebSearchOptions | None = None
    """ Let the gateway search the web for the answer. """
    search_mode: SearchMode | None = None
    search_domain_filter: list[str] | None = None
    """ Domains to limit search results to. """
    return_images: bool | None = False
    """ Include images in search results. """
    return_related_questions: bool | None = False
    """ Return related questions. """
    search_recency_filter: SearchRecencyFilter | None = None
    search_after_date_filter: str | None = None
    """ A date as `M/D/YYYY`. """
    search_before_date_filter: str | None = None
    """ A date as `M/D/YYYY`. """
    last_updated_after_filter: str | None = None
    """ A date as `M/D/YYYY`. """
    last_updated_before_filter: str | None = None
    """ A date as `M/D/YYYY`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.assistant_message import AssistantMessage  # noqa: PLC0415
        from ..models.custom_tool import CustomTool  # noqa: PLC0415
        from ..models.developer_message import DeveloperMessage  # noqa: PLC0415
        from ..models.function_tool import FunctionTool  # noqa: PLC0415
        from ..models.logit_bias import LogitBias  # noqa: PLC0415
        from ..models.named_custom_choice import NamedCustomChoice  # noqa: PLC0415
        from ..models.named_function_choice import NamedFunctionChoice  # noqa: PLC0415
        from ..models.response_format_json_object import ResponseFormatJsonObject  # noqa: PLC0415
        from ..models.response_format_text import ResponseFormatText  # noqa: PLC0415
        from ..models.system_message import SystemMessage  # noqa: PLC0415
        from ..models.tool import Tool  # noqa: PLC0415
        from ..models.tool_choice_any import ToolChoiceAny  # noqa: PLC0415
        from ..models.tool_choice_auto import ToolChoiceAuto  # noqa: PLC0415
        from ..models.tool_choice_none import ToolChoiceNone  # noqa: PLC0415
        from ..models.tool_choice_tool import ToolChoiceTool  # noqa: PLC0415
        from ..models.user_message import UserMessage  # noqa: PLC0415

        model: str
        if isinstance(self.model, str):
            model = self.model
        else:
            model = self.model

        messages = []
        for messages_item_data in self.messages:
            messages_item: dict[str, Any]
            if isinstance(messages_item_data, SystemMessage):
                messages_item = messages_item_data.to_dict()
            elif isinstance(messages_item_data, DeveloperMessage):
                messages_item = messages_item_data.to_dict()
            elif isinstance(messages_item_data, UserMessage):
                messages_item = messages_item_data.to_dict()
            elif isinstance(messages_item_data, AssistantMessage):
                messages_item = messages_item_data.to_dict()
            else:
                messages_item = messages_item_data.to_dict()

            messages.append(messages_item)

        provider = self.provider

        system = self.system

        max_tokens = self.max_tokens

        max_completion_tokens = self.max_completion_tokens

        stream = self.stream

        stream_options: dict[str, Any] | None = None
        if self.stream_options is not None:
            stream_options = self.stream_options.to_dict()

        temperature = self.temperature

        top_p = self.top_p

        top_k = self.top_k

        min_p = self.min_p

        top_a = self.top_a

        stop: list[str] | str | None
        if self.stop is None:
            stop = None
        elif isinstance(self.stop, list):
            stop = self.stop

        else:
            stop = self.stop

        stop_sequences: list[str] | None = None
        if self.stop_sequences is not None:
            stop_sequences = self.stop_sequences

        frequency_penalty: float | None
        if self.frequency_penalty is None:
            frequency_penalty = None
        else:
            frequency_penalty = self.frequency_penalty

        presence_penalty: float | None
        if self.presence_penalty is None:
            presence_penalty = None
        else:
            presence_penalty = self.presence_penalty

        repetition_penalty: float | None
        if self.repetition_penalty is None:
            repetition_penalty = None
        else:
            repetition_penalty = self.repetition_penalty

        seed = self.seed

        logit_bias: dict[str, Any] | None
        if self.logit_bias is None:
            logit_bias = None
        elif isinstance(self.logit_bias, LogitBias):
            logit_bias = self.logit_bias.to_dict()
        else:
            logit_bias = self.logit_bias

        logprobs: bool | None
        if self.logprobs is None:
            logprobs = None
        else:
            logprobs = self.logprobs

        top_logprobs: int | None
        if self.top_logprobs is None:
            top_logprobs = None
        else:
            top_logprobs = self.top_logprobs

        echo = self.echo

        response_format: dict[str, Any] | None
        if self.response_format is None:
            response_format = None
        elif isinstance(self.response_format, ResponseFormatText):
            response_format = self.response_format.to_dict()
        elif isinstance(self.response_format, ResponseFormatJsonObject):
            response_format = self.response_format.to_dict()
        else:
            response_format = self.response_format.to_dict()

        prediction: dict[str, Any] | None = None
        if self.prediction is not None:
            prediction = self.prediction.to_dict()

        metadata: dict[str, Any] | None = None
        if self.metadata is not None:
            metadata = self.metadata.to_dict()

        tools: list[dict[str, Any]] | None = None
        if self.tools is not None:
            tools = []
            for tools_item_data in self.tools:
                tools_item: dict[str, Any]
                if isinstance(tools_item_data, Tool):
                    tools_item = tools_item_data.to_dict()
                elif isinstance(tools_item_data, FunctionTool):
                    tools_item = tools_item_data.to_dict()
                elif isinstance(tools_item_data, CustomTool):
                    tools_item = tools_item_data.to_dict()
                else:
                    tools_item = tools_item_data.to_dict()

                tools.append(tools_item)

        tool_choice: dict[str, Any] | str | None
        if self.tool_choice is None:
            tool_choice = None
        elif isinstance(self.tool_choice, str):
            tool_choice = self.tool_choice
        elif isinstance(self.tool_choice, ToolChoiceAuto):
            tool_choice = self.tool_choice.to_dict()
        elif isinstance(self.tool_choice, ToolChoiceAny):
            tool_choice = self.tool_choice.to_dict()
        elif isinstance(self.tool_choice, ToolChoiceTool):
            tool_choice = self.tool_choice.to_dict()
        elif isinstance(self.tool_choice, ToolChoiceNone):
            tool_choice = self.tool_choice.to_dict()
        elif isinstance(self.tool_choice, NamedFunctionChoice):
            tool_choice = self.tool_choice.to_dict()
        elif isinstance(self.tool_choice, NamedCustomChoice):
            tool_choice = self.tool_choice.to_dict()
        else:
            tool_choice = self.tool_choice.to_dict()

        parallel_tool_calls = self.parallel_tool_calls

        normalize_tool_schemas = self.normalize_tool_schemas

        reasoning_effort: str | None = None
        if self.reasoning_effort is not None:
            reasoning_effort = self.reasoning_effort

        reasoning: dict[str, Any] | None = None
        if self.reasoning is not None:
            reasoning = self.reasoning.to_dict()

        web_search_options: dict[str, Any] | None = None
        if self.web_search_options is not None:
            web_search_options = self.web_search_options.to_dict()

        search_mode: str | None = None
        if self.search_mode is not None:
            search_mode = self.search_mode

        search_domain_filter: list[str] | None = None
        if self.search_domain_filter is not None:
            search_domain_filter = self.search_domain_filter

        return_images = self.return_images

        return_related_questions = self.return_related_questions

        search_recency_filter: str | None = None
        if self.search_recency_filter is not None:
            search_recency_filter = self.search_recency_filter

        search_after_date_filter = self.search_after_date_filter

        search_before_date_filter = self.search_before_date_filter

        last_updated_after_filter = self.last_updated_after_filter

        last_updated_before_filter = self.last_updated_before_filter

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "messages": messages,
            }
        )
        if provider is not None:
            field_dict["provider"] = provider
        if system is not None:
            field_dict["system"] = system
        if max_tokens is not None:
            field_dict["max_tokens"] = max_tokens
        if max_completion_tokens is not None:
            field_dict["max_completion_tokens"] = max_completion_tokens
        if stream is not None:
            field_dict["stream"] = stream
        if stream_options is not None:
            field_dict["stream_options"] = stream_options
        if temperature is not None:
            field_dict["temperature"] = temperature
        if top_p is not None:
            field_dict["top_p"] = top_p
        if top_k is not None:
            field_dict["top_k"] = top_k
        if min_p is not None:
            field_dict["min_p"] = min_p
        if top_a is not None:
            field_dict["top_a"] = top_a
        if stop is not None:
            field_dict["stop"] = stop
        if stop_sequences is not None:
            field_dict["stop_sequences"] = stop_sequences
        if frequency_penalty is not None:
            field_dict["frequency_penalty"] = frequency_penalty
        if presence_penalty is not None:
            field_dict["presence_penalty"] = presence_penalty
        if repetition_penalty is not None:
            field_dict["repetition_penalty"] = repetition_penalty
        if seed is not None:
            field_dict["seed"] = seed
        if logit_bias is not None:
            field_dict["logit_bias"] = logit_bias
        if logprobs is not None:
            field_dict["logprobs"] = logprobs
        if top_logprobs is not None:
            field_dict["top_logprobs"] = top_logprobs
        if echo is not None:
            field_dict["echo"] = echo
        if response_format is not None:
            field_dict["response_format"] = response_format
        if prediction is not None:
            field_dict["prediction"] = prediction
        if metadata is not None:
            field_dict["metadata"] = metadata
        if tools is not None:
            field_dict["tools"] = tools
        if tool_choice is not None:
            field_dict["tool_choice"] = tool_choice
        if parallel_tool_calls is not None:
            field_dict["parallel_tool_calls"] = parallel_tool_calls
        if normalize_tool_schemas is not None:
            field_dict["normalize_tool_schemas"] = normalize_tool_schemas
        if reasoning_effort is not None:
            field_dict["reasoning_effort"] = reasoning_effort
        if reasoning is not None:
            field_dict["reasoning"] = reasoning
        if web_search_options is not None:
            field_dict["web_search_options"] = web_search_options
        if search_mode is not None:
            field_dict["search_mode"] = search_mode
        if search_domain_filter is not None:
            field_dict["search_domain_filter"] = search_domain_filter
        if return_images is not None:
            field_dict["return_images"] = return_images
        if return_related_questions is not None:
            field_dict["return_related_questions"] = return_related_questions
        if search_recency_filter is not None:
            field_dict["search_recency_filter"] = search_recency_filter
        if search_after_date_filter is not None:
            field_dict["search_after_date_filter"] = search_after_date_filter
        if search_before_date_filter is not None:
            field_dict["search_before_date_filter"] = search_before_date_filter
        if last_updated_after_filter is not None:
            field_dict["last_updated_after_filter"] = last_updated_after_filter
        if last_updated_before_filter is not None:
            field_dict["last_updated_before_filter"] = last_updated_before_filter

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.allowed_tools_choice import AllowedToolsChoice  # noqa: PLC0415
        from ..models.assistant_message import AssistantMessage  # noqa: PLC0415
        from ..models.custom_tool import CustomTool  # noqa: PLC0415
        from ..models.developer_message import DeveloperMessage  # noqa: PLC0415
        from ..models.function_tool import FunctionTool  # noqa: PLC0415
        from ..models.logit_bias import LogitBias  # noqa: PLC0415
        from ..models.metadata import Metadata  # noqa: PLC0415
        from ..models.named_custom_choice import NamedCustomChoice  # noqa: PLC0415
        from ..models.named_function_choice import NamedFunctionChoice  # noqa: PLC0415
        from ..models.prediction import Prediction  # noqa: PLC0415
        from ..models.provider_tool import ProviderTool  # noqa: PLC0415
        from ..models.reasoning_options import ReasoningOptions  # noqa: PLC0415
        from ..models.response_format_json_object import ResponseFormatJsonObject  # noqa: PLC0415
        from ..models.response_format_json_schema import ResponseFormatJsonSchema  # noqa: PLC0415
        from ..models.response_format_text import ResponseFormatText  # noqa: PLC0415
        from ..models.stream_options import StreamOptions  # noqa: PLC0415
        from ..models.system_message import SystemMessage  # noqa: PLC0415
        from ..models.tool import Tool  # noqa: PLC0415
        from ..models.tool_choice_any import ToolChoiceAny  # noqa: PLC0415
        from ..models.tool_choice_auto import ToolChoiceAuto  # noqa: PLC0415
        from ..models.tool_choice_none import ToolChoiceNone  # noqa: PLC0415
        from ..models.tool_choice_tool import ToolChoiceTool  # noqa: PLC0415
        from ..models.tool_message import ToolMessage  # noqa: PLC0415
        from ..models.user_message import UserMessage  # noqa: PLC0415
        from ..models.web_search_options import WebSearchOptions  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_model(data: object) -> ModelId | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_type_0 = check_model_id(data)

                return model_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelId | str, data)

        model = _parse_model(d.pop("model"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:

            def _parse_messages_item(
                data: object,
            ) -> AssistantMessage | DeveloperMessage | SystemMessage | ToolMessage | UserMessage:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_0 = SystemMessage.from_dict(data)

                    return componentsschemas_message_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_1 = DeveloperMessage.from_dict(data)

                    return componentsschemas_message_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_2 = UserMessage.from_dict(data)

                    return componentsschemas_message_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_message_type_3 = AssistantMessage.from_dict(data)

                    return componentsschemas_message_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_type_4 = ToolMessage.from_dict(data)

                return componentsschemas_message_type_4

            messages_item = _parse_messages_item(messages_item_data)

            messages.append(messages_item)

        provider = d.pop("provider", None)

        system = d.pop("system", None)

        max_tokens = d.pop("max_tokens", None)

        max_completion_tokens = d.pop("max_completion_tokens", None)

        stream = d.pop("stream", None)

        _stream_options = d.pop("stream_options", None)
        stream_options: StreamOptions | None
        if _stream_options is None:
            stream_options = None
        else:
            stream_options = StreamOptions.from_dict(_stream_options)

        temperature = d.pop("temperature", None)

        top_p = d.pop("top_p", None)

        top_k = d.pop("top_k", None)

        min_p = d.pop("min_p", None)

        top_a = d.pop("top_a", None)

        def _parse_stop(data: object) -> list[str] | str | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                stop_type_1 = cast(list[str], data)

                return stop_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | None, data)

        stop = _parse_stop(d.pop("stop", None))

        stop_sequences = cast(list[str] | None, d.pop("stop_sequences", None))

        def _parse_frequency_penalty(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        frequency_penalty = _parse_frequency_penalty(d.pop("frequency_penalty", None))

        def _parse_presence_penalty(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        presence_penalty = _parse_presence_penalty(d.pop("presence_penalty", None))

        def _parse_repetition_penalty(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        repetition_penalty = _parse_repetition_penalty(d.pop("repetition_penalty", None))

        seed = d.pop("seed", None)

        def _parse_logit_bias(data: object) -> LogitBias | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logit_bias_type_0 = LogitBias.from_dict(data)

                return logit_bias_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LogitBias | None, data)

        logit_bias = _parse_logit_bias(d.pop("logit_bias", None))

        def _parse_logprobs(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        logprobs = _parse_logprobs(d.pop("logprobs", None))

        def _parse_top_logprobs(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        top_logprobs = _parse_top_logprobs(d.pop("top_logprobs", None))

        echo = d.pop("echo", None)

        def _parse_response_format(
            data: object,
        ) -> ResponseFormatJsonObject | ResponseFormatJsonSchema | ResponseFormatText | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_response_format_type_0 = ResponseFormatText.from_dict(data)

                return componentsschemas_response_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_response_format_type_1 = ResponseFormatJsonObject.from_dict(data)

                return componentsschemas_response_format_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_response_format_type_2 = ResponseFormatJsonSchema.from_dict(data)

            return componentsschemas_response_format_type_2

        response_format = _parse_response_format(d.pop("response_format", None))

        _prediction = d.pop("prediction", None)
        prediction: Prediction | None
        if _prediction is None:
            prediction = None
        else:
            prediction = Prediction.from_dict(_prediction)

        _metadata = d.pop("metadata", None)
        metadata: Metadata | None
        if _metadata is None:
            metadata = None
        else:
            metadata = Metadata.from_dict(_metadata)

        _tools = d.pop("tools", None)
        tools: list[CustomTool | FunctionTool | ProviderTool | Tool] | None = None
        if _tools is not None:
            tools = []
            for tools_item_data in _tools:

                def _parse_tools_item(data: object) -> CustomTool | FunctionTool | ProviderTool | Tool:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_tool_definition_type_0 = Tool.from_dict(data)

                        return componentsschemas_tool_definition_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_tool_definition_type_1 = FunctionTool.from_dict(data)

                        return componentsschemas_tool_definition_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_tool_definition_type_2 = CustomTool.from_dict(data)

                        return componentsschemas_tool_definition_type_2
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_tool_definition_type_3 = ProviderTool.from_dict(data)

                    return componentsschemas_tool_definition_type_3

                tools_item = _parse_tools_item(tools_item_data)

                tools.append(tools_item)

        def _parse_tool_choice(
            data: object,
        ) -> (
            AllowedToolsChoice
            | NamedCustomChoice
            | NamedFunctionChoice
            | ToolChoiceAny
            | ToolChoiceAuto
            | ToolChoiceMode
            | ToolChoiceNone
            | ToolChoiceTool
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_tool_choice_type_0 = check_tool_choice_mode(data)

                return componentsschemas_tool_choice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_1 = ToolChoiceAuto.from_dict(data)

                return componentsschemas_tool_choice_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_2 = ToolChoiceAny.from_dict(data)

                return componentsschemas_tool_choice_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_3 = ToolChoiceTool.from_dict(data)

                return componentsschemas_tool_choice_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_4 = ToolChoiceNone.from_dict(data)

                return componentsschemas_tool_choice_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_5 = NamedFunctionChoice.from_dict(data)

                return componentsschemas_tool_choice_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_6 = NamedCustomChoice.from_dict(data)

                return componentsschemas_tool_choice_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_tool_choice_type_7 = AllowedToolsChoice.from_dict(data)

            return componentsschemas_tool_choice_type_7

        tool_choice = _parse_tool_choice(d.pop("tool_choice", None))

        parallel_tool_calls = d.pop("parallel_tool_calls", None)

        normalize_tool_schemas = d.pop("normalize_tool_schemas", None)

        _reasoning_effort = d.pop("reasoning_effort", None)
        reasoning_effort: ReasoningEffort | None
        if _reasoning_effort is None:
            reasoning_effort = None
        else:
            reasoning_effort = check_reasoning_effort(_reasoning_effort)

        _reasoning = d.pop("reasoning", None)
        reasoning: ReasoningOptions | None
        if _reasoning is None:
            reasoning = None
        else:
            reasoning = ReasoningOptions.from_dict(_reasoning)

        _web_search_options = d.pop("web_search_options", None)
        web_search_options: WebSearchOptions | None
        if _web_search_options is None:
            web_search_options = None
        else:
            web_search_options = WebSearchOptions.from_dict(_web_search_options)

        _search_mode = d.pop("search_mode", None)
        search_mode: SearchMode | None
        if _search_mode is None:
            search_mode = None
        else:
            search_mode = check_search_mode(_search_mode)

        search_domain_filter = cast(list[str] | None, d.pop("search_domain_filter", None))

        return_images = d.pop("return_images", None)

        return_related_questions = d.pop("return_related_questions", None)

        _search_recency_filter = d.pop("search_recency_filter", None)
        search_recency_filter: SearchRecencyFilter | None
        if _search_recency_filter is None:
            search_recency_filter = None
        else:
            search_recency_filter = check_search_recency_filter(_search_recency_filter)

        search_after_date_filter = d.pop("search_after_date_filter", None)

        search_before_date_filter = d.pop("search_before_date_filter", None)

        last_updated_after_filter = d.pop("last_updated_after_filter", None)

        last_updated_before_filter = d.pop("last_updated_before_filter", None)

        chat_completion_request = cls(
            model=model,
            messages=messages,
            provider=provider,
            system=system,
            max_tokens=max_tokens,
            max_completion_tokens=max_completion_tokens,
            stream=stream,
            stream_options=stream_options,
            temperature=temperature,
            top_p=top_p,
            top_k=top_k,
            min_p=min_p,
            top_a=top_a,
            stop=stop,
            stop_sequences=stop_sequences,
            frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty,
            repetition_penalty=repetition_penalty,
            seed=seed,
            logit_bias=logit_bias,
            logprobs=logprobs,
            top_logprobs=top_logprobs,
            echo=echo,
            response_format=response_format,
            prediction=prediction,
            metadata=metadata,
            tools=tools,
            tool_choice=tool_choice,
            parallel_tool_calls=parallel_tool_calls,
            normalize_tool_schemas=normalize_tool_schemas,
            reasoning_effort=reasoning_effort,
            reasoning=reasoning,
            web_search_options=web_search_options,
            search_mode=search_mode,
            search_domain_filter=search_domain_filter,
            return_images=return_images,
            return_related_questions=return_related_questions,
            search_recency_filter=search_recency_filter,
            search_after_date_filter=search_after_date_filter,
            search_before_date_filter=search_before_date_filter,
            last_updated_after_filter=last_updated_after_filter,
            last_updated_before_filter=last_updated_before_filter,
        )

        chat_completion_request.additional_properties = d
        return chat_completion_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
