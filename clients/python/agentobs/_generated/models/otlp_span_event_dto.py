from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_key_value_dto import OtlpKeyValueDto


T = TypeVar("T", bound="OtlpSpanEventDto")


@_attrs_define
class OtlpSpanEventDto:
    """
    Attributes:
        name (str):  Example: gen_ai.choice.
        time_unix_nano (str): Unix time in nanoseconds as a decimal string (a JSON number is accepted too) Example:
            1767225600000000000.
        attributes (Union[Unset, list['OtlpKeyValueDto']]):
    """

    name: str
    time_unix_nano: str
    attributes: Union[Unset, list["OtlpKeyValueDto"]] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        time_unix_nano = self.time_unix_nano

        attributes: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "timeUnixNano": time_unix_nano,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_key_value_dto import OtlpKeyValueDto

        d = dict(src_dict)
        name = d.pop("name")

        time_unix_nano = d.pop("timeUnixNano")

        attributes = []
        _attributes = d.pop("attributes", UNSET)
        for attributes_item_data in _attributes or []:
            attributes_item = OtlpKeyValueDto.from_dict(attributes_item_data)

            attributes.append(attributes_item)

        otlp_span_event_dto = cls(
            name=name,
            time_unix_nano=time_unix_nano,
            attributes=attributes,
        )

        otlp_span_event_dto.additional_properties = d
        return otlp_span_event_dto

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
