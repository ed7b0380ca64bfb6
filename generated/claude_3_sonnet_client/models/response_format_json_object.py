from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ResponseFormatJsonObject")


@_attrs_define
class ResponseFormatJsonObject:
    type_: Literal["json_object"]
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["json_object"], d.pop("type"))
        if type_ != "json_object":
            raise ValueError(f"type must match const 'json_object', got '{type_}'")

        response_format_json_object = cls(
            type_=type_,
        )

        return response_format_json_object
