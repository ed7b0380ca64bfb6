from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.chunk_function_call import ChunkFunctionCall


T = TypeVar("T", bound="ChunkToolCall")


@_attrs_define
class ChunkToolCall:
    """A piece of a tool call; `arguments` pieces concatenate."""

    index: int
    id: str | None = None
    type_: str | None = None
    function: ChunkFunctionCall | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chunk_function_call import ChunkFunctionCall  # noqa: PLC0415

        index = self.index

        id: str | None
        if self.id is None:
            id = None
        else:
            id = self.id

        type_: str | None
        if self.type_ is None:
            type_ = None
        else:
            type_ = self.type_

        function: dict[str, Any] | None
        if self.function is None:
            function = None
        elif isinstance(self.function, ChunkFunctionCall):
            function = self.function.to_dict()
        else:
            function = self.function

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
            }
        )
        if id is not None:
            field_dict["id"] = id
        if type_ is not None:
            field_dict["type"] = type_
        if function is not None:
            field_dict["function"] = function

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chunk_function_call import ChunkFunctionCall  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        def _parse_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        id = _parse_id(d.pop("id", None))

        def _parse_type_(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        type_ = _parse_type_(d.pop("type", None))

        def _parse_function(data: object) -> ChunkFunctionCall | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                function_type_0 = ChunkFunctionCall.from_dict(data)

                return function_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChunkFunctionCall | None, data)

        function = _parse_function(d.pop("function", None))

        chunk_tool_call = cls(
            index=index,
            id=id,
            type_=type_,
            function=function,
        )

        chunk_tool_call.additional_properties = d
        return chunk_tool_call

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
