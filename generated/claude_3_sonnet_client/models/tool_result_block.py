from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.image_block import ImageBlock
    from ..models.text_block import TextBlock


T = TypeVar("T", bound="ToolResultBlock")


@_attrs_define
class ToolResultBlock:
    """The result of a tool call, sent by the user (Anthropic shape)."""

    type_: Literal["tool_result"]
    tool_use_id: str
    is_error: bool | None = None
    content: list[ImageBlock | TextBlock] | str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.text_block import TextBlock  # noqa: PLC0415

        type_ = self.type_

        tool_use_id = self.tool_use_id

        is_error = self.is_error

        content: list[dict[str, Any]] | str | None
        if self.content is None:
            content = None
        elif isinstance(self.content, list):
            content = []
            for content_type_1_item_data in self.content:
                content_type_1_item: dict[str, Any]
                if isinstance(content_type_1_item_data, TextBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                else:
                    content_type_1_item = content_type_1_item_data.to_dict()

                content.append(content_type_1_item)

        else:
            content = self.content

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "tool_use_id": tool_use_id,
            }
        )
        if is_error is not None:
            field_dict["is_error"] = is_error
        if content is not None:
            field_dict["content"] = content

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_block import ImageBlock  # noqa: PLC0415
        from ..models.text_block import TextBlock  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["tool_result"], d.pop("type"))
        if type_ != "tool_result":
            raise ValueError(f"type must match const 'tool_result', got '{type_}'")

        tool_use_id = d.pop("tool_use_id")

        is_error = d.pop("is_error", None)

        def _parse_content(data: object) -> list[ImageBlock | TextBlock] | str | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                content_type_1 = []
                _content_type_1 = data
                for content_type_1_item_data in _content_type_1:

                    def _parse_content_type_1_item(data: object) -> ImageBlock | TextBlock:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_tool_result_content_block_type_0 = TextBlock.from_dict(data)

                            return componentsschemas_tool_result_content_block_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_tool_result_content_block_type_1 = ImageBlock.from_dict(data)

                        return componentsschemas_tool_result_content_block_type_1

                    content_type_1_item = _parse_content_type_1_item(content_type_1_item_data)

                    content_type_1.append(content_type_1_item)

                return content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ImageBlock | TextBlock] | str | None, data)

        content = _parse_content(d.pop("content", None))

        tool_result_block = cls(
            type_=type_,
            tool_use_id=tool_use_id,
            is_error=is_error,
            content=content,
        )

        tool_result_block.additional_properties = d
        return tool_result_block

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
