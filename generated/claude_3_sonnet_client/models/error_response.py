from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail


T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """An error body. Its shape is not published, so it is permissive:
    `message` is a string or a list of strings, `error` a string or an
    object; unknown fields are kept.

    """

    status_code: int | None = None
    message: list[str] | str | None = None
    error: ErrorDetail | str | None = None
    path: str | None = None
    timestamp: str | None = None
    request_id: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415

        status_code = self.status_code

        message: list[str] | str | None
        if self.message is None:
            message = None
        elif isinstance(self.message, list):
            message = self.message

        else:
            message = self.message

        error: dict[str, Any] | str | None
        if self.error is None:
            error = None
        elif isinstance(self.error, ErrorDetail):
            error = self.error.to_dict()
        else:
            error = self.error

        path = self.path

        timestamp = self.timestamp

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status_code is not None:
            field_dict["statusCode"] = status_code
        if message is not None:
            field_dict["message"] = message
        if error is not None:
            field_dict["error"] = error
        if path is not None:
            field_dict["path"] = path
        if timestamp is not None:
            field_dict["timestamp"] = timestamp
        if request_id is not None:
            field_dict["requestId"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415

        d = dict(src_dict)
        status_code = d.pop("statusCode", None)

        def _parse_message(data: object) -> list[str] | str | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                message_type_1 = cast(list[str], data)

                return message_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str | None, data)

        message = _parse_message(d.pop("message", None))

        def _parse_error(data: object) -> ErrorDetail | str | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_1 = ErrorDetail.from_dict(data)

                return error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorDetail | str | None, data)

        error = _parse_error(d.pop("error", None))

        path = d.pop("path", None)

        timestamp = d.pop("timestamp", None)

        request_id = d.pop("requestId", None)

        error_response = cls(
            status_code=status_code,
            message=message,
            error=error,
            path=path,
            timestamp=timestamp,
            request_id=request_id,
        )

        error_response.additional_properties = d
        return error_response

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
