from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.search_context_size import SearchContextSize, check_search_context_size

if TYPE_CHECKING:
    from ..models.user_location import UserLocation


T = TypeVar("T", bound="WebSearchOptions")


@_attrs_define
class WebSearchOptions:
    """Let the gateway search the web for the answer."""

    search_context_size: SearchContextSize | None = None
    user_location: UserLocation | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.user_location import UserLocation  # noqa: PLC0415

        search_context_size: str | None = None
        if self.search_context_size is not None:
            search_context_size = self.search_context_size

        user_location: dict[str, Any] | None
        if self.user_location is None:
            user_location = None
        elif isinstance(self.user_location, UserLocation):
            user_location = self.user_location.to_dict()
        else:
            user_location = self.user_location

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if search_context_size is not None:
            field_dict["search_context_size"] = search_context_size
        if user_location is not None:
            field_dict["user_location"] = user_location

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_location import UserLocation  # noqa: PLC0415

        d = dict(src_dict)
        _search_context_size = d.pop("search_context_size", None)
        search_context_size: SearchContextSize | None
        if _search_context_size is None:
            search_context_size = None
        else:
            search_context_size = check_search_context_size(_search_context_size)

        def _parse_user_location(data: object) -> UserLocation | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_location_type_0 = UserLocation.from_dict(data)

                return user_location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(UserLocation | None, data)

        user_location = _parse_user_location(d.pop("user_location", None))

        web_search_options = cls(
            search_context_size=search_context_size,
            user_location=user_location,
        )

        web_search_options.additional_properties = d
        return web_search_options

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
