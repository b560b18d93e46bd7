from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkspaceSettingsDto")


@_attrs_define
class WorkspaceSettingsDto:
    """
    Attributes:
        pii_masking (bool): Redact e-mails, phone/card numbers and secrets in span input/output
        retention_days (float): Days traces are kept (capped by the plan) Example: 30.
        sampling_rate (float): Share of new traces kept (0..1) Example: 1.
    """

    pii_masking: bool
    retention_days: float
    sampling_rate: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pii_masking = self.pii_masking

        retention_days = self.retention_days

        sampling_rate = self.sampling_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "piiMasking": pii_masking,
                "retentionDays": retention_days,
                "samplingRate": sampling_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pii_masking = d.pop("piiMasking")

        retention_days = d.pop("retentionDays")

        sampling_rate = d.pop("samplingRate")

        workspace_settings_dto = cls(
            pii_masking=pii_masking,
            retention_days=retention_days,
            sampling_rate=sampling_rate,
        )

        workspace_settings_dto.additional_properties = d
        return workspace_settings_dto

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
