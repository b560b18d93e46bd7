import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.trace_stats_bucket_dto import TraceStatsBucketDto


T = TypeVar("T", bound="TraceStatsDto")


@_attrs_define
class TraceStatsDto:
    """
    Attributes:
        bucket_seconds (int): Width of a bucket in seconds: 60, 3600 or 86400 Example: 3600.
        buckets (list['TraceStatsBucketDto']): Every bucket that overlaps [from, to), oldest first, empty ones included
            (traces 0, percentiles and cost null); buckets are aligned on UTC, so the first may start before `from`
        from_ (datetime.datetime): Start of the range (inclusive)
        to (datetime.datetime): End of the range (exclusive)
    """

    bucket_seconds: int
    buckets: list["TraceStatsBucketDto"]
    from_: datetime.datetime
    to: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bucket_seconds = self.bucket_seconds

        buckets = []
        for buckets_item_data in self.buckets:
            buckets_item = buckets_item_data.to_dict()
            buckets.append(buckets_item)

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bucketSeconds": bucket_seconds,
                "buckets": buckets,
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trace_stats_bucket_dto import TraceStatsBucketDto

        d = dict(src_dict)
        bucket_seconds = d.pop("bucketSeconds")

        buckets = []
        _buckets = d.pop("buckets")
        for buckets_item_data in _buckets:
            buckets_item = TraceStatsBucketDto.from_dict(buckets_item_data)

            buckets.append(buckets_item)

        from_ = isoparse(d.pop("from"))

        to = isoparse(d.pop("to"))

        trace_stats_dto = cls(
            bucket_seconds=bucket_seconds,
            buckets=buckets,
            from_=from_,
            to=to,
        )

        trace_stats_dto.additional_properties = d
        return trace_stats_dto

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
