from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ChatCompletionEvent")


@_attrs_define
class ChatCompletionEvent:
    """One server-sent event of a streamed answer (the schema applies to each
    event, as schemathesis and OpenAPI 3.2's `itemSchema` read it): its
    `data` is a `ChatCompletionChunk` as JSON, or `[DONE]` at the end.
    Only the first chunk has a non-empty `id`; `delta.role` repeats;
    `usage` is null except on the chunk carrying `finish_reason`; a
    trailing chunk may carry `finish_reason` without a `delta`.

    """

    data: Any | Literal["[DONE]"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        data: Any | Literal["[DONE]"]
        data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_data(data: object) -> Any | Literal["[DONE]"]:
            data_type_0 = cast(Literal["[DONE]"], data)
            if data_type_0 != "[DONE]":
                raise ValueError(f"data_type_0 must match const '[DONE]', got '{data_type_0}'")
            return data_type_0
            return cast(Any | Literal["[DONE]"], data)

        data = _parse_data(d.pop("data"))

        chat_completion_event = cls(
            data=data,
        )

        chat_completion_event.additional_properties = d
        return chat_completion_event

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
