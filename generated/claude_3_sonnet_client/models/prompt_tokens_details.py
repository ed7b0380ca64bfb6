from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PromptTokensDetails")


@_attrs_define
class PromptTokensDetails:
    cached_tokens: int | None = None
    audio_tokens: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        cached_tokens: int | None
        if self.cached_tokens is None:
            cached_tokens = None
        else:
            cached_tokens = self.cached_tokens

        audio_tokens: int | None
        if self.audio_tokens is None:
            audio_tokens = None
        else:
            audio_tokens = self.audio_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cached_tokens is not None:
            field_dict["cached_tokens"] = cached_tokens
        if audio_tokens is not None:
            field_dict["audio_tokens"] = audio_tokens

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_cached_tokens(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cached_tokens = _parse_cached_tokens(d.pop("cached_tokens", None))

        def _parse_audio_tokens(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        audio_tokens = _parse_audio_tokens(d.pop("audio_tokens", None))

        prompt_tokens_details = cls(
            cached_tokens=cached_tokens,
            audio_tokens=audio_tokens,
        )

        prompt_tokens_details.additional_properties = d
        return prompt_tokens_details

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
