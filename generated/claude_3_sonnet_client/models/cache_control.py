from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cache_ttl import CacheTtl, check_cache_ttl

T = TypeVar("T", bound="CacheControl")


@_attrs_define
class CacheControl:
    """Mark a prompt prefix for caching."""

    type_: Literal["ephemeral"]
    ttl: CacheTtl | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        ttl: str | None = None
        if self.ttl is not None:
            ttl = self.ttl

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if ttl is not None:
            field_dict["ttl"] = ttl

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["ephemeral"], d.pop("type"))
        if type_ != "ephemeral":
            raise ValueError(f"type must match const 'ephemeral', got '{type_}'")

        _ttl = d.pop("ttl", None)
        ttl: CacheTtl | None
        if _ttl is None:
            ttl = None
        else:
            ttl = check_cache_ttl(_ttl)

        cache_control = cls(
            type_=type_,
            ttl=ttl,
        )

        cache_control.additional_properties = d
        return cache_control

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
