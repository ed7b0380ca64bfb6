from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.text_block import TextBlock


T = TypeVar("T", bound="ToolMessage")


@_attrs_define
class ToolMessage:
    """The result of a tool call (OpenAI shape; or a `tool_result` block)."""

    role: Literal["tool"]
    content: list[TextBlock] | str
    """ Plain text, or a list of text blocks. """
    tool_call_id: str
    """ The tool call this message answers. """
    name: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        content: list[dict[str, Any]] | str
        if isinstance(self.content, list):
            content = []
            for componentsschemas_text_content_type_1_item_data in self.content:
                componentsschemas_text_content_type_1_item = componentsschemas_text_content_type_1_item_data.to_dict()
                content.append(componentsschemas_text_content_type_1_item)

        else:
            content = self.content

        tool_call_id = self.tool_call_id

        name: str | None
        if self.name is None:
            name = None
        else:
            name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "content": content,
                "tool_call_id": tool_call_id,
            }
        )
        if name is not None:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.text_block import TextBlock  # noqa: PLC0415

        d = dict(src_dict)
        role = cast(Literal["tool"], d.pop("role"))
        if role != "tool":
            raise ValueError(f"role must match const 'tool', got '{role}'")

        def _parse_content(data: object) -> list[TextBlock] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_text_content_type_1 = []
                _componentsschemas_text_content_type_1 = data
                for componentsschemas_text_content_type_1_item_data in _componentsschemas_text_content_type_1:
                    componentsschemas_text_content_type_1_item = TextBlock.from_dict(
                        componentsschemas_text_content_type_1_item_data
                    )

                    componentsschemas_text_content_type_1.append(componentsschemas_text_content_type_1_item)

                return componentsschemas_text_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TextBlock] | str, data)

        content = _parse_content(d.pop("content"))

        tool_call_id = d.pop("tool_call_id")

        def _parse_name(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        name = _parse_name(d.pop("name", None))

        tool_message = cls(
            role=role,
            content=content,
            tool_call_id=tool_call_id,
            name=name,
        )

        tool_message.additional_properties = d
        return tool_message

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
