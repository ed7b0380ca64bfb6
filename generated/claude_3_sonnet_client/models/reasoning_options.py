from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reasoning_effort import ReasoningEffort, check_reasoning_effort

T = TypeVar("T", bound="ReasoningOptions")


@_attrs_define
class ReasoningOptions:
    """Configuration of reasoning tokens (for models that reason)."""

    effort: ReasoningEffort | None = None
    max_tokens: int | None = None
    exclude: bool | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        effort: str | None = None
        if self.effort is not None:
            effort = self.effort

        max_tokens = self.max_tokens

        exclude = self.exclude

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if effort is not None:
            field_dict["effort"] = effort
        if max_tokens is not None:
            field_dict["max_tokens"] = max_tokens
        if exclude is not None:
            field_dict["exclude"] = exclude

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _effort = d.pop("effort", None)
        effort: ReasoningEffort | None
        if _effort is None:
            effort = None
        else:
            effort = check_reasoning_effort(_effort)

        max_tokens = d.pop("max_tokens", None)

        exclude = d.pop("exclude", None)

        reasoning_options = cls(
            effort=effort,
            max_tokens=max_tokens,
            exclude=exclude,
        )

        reasoning_options.additional_properties = d
        return reasoning_options

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
