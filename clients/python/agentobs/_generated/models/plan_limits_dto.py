from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlanLimitsDto")


@_attrs_define
class PlanLimitsDto:
    """
    Attributes:
        integrations (Union[None, float]): Enabled integrations; null = unlimited Example: 3.
        retention_days (float): Days traces are kept at most Example: 14.
        seats (Union[None, float]): Active members + pending invitations; null = unlimited Example: 5.
        traces_per_month (Union[None, float]): New traces per calendar month (UTC); null = unlimited Example: 10000.
    """

    integrations: Union[None, float]
    retention_days: float
    seats: Union[None, float]
    traces_per_month: Union[None, float]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        integrations: Union[None, float]
        integrations = self.integrations

        retention_days = self.retention_days

        seats: Union[None, float]
        seats = self.seats

        traces_per_month: Union[None, float]
        traces_per_month = self.traces_per_month

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "integrations": integrations,
                "retentionDays": retention_days,
                "seats": seats,
                "tracesPerMonth": traces_per_month,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_integrations(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        integrations = _parse_integrations(d.pop("integrations"))

        retention_days = d.pop("retentionDays")

        def _parse_seats(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        seats = _parse_seats(d.pop("seats"))

        def _parse_traces_per_month(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        traces_per_month = _parse_traces_per_month(d.pop("tracesPerMonth"))

        plan_limits_dto = cls(
            integrations=integrations,
            retention_days=retention_days,
            seats=seats,
            traces_per_month=traces_per_month,
        )

        plan_limits_dto.additional_properties = d
        return plan_limits_dto

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
