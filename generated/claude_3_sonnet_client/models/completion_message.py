from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.annotation import Annotation
    from ..models.audio_response import AudioResponse
    from ..models.tool_call import ToolCall


T = TypeVar("T", bound="CompletionMessage")


@_attrs_define
class CompletionMessage:
    """The assistant's message in a completion."""

    role: str | None = None
    content: str | None = None
    reasoning_content: str | None = None
    refusal: str | None = None
    tool_calls: list[ToolCall] | None = None
    annotations: list[Annotation] | None = None
    audio: AudioResponse | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _request_id: str | None = _attrs_field(init=False, default=None, repr=False, eq=False)
    """ The request id of the HTTP answer this object came in, when the client knows it. """

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON text: ``to_dict()``, serialized."""
        import json  # noqa: PLC0415

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audio_response import AudioResponse  # noqa: PLC0415

        role = self.role

        content: str | None
        if self.content is None:
            content = None
        else:
            content = self.content

        reasoning_content: str | None
        if self.reasoning_content is None:
            reasoning_content = None
        else:
            reasoning_content = self.reasoning_content

        refusal: str | None
        if self.refusal is None:
            refusal = None
        else:
            refusal = self.refusal

        tool_calls: list[dict[str, Any]] | None
        if self.tool_calls is None:
            tool_calls = None
        elif isinstance(self.tool_calls, list):
            tool_calls = []
            for tool_calls_type_0_item_data in self.tool_calls:
                tool_calls_type_0_item = tool_calls_type_0_item_data.to_dict()
                tool_calls.append(tool_calls_type_0_item)

        else:
            tool_calls = self.tool_calls

        annotations: list[dict[str, Any]] | None
        if self.annotations is None:
            annotations = None
        elif isinstance(self.annotations, list):
            annotations = []
            for annotations_type_0_item_data in self.annotations:
                annotations_type_0_item = annotations_type_0_item_data.to_dict()
                annotations.append(annotations_type_0_item)

        else:
            annotations = self.annotations

        audio: dict[str, Any] | None
        if self.audio is None:
            audio = None
        elif isinstance(self.audio, AudioResponse):
            audio = self.audio.to_dict()
        else:
            audio = self.audio

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if role is not None:
            field_dict["role"] = role
        if content is not None:
            field_dict["content"] = content
        if reasoning_content is not None:
            field_dict["reasoning_content"] = reasoning_content
        if refusal is not None:
            field_dict["refusal"] = refusal
        if tool_calls is not None:
            field_dict["tool_calls"] = tool_calls
        if annotations is not None:
            field_dict["annotations"] = annotations
        if audio is not None:
            field_dict["audio"] = audio

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.annotation import Annotation  # noqa: PLC0415
        from ..models.audio_response import AudioResponse  # noqa: PLC0415
        from ..models.tool_call import ToolCall  # noqa: PLC0415

        d = dict(src_dict)
        role = d.pop("role", None)

        def _parse_content(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        content = _parse_content(d.pop("content", None))

        def _parse_reasoning_content(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        reasoning_content = _parse_reasoning_content(d.pop("reasoning_content", None))

        def _parse_refusal(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        refusal = _parse_refusal(d.pop("refusal", None))

        def _parse_tool_calls(data: object) -> list[ToolCall] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tool_calls_type_0 = []
                _tool_calls_type_0 = data
                for tool_calls_type_0_item_data in _tool_calls_type_0:
                    tool_calls_type_0_item = ToolCall.from_dict(tool_calls_type_0_item_data)

                    tool_calls_type_0.append(tool_calls_type_0_item)

                return tool_calls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ToolCall] | None, data)

        tool_calls = _parse_tool_calls(d.pop("tool_calls", None))

        def _parse_annotations(data: object) -> list[Annotation] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                annotations_type_0 = []
                _annotations_type_0 = data
                for annotations_type_0_item_data in _annotations_type_0:
                    annotations_type_0_item = Annotation.from_dict(annotations_type_0_item_data)

                    annotations_type_0.append(annotations_type_0_item)

                return annotations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Annotation] | None, data)

        annotations = _parse_annotations(d.pop("annotations", None))

        def _parse_audio(data: object) -> AudioResponse | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                audio_type_0 = AudioResponse.from_dict(data)

                return audio_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AudioResponse | None, data)

        audio = _parse_audio(d.pop("audio", None))

        completion_message = cls(
            role=role,
            content=content,
            reasoning_content=reasoning_content,
            refusal=refusal,
            tool_calls=tool_calls,
            annotations=annotations,
            audio=audio,
        )

        completion_message.additional_properties = d
        return completion_message

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
