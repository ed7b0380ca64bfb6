from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cache_control import CacheControl


T = TypeVar("T", bound="TextBlock")


@_attrs_define
class TextBlock:
    """Text content."""

    type_: Literal["text"]
    text: str
    """ The text content. """
    cache_control: CacheControl | None = None
    """ Mark a prompt prefix for caching. """
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        text = self.text

        cache_control: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cache_control, Unset):
            cache_control = self.cache_control.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "text": text,
            }
        )
        if cache_control is not UNSET:
            field_dict["cache_control"] = cache_control

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cache_control import CacheControl  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["text"], d.pop("type"))
        if type_ != "text":
            raise ValueError(f"type must match const 'text', got '{type_}'")

        text = d.pop("text")

        _cache_control = d.pop("cache_control", UNSET)
        cache_control: CacheControl | Unset
        if isinstance(_cache_control, Unset):
            cache_control = UNSET
        else:
            cache_control = CacheControl.from_dict(_cache_control)

        text_block = cls(
            type_=type_,
            text=text,
            cache_control=cache_control,
        )

        return text_block
