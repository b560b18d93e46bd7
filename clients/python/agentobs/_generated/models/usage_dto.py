import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.daily_usage_dto import DailyUsageDto
    from ..models.usage_metric_dto import UsageMetricDto


T = TypeVar("T", bound="UsageDto")


@_attrs_define
class UsageDto:
    """
    Attributes:
        daily (list['DailyUsageDto']): One entry per day of the month up to today, oldest first
        integrations (UsageMetricDto):
        period_end (datetime.datetime): End (exclusive) of the quota month
        period_start (datetime.datetime): Start of the quota month (calendar month, UTC)
        seats (UsageMetricDto):
        traces (UsageMetricDto):
    """

    daily: list["DailyUsageDto"]
    integrations: "UsageMetricDto"
    period_end: datetime.datetime
    period_start: datetime.datetime
    seats: "UsageMetricDto"
    traces: "UsageMetricDto"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        daily = []
        for daily_item_data in self.daily:
            daily_item = daily_item_data.to_dict()
            daily.append(daily_item)

        integrations = self.integrations.to_dict()

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        seats = self.seats.to_dict()

        traces = self.traces.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "daily": daily,
                "integrations": integrations,
                "periodEnd": period_end,
                "periodStart": period_start,
                "seats": seats,
                "traces": traces,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.daily_usage_dto import DailyUsageDto
        from ..models.usage_metric_dto import UsageMetricDto

        d = dict(src_dict)
        daily = []
        _daily = d.pop("daily")
        for daily_item_data in _daily:
            daily_item = DailyUsageDto.from_dict(daily_item_data)

            daily.append(daily_item)

        integrations = UsageMetricDto.from_dict(d.pop("integrations"))

        period_end = isoparse(d.pop("periodEnd"))

        period_start = isoparse(d.pop("periodStart"))

        seats = UsageMetricDto.from_dict(d.pop("seats"))

        traces = UsageMetricDto.from_dict(d.pop("traces"))

        usage_dto = cls(
            daily=daily,
            integrations=integrations,
            period_end=period_end,
            period_start=period_start,
            seats=seats,
            traces=traces,
        )

        usage_dto.additional_properties = d
        return usage_dto

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
