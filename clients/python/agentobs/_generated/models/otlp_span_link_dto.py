from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_key_value_dto import OtlpKeyValueDto


T = TypeVar("T", bound="OtlpSpanLinkDto")


@_attrs_define
class OtlpSpanLinkDto:
    """
    Attributes:
        span_id (str):
        trace_id (str):
        attributes (Union[Unset, list['OtlpKeyValueDto']]):
        trace_state (Union[Unset, str]):
    """

    span_id: str
    trace_id: str
    attributes: Union[Unset, list["OtlpKeyValueDto"]] = UNSET
    trace_state: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        span_id = self.span_id

        trace_id = self.trace_id

        attributes: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        trace_state = self.trace_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "spanId": span_id,
                "traceId": trace_id,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if trace_state is not UNSET:
            field_dict["traceState"] = trace_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_key_value_dto import OtlpKeyValueDto

        d = dict(src_dict)
        span_id = d.pop("spanId")

        trace_id = d.pop("traceId")

        attributes = []
        _attributes = d.pop("attributes", UNSET)
        for attributes_item_data in _attributes or []:
            attributes_item = OtlpKeyValueDto.from_dict(attributes_item_data)

            attributes.append(attributes_item)

        trace_state = d.pop("traceState", UNSET)

        otlp_span_link_dto = cls(
            span_id=span_id,
            trace_id=trace_id,
            attributes=attributes,
            trace_state=trace_state,
        )

        otlp_span_link_dto.additional_properties = d
        return otlp_span_link_dto

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
