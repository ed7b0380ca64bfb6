from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.file_block import FileBlock
    from ..models.image_block import ImageBlock
    from ..models.image_url_block import ImageUrlBlock
    from ..models.text_block import TextBlock
    from ..models.tool_result_block import ToolResultBlock
    from ..models.tool_use_block import ToolUseBlock


T = TypeVar("T", bound="UserMessage")


@_attrs_define
class UserMessage:
    """A user turn."""

    role: Literal["user"]
    content: list[FileBlock | ImageBlock | ImageUrlBlock | TextBlock | ToolResultBlock | ToolUseBlock] | str
    """ Plain text, or a list of content blocks. """
    name: str | None = None
    """ An optional name for the participant. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_block import FileBlock  # noqa: PLC0415
        from ..models.image_block import ImageBlock  # noqa: PLC0415
        from ..models.image_url_block import ImageUrlBlock  # noqa: PLC0415
        from ..models.text_block import TextBlock  # noqa: PLC0415
        from ..models.tool_use_block import ToolUseBlock  # noqa: PLC0415

        role = self.role

        content: list[dict[str, Any]] | str
        if isinstance(self.content, list):
            content = []
            for content_type_1_item_data in self.content:
                content_type_1_item: dict[str, Any]
                if isinstance(content_type_1_item_data, TextBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                elif isinstance(content_type_1_item_data, ImageBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                elif isinstance(content_type_1_item_data, ImageUrlBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                elif isinstance(content_type_1_item_data, FileBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                elif isinstance(content_type_1_item_data, ToolUseBlock):
                    content_type_1_item = content_type_1_item_data.to_dict()
                else:
                    content_type_1_item = content_type_1_item_data.to_dict()

                content.append(content_type_1_item)

        else:
            content = self.content

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "content": content,
            }
        )
        if name is not None:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_block import FileBlock  # noqa: PLC0415
        from ..models.image_block import ImageBlock  # noqa: PLC0415
        from ..models.image_url_block import ImageUrlBlock  # noqa: PLC0415
        from ..models.text_block import TextBlock  # noqa: PLC0415
        from ..models.tool_result_block import ToolResultBlock  # noqa: PLC0415
        from ..models.tool_use_block import ToolUseBlock  # noqa: PLC0415

        d = dict(src_dict)
        role = cast(Literal["user"], d.pop("role"))
        if role != "user":
            raise ValueError(f"role must match const 'user', got '{role}'")

        def _parse_content(
            data: object,
        ) -> list[FileBlock | ImageBlock | ImageUrlBlock | TextBlock | ToolResultBlock | ToolUseBlock] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                content_type_1 = []
                _content_type_1 = data
                for content_type_1_item_data in _content_type_1:

                    def _parse_content_type_1_item(
                        data: object,
                    ) -> FileBlock | ImageBlock | ImageUrlBlock | TextBlock | ToolResultBlock | ToolUseBlock:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_user_content_block_type_0 = TextBlock.from_dict(data)

                            return componentsschemas_user_content_block_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_user_content_block_type_1 = ImageBlock.from_dict(data)

                            return componentsschemas_user_content_block_type_1
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_user_content_block_type_2 = ImageUrlBlock.from_dict(data)

                            return componentsschemas_user_content_block_type_2
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_user_content_block_type_3 = FileBlock.from_dict(data)

                            return componentsschemas_user_content_block_type_3
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_user_content_block_type_4 = ToolUseBlock.from_dict(data)

                            return componentsschemas_user_content_block_type_4
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_user_content_block_type_5 = ToolResultBlock.from_dict(data)

                        return componentsschemas_user_content_block_type_5

                    content_type_1_item = _parse_content_type_1_item(content_type_1_item_data)

                    content_type_1.append(content_type_1_item)

                return content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                list[FileBlock | ImageBlock | ImageUrlBlock | TextBlock | ToolResultBlock | ToolUseBlock] | str, data
            )

        content = _parse_content(d.pop("content"))

        name = d.pop("name", None)

        user_message = cls(
            role=role,
            content=content,
            name=name,
        )

        user_message.additional_properties = d
        return user_message

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
