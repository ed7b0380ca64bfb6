from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.url_citation import UrlCitation


T = TypeVar("T", bound="Annotation")


@_attrs_define
class Annotation:
    """A note on the message, such as a URL citation when web search was used."""

    type_: str
    url_citation: UrlCitation | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        url_citation: dict[str, Any] | None = None
        if self.url_citation is not None:
            url_citation = self.url_citation.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if url_citation is not None:
            field_dict["url_citation"] = url_citation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.url_citation import UrlCitation  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        _url_citation = d.pop("url_citation", None)
        url_citation: UrlCitation | None
        if _url_citation is None:
            url_citation = None
        else:
            url_citation = UrlCitation.from_dict(_url_citation)

        annotation = cls(
            type_=type_,
            url_citation=url_citation,
        )

        annotation.additional_properties = d
        return annotation

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
