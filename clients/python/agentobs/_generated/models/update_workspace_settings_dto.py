from collections.abc import Mapping
from typing import Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateWorkspaceSettingsDto")


@_attrs_define
class UpdateWorkspaceSettingsDto:
    """
    Attributes:
        pii_masking (Union[Unset, bool]):
        retention_days (Union[Unset, float]):
        sampling_rate (Union[Unset, float]):
    """

    pii_masking: Union[Unset, bool] = UNSET
    retention_days: Union[Unset, float] = UNSET
    sampling_rate: Union[Unset, float] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pii_masking = self.pii_masking

        retention_days = self.retention_days

        sampling_rate = self.sampling_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if pii_masking is not UNSET:
            field_dict["piiMasking"] = pii_masking
        if retention_days is not UNSET:
            field_dict["retentionDays"] = retention_days
        if sampling_rate is not UNSET:
            field_dict["samplingRate"] = sampling_rate

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pii_masking = d.pop("piiMasking", UNSET)

        retention_days = d.pop("retentionDays", UNSET)

        sampling_rate = d.pop("samplingRate", UNSET)

        update_workspace_settings_dto = cls(
            pii_masking=pii_masking,
            retention_days=retention_days,
            sampling_rate=sampling_rate,
        )

        update_workspace_settings_dto.additional_properties = d
        return update_workspace_settings_dto

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
