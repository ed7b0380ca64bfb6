from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.called_custom_tool import CalledCustomTool
    from ..models.extra_content import ExtraContent


T = TypeVar("T", bound="CustomToolCall")


@_attrs_define
class CustomToolCall:
    id: str
    type_: Literal["custom"]
    custom: CalledCustomTool
    extra_content: ExtraContent | None = None
    """ Opaque provider metadata for a tool call. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        custom = self.custom.to_dict()

        extra_content: dict[str, Any] | None = None
        if self.extra_content is not None:
            extra_content = self.extra_content.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "custom": custom,
            }
        )
        if extra_content is not None:
            field_dict["extra_content"] = extra_content

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.called_custom_tool import CalledCustomTool  # noqa: PLC0415
        from ..models.extra_content import ExtraContent  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["custom"], d.pop("type"))
        if type_ != "custom":
            raise ValueError(f"type must match const 'custom', got '{type_}'")

        custom = CalledCustomTool.from_dict(d.pop("custom"))

        _extra_content = d.pop("extra_content", None)
        extra_content: ExtraContent | None
        if _extra_content is None:
            extra_content = None
        else:
            extra_content = ExtraContent.from_dict(_extra_content)

        custom_tool_call = cls(
            id=id,
            type_=type_,
            custom=custom,
            extra_content=extra_content,
        )

        custom_tool_call.additional_properties = d
        return custom_tool_call

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
