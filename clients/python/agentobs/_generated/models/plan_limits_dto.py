from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlanLimitsDto")


@_attrs_define
class PlanLimitsDto:
    """
    Attributes:
        integrations (Union[None, int]): Enabled integrations; null = unlimited Example: 3.
        retention_days (int): Days traces are kept at most Example: 14.
        seats (Union[None, int]): Active members + pending invitations; null = unlimited Example: 5.
        traces_per_month (Union[None, int]): New traces per calendar month (UTC); null = unlimited Example: 10000.
    """

    integrations: Union[None, int]
    retention_days: int
    seats: Union[None, int]
    traces_per_month: Union[None, int]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        integrations: Union[None, int]
        integrations = self.integrations

        retention_days = self.retention_days

        seats: Union[None, int]
        seats = self.seats

        traces_per_month: Union[None, int]
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

        def _parse_integrations(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

        integrations = _parse_integrations(d.pop("integrations"))

        retention_days = d.pop("retentionDays")

        def _parse_seats(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

        seats = _parse_seats(d.pop("seats"))

        def _parse_traces_per_month(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

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
