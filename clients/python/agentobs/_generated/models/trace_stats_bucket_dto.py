import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

T = TypeVar("T", bound="TraceStatsBucketDto")


@_attrs_define
class TraceStatsBucketDto:
    """
    Attributes:
        errors (float): Traces with status error Example: 3.
        p_50_duration_ms (Union[None, float]): Median duration of the traces that ended (linear interpolation); null
            when none did Example: 812.5.
        p_95_duration_ms (Union[None, float]): 95th percentile duration, like p50DurationMs Example: 4210.25.
        start (datetime.datetime): Start of the bucket (traces by start time) Example: 2026-01-31T12:00:00.000000Z.
        total_cost_usd (Union[None, float]): Sum of the traces' costs; null when none of them has a cost Example:
            0.1764.
        total_tokens (float):  Example: 38094.
        traces (float):  Example: 42.
    """

    errors: float
    p_50_duration_ms: Union[None, float]
    p_95_duration_ms: Union[None, float]
    start: datetime.datetime
    total_cost_usd: Union[None, float]
    total_tokens: float
    traces: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        errors = self.errors

        p_50_duration_ms: Union[None, float]
        p_50_duration_ms = self.p_50_duration_ms

        p_95_duration_ms: Union[None, float]
        p_95_duration_ms = self.p_95_duration_ms

        start = self.start.isoformat()

        total_cost_usd: Union[None, float]
        total_cost_usd = self.total_cost_usd

        total_tokens = self.total_tokens

        traces = self.traces

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errors": errors,
                "p50DurationMs": p_50_duration_ms,
                "p95DurationMs": p_95_duration_ms,
                "start": start,
                "totalCostUsd": total_cost_usd,
                "totalTokens": total_tokens,
                "traces": traces,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        errors = d.pop("errors")

        def _parse_p_50_duration_ms(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        p_50_duration_ms = _parse_p_50_duration_ms(d.pop("p50DurationMs"))

        def _parse_p_95_duration_ms(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        p_95_duration_ms = _parse_p_95_duration_ms(d.pop("p95DurationMs"))

        start = isoparse(d.pop("start"))

        def _parse_total_cost_usd(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        total_cost_usd = _parse_total_cost_usd(d.pop("totalCostUsd"))

        total_tokens = d.pop("totalTokens")

        traces = d.pop("traces")

        trace_stats_bucket_dto = cls(
            errors=errors,
            p_50_duration_ms=p_50_duration_ms,
            p_95_duration_ms=p_95_duration_ms,
            start=start,
            total_cost_usd=total_cost_usd,
            total_tokens=total_tokens,
            traces=traces,
        )

        trace_stats_bucket_dto.additional_properties = d
        return trace_stats_bucket_dto

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
