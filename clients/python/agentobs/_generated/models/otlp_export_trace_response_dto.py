from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.otlp_partial_success_dto import OtlpPartialSuccessDto


T = TypeVar("T", bound="OtlpExportTraceResponseDto")


@_attrs_define
class OtlpExportTraceResponseDto:
    """
    Attributes:
        partial_success (Union[Unset, OtlpPartialSuccessDto]):
    """

    partial_success: Union[Unset, "OtlpPartialSuccessDto"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        partial_success: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.partial_success, Unset):
            partial_success = self.partial_success.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if partial_success is not UNSET:
            field_dict["partialSuccess"] = partial_success

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.otlp_partial_success_dto import OtlpPartialSuccessDto

        d = dict(src_dict)
        _partial_success = d.pop("partialSuccess", UNSET)
        partial_success: Union[Unset, OtlpPartialSuccessDto]
        if isinstance(_partial_success, Unset):
            partial_success = UNSET
        else:
            partial_success = OtlpPartialSuccessDto.from_dict(_partial_success)

        otlp_export_trace_response_dto = cls(
            partial_success=partial_success,
        )

        otlp_export_trace_response_dto.additional_properties = d
        return otlp_export_trace_response_dto

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
