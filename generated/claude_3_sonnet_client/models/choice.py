from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.completion_message import CompletionMessage
    from ..models.logprobs import Logprobs


T = TypeVar("T", bound="Choice")


@_attrs_define
class Choice:
    """One answer."""

    index: int
    message: CompletionMessage
    """ The assistant's message in a completion. """
    finish_reason: str | None = None
    """ Why generation stopped. An open string: `end_turn`, `stop`,
    `stop_sequence`, `max_tokens`, `length`, `tool_calls`,
    `content_filter` have been seen or documented.
     """
    logprobs: Logprobs | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.logprobs import Logprobs  # noqa: PLC0415

        index = self.index

        message = self.message.to_dict()

        finish_reason: str | None
        if self.finish_reason is None:
            finish_reason = None
        else:
            finish_reason = self.finish_reason

        logprobs: dict[str, Any] | None
        if self.logprobs is None:
            logprobs = None
        elif isinstance(self.logprobs, Logprobs):
            logprobs = self.logprobs.to_dict()
        else:
            logprobs = self.logprobs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "message": message,
            }
        )
        if finish_reason is not None:
            field_dict["finish_reason"] = finish_reason
        if logprobs is not None:
            field_dict["logprobs"] = logprobs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completion_message import CompletionMessage  # noqa: PLC0415
        from ..models.logprobs import Logprobs  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        message = CompletionMessage.from_dict(d.pop("message"))

        def _parse_finish_reason(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        finish_reason = _parse_finish_reason(d.pop("finish_reason", None))

        def _parse_logprobs(data: object) -> Logprobs | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logprobs_type_0 = Logprobs.from_dict(data)

                return logprobs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Logprobs | None, data)

        logprobs = _parse_logprobs(d.pop("logprobs", None))

        choice = cls(
            index=index,
            message=message,
            finish_reason=finish_reason,
            logprobs=logprobs,
        )

        choice.additional_properties = d
        return choice

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
