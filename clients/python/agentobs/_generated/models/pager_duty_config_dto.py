from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.pager_duty_region import PagerDutyRegion
from ..models.pager_duty_severity import PagerDutySeverity

T = TypeVar("T", bound="PagerDutyConfigDto")


@_attrs_define
class PagerDutyConfigDto:
    """
    Attributes:
        region (PagerDutyRegion): us → events.pagerduty.com, eu → events.eu.pagerduty.com
        severity (PagerDutySeverity): Severity of the alerts sent
    """

    region: PagerDutyRegion
    severity: PagerDutySeverity
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        region = self.region.value

        severity = self.severity.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "region": region,
                "severity": severity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        region = PagerDutyRegion(d.pop("region"))

        severity = PagerDutySeverity(d.pop("severity"))

        pager_duty_config_dto = cls(
            region=region,
            severity=severity,
        )

        pager_duty_config_dto.additional_properties = d
        return pager_duty_config_dto

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
