from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_input_schema import ToolInputSchema


T = TypeVar("T", bound="Tool")


@_attrs_define
class Tool:
    """A tool the model may call."""

    name: str
    """ Name of the tool. """
    input_schema: ToolInputSchema
    """ JSON Schema of the tool's input; always an object schema. """
    description: str | Unset = UNSET
    """ What the tool does; the more detail, the better the model uses it. """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        input_schema = self.input_schema.to_dict()

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "input_schema": input_schema,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_input_schema import ToolInputSchema  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        input_schema = ToolInputSchema.from_dict(d.pop("input_schema"))

        description = d.pop("description", UNSET)

        tool = cls(
            name=name,
            input_schema=input_schema,
            description=description,
        )

        return tool
