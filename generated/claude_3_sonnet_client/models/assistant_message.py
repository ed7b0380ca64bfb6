from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.custom_tool_call import CustomToolCall
    from ..models.function_tool_call import FunctionToolCall
    from ..models.image_block import ImageBlock
    from ..models.text_block import TextBlock
    from ..models.tool_result_block import ToolResultBlock
    from ..models.tool_use_block import ToolUseBlock


T = TypeVar("T", bound="AssistantMessage")


@_attrs_define
class AssistantMessage:
    """An assistant turn sent back in the history: text or content blocks
    (Anthropic shape, tool calls as `tool_use` blocks), or text and
    `tool_calls` (OpenAI shape, `content` may then be null).

    """

    role: Literal["assistant"]
    content: list[ImageBlock | TextBlock | ToolResultBlock | ToolUseBlock] | str | None = None
    name: str | None = None
    """ An optional name for the participant. """
    tool_calls: list[CustomToolCall | FunctionToolCall] | None = None
    refusal: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.function_tool_call import FunctionToolCall  # noqa: PLC0415
        from ..models.image_block import ImageBlock  # noqa: PLC0415
        from ..models.text_block import TextBlock  # noqa: PLC0415
        from ..models.tool_use_block import ToolUseBlock  # noqa: PLC0415

        role = self.role

        content: list[dict[str, Any]] | str | None
        if self.content is None:
            content = None
        elif isinstance(self.content, list):
            content = []
            for content_type_1_item_data in self.content:
                content_type_1_item: dict[str, Any]
                if isinstance(content_type_1_item_data, TextBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                elif isinstance(content_type_1_item_data, ImageBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                elif isinstance(content_type_1_item_data, ToolUseBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                else:
                    content_type_1_item = content_type_1_item_data.to_dict()

                content.append(content_type_1_item)

        else:
            content = self.content

        name = self.name

        tool_calls: list[dict[str, Any]] | None = None
        if self.tool_calls is not None:
            tool_calls = []
            for tool_calls_item_data in self.tool_calls:
                tool_calls_item: dict[str, Any]
                if isinstance(tool_calls_item_data, FunctionToolCall):
                    tool_calls_item = tool_calls_item_data.to_dict()
                else:
                    tool_calls_item = tool_calls_item_data.to_dict()

                tool_calls.append(tool_calls_item)

        refusal: str | None
        if self.refusal is None:
            refusal = None
        else:
            refusal = self.refusal

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
            }
        )
        if content is not None:
            field_dict["content"] = content
        if name is not None:
            field_dict["name"] = name
        if tool_calls is not None:
            field_dict["tool_calls"] = tool_calls
        if refusal is not None:
            field_dict["refusal"] = refusal

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_tool_call import CustomToolCall  # noqa: PLC0415
        from ..models.function_tool_call import FunctionToolCall  # noqa: PLC0415
        from ..models.image_block import ImageBlock  # noqa: PLC0415
        from ..models.text_block import TextBlock  # noqa: PLC0415
        from ..models.tool_result_block import ToolResultBlock  # noqa: PLC0415
        from ..models.tool_use_block import ToolUseBlock  # noqa: PLC0415

        d = dict(src_dict)
        role = cast(Literal["assistant"], d.pop("role"))
        if role != "assistant":
            raise ValueError(f"role must match const 'assistant', got '{role}'")

        def _parse_content(data: object) -> list[ImageBlock | TextBlock | ToolResultBlock | ToolUseBlock] | str | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                content_type_1 = []
                _content_type_1 = data
                for content_type_1_item_data in _content_type_1:

                    def _parse_content_type_1_item(
                        data: object,
                    ) -> ImageBlock | TextBlock | ToolResultBlock | ToolUseBlock:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_block_type_0 = TextBlock.from_dict(data)

                            return componentsschemas_content_block_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_block_type_1 = ImageBlock.from_dict(data)

                            return componentsschemas_content_block_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_content_block_type_2 = ToolUseBlock.from_dict(data)

                            return componentsschemas_content_block_type_2
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_content_block_type_3 = ToolResultBlock.from_dict(data)

                        return componentsschemas_content_block_type_3

                    content_type_1_item = _parse_content_type_1_item(content_type_1_item_data)

                    content_type_1.append(content_type_1_item)

                return content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ImageBlock | TextBlock | ToolResultBlock | ToolUseBlock] | str | None, data)

        content = _parse_content(d.pop("content", None))

        name = d.pop("name", None)

        _tool_calls = d.pop("tool_calls", None)
        tool_calls: list[CustomToolCall | FunctionToolCall] | None = None
        if _tool_calls is not None:
            tool_calls = []
            for tool_calls_item_data in _tool_calls:

                def _parse_tool_calls_item(data: object) -> CustomToolCall | FunctionToolCall:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_request_tool_call_type_0 = FunctionToolCall.from_dict(data)

                        return componentsschemas_request_tool_call_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_request_tool_call_type_1 = CustomToolCall.from_dict(data)

                    return componentsschemas_request_tool_call_type_1

                tool_calls_item = _parse_tool_calls_item(tool_calls_item_data)

                tool_calls.append(tool_calls_item)

        def _parse_refusal(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        refusal = _parse_refusal(d.pop("refusal", None))

        assistant_message = cls(
            role=role,
            content=content,
            name=name,
            tool_calls=tool_calls,
            refusal=refusal,
        )

        assistant_message.additional_properties = d
        return assistant_message

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
