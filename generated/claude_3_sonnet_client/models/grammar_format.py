from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.grammar import Grammar


T = TypeVar("T", bound="GrammarFormat")


@_attrs_define
class GrammarFormat:
    type_: Literal["grammar"]
    grammar: Grammar
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        grammar = self.grammar.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "grammar": grammar,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.grammar import Grammar  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["grammar"], d.pop("type"))
        if type_ != "grammar":
            raise ValueError(f"type must match const 'grammar', got '{type_}'")

        grammar = Grammar.from_dict(d.pop("grammar"))

        grammar_format = cls(
            type_=type_,
            grammar=grammar,
        )

        grammar_format.additional_properties = d
        return grammar_format

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
