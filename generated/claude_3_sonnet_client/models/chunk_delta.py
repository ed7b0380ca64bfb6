from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.chunk_tool_call import ChunkToolCall


T = TypeVar("T", bound="ChunkDelta")


@_attrs_define
class ChunkDelta:
    """What this chunk adds to the message. `role` repeats in every chunk."""

    role: str | None = None
    content: str | None = None
    reasoning_content: str | None = None
    refusal: str | None = None
    tool_calls: list[ChunkToolCall] | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        role: str | None
        if self.role is None:
            role = None
        else:
            role = self.role

        content: str | None
        if self.content is None:
            content = None
        else:
            content = self.content

        reasoning_content: str | None
        if self.reasoning_content is None:
            reasoning_content = None
        else:
            reasoning_content = self.reasoning_content

        refusal: str | None
        if self.refusal is None:
            refusal = None
        else:
            refusal = self.refusal

        tool_calls: list[dict[str, Any]] | None
        if self.tool_calls is None:
            tool_calls = None
        elif isinstance(self.tool_calls, list):
            tool_calls = []
            for tool_calls_type_0_item_data in self.tool_calls:
                tool_calls_type_0_item = tool_calls_type_0_item_data.to_dict()
                tool_calls.append(tool_calls_type_0_item)

        else:
            tool_calls = self.tool_calls

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if role is not None:
            field_dict["role"] = role
        if content is not None:
            field_dict["content"] = content
        if reasoning_content is not None:
            field_dict["reasoning_content"] = reasoning_content
        if refusal is not None:
            field_dict["refusal"] = refusal
        if tool_calls is not None:
            field_dict["tool_calls"] = tool_calls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chunk_tool_call import ChunkToolCall  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_role(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        role = _parse_role(d.pop("role", None))

        def _parse_content(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        content = _parse_content(d.pop("content", None))

        def _parse_reasoning_content(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        reasoning_content = _parse_reasoning_content(d.pop("reasoning_content", None))

        def _parse_refusal(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        refusal = _parse_refusal(d.pop("refusal", None))

        def _parse_tool_calls(data: object) -> list[ChunkToolCall] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tool_calls_type_0 = []
                _tool_calls_type_0 = data
                for tool_calls_type_0_item_data in _tool_calls_type_0:
                    tool_calls_type_0_item = ChunkToolCall.from_dict(tool_calls_type_0_item_data)

                    tool_calls_type_0.append(tool_calls_type_0_item)

                return tool_calls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ChunkToolCall] | None, data)

        tool_calls = _parse_tool_calls(d.pop("tool_calls", None))

        chunk_delta = cls(
            role=role,
            content=content,
            reasoning_content=reasoning_content,
            refusal=refusal,
            tool_calls=tool_calls,
        )

        chunk_delta.additional_properties = d
        return chunk_delta

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
