from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cache_control import CacheControl
    from ..models.function_definition import FunctionDefinition


T = TypeVar("T", bound="FunctionTool")


@_attrs_define
class FunctionTool:
    """A function the model may call (OpenAI shape)."""

    type_: Literal["function"]
    function: FunctionDefinition
    cache_control: CacheControl | None = None
    """ Mark a prompt prefix for caching. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        function = self.function.to_dict()

        cache_control: dict[str, Any] | None = None
        if self.cache_control is not None:
            cache_control = self.cache_control.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "function": function,
            }
        )
        if cache_control is not None:
            field_dict["cache_control"] = cache_control

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cache_control import CacheControl  # noqa: PLC0415
        from ..models.function_definition import FunctionDefinition  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["function"], d.pop("type"))
        if type_ != "function":
            raise ValueError(f"type must match const 'function', got '{type_}'")

        function = FunctionDefinition.from_dict(d.pop("function"))

        _cache_control = d.pop("cache_control", None)
        cache_control: CacheControl | None
        if _cache_control is None:
            cache_control = None
        else:
            cache_control = CacheControl.from_dict(_cache_control)

        function_tool = cls(
            type_=type_,
            function=function,
            cache_control=cache_control,
        )

        function_tool.additional_properties = d
        return function_tool

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
