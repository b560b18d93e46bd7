import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.span_kind import SpanKind
from ..models.span_status import SpanStatus

if TYPE_CHECKING:
    from ..models.span_dto import SpanDto


T = TypeVar("T", bound="TraceDto")


@_attrs_define
class TraceDto:
    """
    Attributes:
        duration_ms (Union[None, float]): endTime - startTime in milliseconds (with a fraction: times keep microseconds)
            Example: 1834.125.
        end_time (Union[None, datetime.datetime]): Latest span end; null while no span has ended
        kind (Union[None, SpanKind]): Kind of the span the trace is named after (the root span, the earliest span while
            the root has not arrived) Example: agent.
        models (list[str]): The distinct models its spans used, sorted Example: ['gpt-4o-mini'].
        name (Union[None, str]): Name of the root span (the earliest span while the root has not arrived) Example:
            support-agent.
        span_count (float):  Example: 7.
        spans (list['SpanDto']): In start order (at most 10,000)
        start_time (datetime.datetime): Start of the earliest span (microseconds) Example: 2026-01-31T12:00:00.123456Z.
        status (SpanStatus):
        total_cost_usd (Union[None, float]): Sum of the spans' costUsd; null when none of its spans has a cost (unknown
            is not zero) Example: 0.0042.
        total_tokens (float): Sum of the spans' usage.totalTokens Example: 907.
        trace_id (str):  Example: 4bf92f3577b34da6a3ce929d0e0e4736.
    """

    duration_ms: Union[None, float]
    end_time: Union[None, datetime.datetime]
    kind: Union[None, SpanKind]
    models: list[str]
    name: Union[None, str]
    span_count: float
    spans: list["SpanDto"]
    start_time: datetime.datetime
    status: SpanStatus
    total_cost_usd: Union[None, float]
    total_tokens: float
    trace_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        duration_ms: Union[None, float]
        duration_ms = self.duration_ms

        end_time: Union[None, str]
        if isinstance(self.end_time, datetime.datetime):
            end_time = self.end_time.isoformat()
        else:
            end_time = self.end_time

        kind: Union[None, str]
        if isinstance(self.kind, SpanKind):
            kind = self.kind.value
        else:
            kind = self.kind

        models = self.models

        name: Union[None, str]
        name = self.name

        span_count = self.span_count

        spans = []
        for spans_item_data in self.spans:
            spans_item = spans_item_data.to_dict()
            spans.append(spans_item)

        start_time = self.start_time.isoformat()

        status = self.status.value

        total_cost_usd: Union[None, float]
        total_cost_usd = self.total_cost_usd

        total_tokens = self.total_tokens

        trace_id = self.trace_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "durationMs": duration_ms,
                "endTime": end_time,
                "kind": kind,
                "models": models,
                "name": name,
                "spanCount": span_count,
                "spans": spans,
                "startTime": start_time,
                "status": status,
                "totalCostUsd": total_cost_usd,
                "totalTokens": total_tokens,
                "traceId": trace_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.span_dto import SpanDto

        d = dict(src_dict)

        def _parse_duration_ms(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        duration_ms = _parse_duration_ms(d.pop("durationMs"))

        def _parse_end_time(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_time_type_0 = isoparse(data)

                return end_time_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        end_time = _parse_end_time(d.pop("endTime"))

        def _parse_kind(data: object) -> Union[None, SpanKind]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = SpanKind(data)

                return kind_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, SpanKind], data)

        kind = _parse_kind(d.pop("kind"))

        models = cast(list[str], d.pop("models"))

        def _parse_name(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        name = _parse_name(d.pop("name"))

        span_count = d.pop("spanCount")

        spans = []
        _spans = d.pop("spans")
        for spans_item_data in _spans:
            spans_item = SpanDto.from_dict(spans_item_data)

            spans.append(spans_item)

        start_time = isoparse(d.pop("startTime"))

        status = SpanStatus(d.pop("status"))

        def _parse_total_cost_usd(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        total_cost_usd = _parse_total_cost_usd(d.pop("totalCostUsd"))

        total_tokens = d.pop("totalTokens")

        trace_id = d.pop("traceId")

        trace_dto = cls(
            duration_ms=duration_ms,
            end_time=end_time,
            kind=kind,
            models=models,
            name=name,
            span_count=span_count,
            spans=spans,
            start_time=start_time,
            status=status,
            total_cost_usd=total_cost_usd,
            total_tokens=total_tokens,
            trace_id=trace_id,
        )

        trace_dto.additional_properties = d
        return trace_dto

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
