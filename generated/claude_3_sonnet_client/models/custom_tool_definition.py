from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.grammar_format import GrammarFormat
    from ..models.text_format import TextFormat


T = TypeVar("T", bound="CustomToolDefinition")


@_attrs_define
class CustomToolDefinition:
    name: str
    format_: GrammarFormat | TextFormat
    """ The input format of a custom tool. """
    description: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.text_format import TextFormat  # noqa: PLC0415

        name = self.name

        format_: dict[str, Any]
        if isinstance(self.format_, TextFormat):
            format_ = self.format_.to_dict()
        else:
            format_ = self.format_.to_dict()

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "format": format_,
            }
        )
        if description is not None:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.grammar_format import GrammarFormat  # noqa: PLC0415
        from ..models.text_format import TextFormat  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_format_(data: object) -> GrammarFormat | TextFormat:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_custom_tool_format_type_0 = TextFormat.from_dict(data)

                return componentsschemas_custom_tool_format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_custom_tool_format_type_1 = GrammarFormat.from_dict(data)

            return componentsschemas_custom_tool_format_type_1

        format_ = _parse_format_(d.pop("format"))

        description = d.pop("description", None)

        custom_tool_definition = cls(
            name=name,
            format_=format_,
            description=description,
        )

        custom_tool_definition.additional_properties = d
        return custom_tool_definition

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
