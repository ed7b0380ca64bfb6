from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.json_schema_format import JsonSchemaFormat


T = TypeVar("T", bound="ResponseFormatJsonSchema")


@_attrs_define
class ResponseFormatJsonSchema:
    type_: Literal["json_schema"]
    json_schema: JsonSchemaFormat
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        json_schema = self.json_schema.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "json_schema": json_schema,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_schema_format import JsonSchemaFormat  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["json_schema"], d.pop("type"))
        if type_ != "json_schema":
            raise ValueError(f"type must match const 'json_schema', got '{type_}'")

        json_schema = JsonSchemaFormat.from_dict(d.pop("json_schema"))

        response_format_json_schema = cls(
            type_=type_,
            json_schema=json_schema,
        )

        return response_format_json_schema
