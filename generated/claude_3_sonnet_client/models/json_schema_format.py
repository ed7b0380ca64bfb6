from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.json_schema_object import JsonSchemaObject


T = TypeVar("T", bound="JsonSchemaFormat")


@_attrs_define
class JsonSchemaFormat:
    name: str
    description: str | None = None
    schema: JsonSchemaObject | None = None
    """ A JSON Schema. """
    strict: bool | None = None
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        schema: dict[str, Any] | None = None
        if self.schema is not None:
            schema = self.schema.to_dict()

        strict: bool | None
        if self.strict is None:
            strict = None
        else:
            strict = self.strict

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not None:
            field_dict["description"] = description
        if schema is not None:
            field_dict["schema"] = schema
        if strict is not None:
            field_dict["strict"] = strict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_schema_object import JsonSchemaObject  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", None)

        _schema = d.pop("schema", None)
        schema: JsonSchemaObject | None
        if _schema is None:
            schema = None
        else:
            schema = JsonSchemaObject.from_dict(_schema)

        def _parse_strict(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        strict = _parse_strict(d.pop("strict", None))

        json_schema_format = cls(
            name=name,
            description=description,
            schema=schema,
            strict=strict,
        )

        return json_schema_format
