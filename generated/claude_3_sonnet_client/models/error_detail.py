from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """A nested error object."""

    message: str | None = None
    type_: str | None = None
    code: int | str | None = None
    param: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        type_ = self.type_

        code: int | str | None
        if self.code is None:
            code = None
        else:
            code = self.code

        param: str | None
        if self.param is None:
            param = None
        else:
            param = self.param

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if message is not None:
            field_dict["message"] = message
        if type_ is not None:
            field_dict["type"] = type_
        if code is not None:
            field_dict["code"] = code
        if param is not None:
            field_dict["param"] = param

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message", None)

        type_ = d.pop("type", None)

        def _parse_code(data: object) -> int | str | None:
            if data is None:
                return data
            return cast(int | str | None, data)

        code = _parse_code(d.pop("code", None))

        def _parse_param(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        param = _parse_param(d.pop("param", None))

        error_detail = cls(
            message=message,
            type_=type_,
            code=code,
            param=param,
        )

        error_detail.additional_properties = d
        return error_detail

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
