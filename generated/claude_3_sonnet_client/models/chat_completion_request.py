from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_id import ModelId, check_model_id
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message import Message
    from ..models.metadata import Metadata
    from ..models.tool import Tool
    from ..models.tool_choice_any import ToolChoiceAny
    from ..models.tool_choice_auto import ToolChoiceAuto
    from ..models.tool_choice_none import ToolChoiceNone
    from ..models.tool_choice_tool import ToolChoiceTool


T = TypeVar("T", bound="ChatCompletionRequest")


@_attrs_define
class ChatCompletionRequest:
    """A request for the assistant's next message."""

    model: ModelId
    """ The model ids this endpoint accepts for Claude 3 Sonnet. Responses
    report the dated model (`claude-3-sonnet-20240229`). `type: string` is
    added to the published bare `enum`.
     """
    messages: list[Message]
    """ The conversation so far, alternating `user` and `assistant` turns.
    The system prompt is the top-level `system` field, not a message.
     """
    max_tokens: int | Unset = 512
    """ The maximum number of tokens to generate. Integer here (the
    published spec says `number`): a token count has no fraction.
     """
    stream: bool | Unset = False
    """ Stream the answer as server-sent events. """
    stop_sequences: list[str] | Unset = UNSET
    """ Custom text sequences that stop generation. """
    frequency_penalty: float | Unset = UNSET
    """ Number between -2.0 and 2.0. Positive values penalize tokens by
    their frequency so far. (The published spec states the range only
    in prose, so it is not enforced here either.)
     """
    top_k: int | Unset = UNSET
    """ Only sample from the top K options for each token. Integer here
    (the published spec says `number`): K is a count.
     """
    metadata: Metadata | Unset = UNSET
    """ String metadata describing the request. """
    tools: list[Tool] | Unset = UNSET
    """ Definitions of tools the model may call. """
    tool_choice: ToolChoiceAny | ToolChoiceAuto | ToolChoiceNone | ToolChoiceTool | Unset = UNSET
    """ Which tool, if any, the model must call. """
    top_p: float | Unset = UNSET
    """ Nucleus sampling probability mass. """
    temperature: float | Unset = UNSET
    """ Amount of randomness, from 0.0 to 1.0. Defaults to 1.0. """
    system: str | Unset = UNSET
    """ The system prompt. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.tool_choice_any import ToolChoiceAny  # noqa: PLC0415
        from ..models.tool_choice_auto import ToolChoiceAuto  # noqa: PLC0415
        from ..models.tool_choice_tool import ToolChoiceTool  # noqa: PLC0415

        model: str = self.model

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        max_tokens = self.max_tokens

        stream = self.stream

        stop_sequences: list[str] | Unset = UNSET
        if not isinstance(self.stop_sequences, Unset):
            stop_sequences = self.stop_sequences

        frequency_penalty = self.frequency_penalty

        top_k = self.top_k

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        tool_choice: dict[str, Any] | Unset
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, ToolChoiceAuto):
            tool_choice = self.tool_choice.to_dict()
        elif isinstance(self.tool_choice, ToolChoiceAny):
            tool_choice = self.tool_choice.to_dict()
        elif isinstance(self.tool_choice, ToolChoiceTool):
            tool_choice = self.tool_choice.to_dict()
        else:
            tool_choice = self.tool_choice.to_dict()

        top_p = self.top_p

        temperature = self.temperature

        system = self.system

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "messages": messages,
            }
        )
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens
        if stream is not UNSET:
            field_dict["stream"] = stream
        if stop_sequences is not UNSET:
            field_dict["stop_sequences"] = stop_sequences
        if frequency_penalty is not UNSET:
            field_dict["frequency_penalty"] = frequency_penalty
        if top_k is not UNSET:
            field_dict["top_k"] = top_k
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if tools is not UNSET:
            field_dict["tools"] = tools
        if tool_choice is not UNSET:
            field_dict["tool_choice"] = tool_choice
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if system is not UNSET:
            field_dict["system"] = system

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message import Message  # noqa: PLC0415
        from ..models.metadata import Metadata  # noqa: PLC0415
        from ..models.tool import Tool  # noqa: PLC0415
        from ..models.tool_choice_any import ToolChoiceAny  # noqa: PLC0415
        from ..models.tool_choice_auto import ToolChoiceAuto  # noqa: PLC0415
        from ..models.tool_choice_none import ToolChoiceNone  # noqa: PLC0415
        from ..models.tool_choice_tool import ToolChoiceTool  # noqa: PLC0415

        d = dict(src_dict)
        model = check_model_id(d.pop("model"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = Message.from_dict(messages_item_data)

            messages.append(messages_item)

        max_tokens = d.pop("max_tokens", UNSET)

        stream = d.pop("stream", UNSET)

        stop_sequences = cast(list[str], d.pop("stop_sequences", UNSET))

        frequency_penalty = d.pop("frequency_penalty", UNSET)

        top_k = d.pop("top_k", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: Metadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = Metadata.from_dict(_metadata)

        _tools = d.pop("tools", UNSET)
        tools: list[Tool] | Unset = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:
                tools_item = Tool.from_dict(tools_item_data)

                tools.append(tools_item)

        def _parse_tool_choice(
            data: object,
        ) -> ToolChoiceAny | ToolChoiceAuto | ToolChoiceNone | ToolChoiceTool | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_0 = ToolChoiceAuto.from_dict(data)

                return componentsschemas_tool_choice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_1 = ToolChoiceAny.from_dict(data)

                return componentsschemas_tool_choice_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_tool_choice_type_2 = ToolChoiceTool.from_dict(data)

                return componentsschemas_tool_choice_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_tool_choice_type_3 = ToolChoiceNone.from_dict(data)

            return componentsschemas_tool_choice_type_3

        tool_choice = _parse_tool_choice(d.pop("tool_choice", UNSET))

        top_p = d.pop("top_p", UNSET)

        temperature = d.pop("temperature", UNSET)

        system = d.pop("system", UNSET)

        chat_completion_request = cls(
            model=model,
            messages=messages,
            max_tokens=max_tokens,
            stream=stream,
            stop_sequences=stop_sequences,
            frequency_penalty=frequency_penalty,
            top_k=top_k,
            metadata=metadata,
            tools=tools,
            tool_choice=tool_choice,
            top_p=top_p,
            temperature=temperature,
            system=system,
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
