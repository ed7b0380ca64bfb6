from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CompletionTokensDetails")


@_attrs_define
class CompletionTokensDetails:
    reasoning_tokens: int | None = None
    audio_tokens: int | None = None
    accepted_prediction_tokens: int | None = None
    rejected_prediction_tokens: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        reasoning_tokens: int | None
        if self.reasoning_tokens is None:
            reasoning_tokens = None
        else:
            reasoning_tokens = self.reasoning_tokens

        audio_tokens: int | None
        if self.audio_tokens is None:
            audio_tokens = None
        else:
            audio_tokens = self.audio_tokens

        accepted_prediction_tokens: int | None
        if self.accepted_prediction_tokens is None:
            accepted_prediction_tokens = None
        else:
            accepted_prediction_tokens = self.accepted_prediction_tokens

        rejected_prediction_tokens: int | None
        if self.rejected_prediction_tokens is None:
            rejected_prediction_tokens = None
        else:
            rejected_prediction_tokens = self.rejected_prediction_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reasoning_tokens is not None:
            field_dict["reasoning_tokens"] = reasoning_tokens
        if audio_tokens is not None:
            field_dict["audio_tokens"] = audio_tokens
        if accepted_prediction_tokens is not None:
            field_dict["accepted_prediction_tokens"] = accepted_prediction_tokens
        if rejected_prediction_tokens is not None:
            field_dict["rejected_prediction_tokens"] = rejected_prediction_tokens

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_reasoning_tokens(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        reasoning_tokens = _parse_reasoning_tokens(d.pop("reasoning_tokens", None))

        def _parse_audio_tokens(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        audio_tokens = _parse_audio_tokens(d.pop("audio_tokens", None))

        def _parse_accepted_prediction_tokens(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        accepted_prediction_tokens = _parse_accepted_prediction_tokens(d.pop("accepted_prediction_tokens", None))

        def _parse_rejected_prediction_tokens(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rejected_prediction_tokens = _parse_rejected_prediction_tokens(d.pop("rejected_prediction_tokens", None))

        completion_tokens_details = cls(
            reasoning_tokens=reasoning_tokens,
            audio_tokens=audio_tokens,
            accepted_prediction_tokens=accepted_prediction_tokens,
            rejected_prediction_tokens=rejected_prediction_tokens,
        )

        completion_tokens_details.additional_properties = d
        return completion_tokens_details

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
