from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.chunk_delta import ChunkDelta
    from ..models.logprobs import Logprobs


T = TypeVar("T", bound="ChunkChoice")


def _empty_delta() -> ChunkDelta:
    """An absent ``delta`` reads as an empty ChunkDelta (``x-absent-reads-empty``)."""
    from ..models.chunk_delta import ChunkDelta  # noqa: PLC0415

    return ChunkDelta()


@_attrs_define
class ChunkChoice:
    index: int
    delta: ChunkDelta = _attrs_field(factory=_empty_delta)
    """ Absent or null on a trailing chunk; the client reads that as an
    empty delta (`x-absent-reads-empty`), so `choice.delta.content`
    works on every chunk, as code written for the openai SDK expects.
     """
    finish_reason: str | None = None
    """ Open string, set on the last chunks. """
    logprobs: Logprobs | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chunk_delta import ChunkDelta  # noqa: PLC0415
        from ..models.logprobs import Logprobs  # noqa: PLC0415

        index = self.index

        delta: dict[str, Any] | None
        if self.delta is None:
            delta = None
        elif isinstance(self.delta, ChunkDelta):
            delta = self.delta.to_dict()
        else:
            delta = self.delta

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
            }
        )
        if delta is not None:
            field_dict["delta"] = delta
        if finish_reason is not None:
            field_dict["finish_reason"] = finish_reason
        if logprobs is not None:
            field_dict["logprobs"] = logprobs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chunk_delta import ChunkDelta  # noqa: PLC0415
        from ..models.logprobs import Logprobs  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        def _parse_delta(data: object) -> ChunkDelta | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delta_type_0 = ChunkDelta.from_dict(data)

                return delta_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChunkDelta | None, data)

        delta = _parse_delta(d.pop("delta", None))

        if delta is None:
            delta = _empty_delta()

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

        chunk_choice = cls(
            index=index,
            delta=delta,
            finish_reason=finish_reason,
            logprobs=logprobs,
        )

        chunk_choice.additional_properties = d
        return chunk_choice

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
