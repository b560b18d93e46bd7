from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OtlpPartialSuccessDto")


@_attrs_define
class OtlpPartialSuccessDto:
    """
    Attributes:
        error_message (str):  Example: 2 of 40 spans refused: span 00f067aa0ba902b7: startTime must be within the last
            365 days and at most 1 day ahead; ….
        rejected_spans (str): Spans refused (not stored); int64 as a decimal string Example: 2.
    """

    error_message: str
    rejected_spans: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_message = self.error_message

        rejected_spans = self.rejected_spans

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errorMessage": error_message,
                "rejectedSpans": rejected_spans,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error_message = d.pop("errorMessage")

        rejected_spans = d.pop("rejectedSpans")

        otlp_partial_success_dto = cls(
            error_message=error_message,
            rejected_spans=rejected_spans,
        )

        otlp_partial_success_dto.additional_properties = d
        return otlp_partial_success_dto

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
