from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tool_input_schema import ToolInputSchema


T = TypeVar("T", bound="Tool")


@_attrs_define
class Tool:
    """A tool the model may call (Anthropic shape)."""

    name: str
    """ Name of the tool. """
    input_schema: ToolInputSchema
    """ JSON Schema of the tool's input; always an object schema. """
    description: str | None = None
    """ What the tool does; the more detail, the better the model uses it. """
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

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
        if description is not None:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_input_schema import ToolInputSchema  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        input_schema = ToolInputSchema.from_dict(d.pop("input_schema"))

        description = d.pop("description", None)

        tool = cls(
            name=name,
            input_schema=input_schema,
            description=description,
        )

        return tool
