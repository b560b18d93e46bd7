import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.ingest_error_entry_dto import IngestErrorEntryDto
    from ..models.ingest_health_day_dto import IngestHealthDayDto
    from ..models.ingest_rejected_dto import IngestRejectedDto


T = TypeVar("T", bound="IngestHealthDto")


@_attrs_define
class IngestHealthDto:
    """
    Attributes:
        accepted (float): Spans stored
        daily (list['IngestHealthDayDto']): Per UTC day of the window, oldest first (days without traffic are 0)
        from_ (datetime.datetime):
        last_errors (list['IngestErrorEntryDto']): The 20 most recent refusals in the window, newest first
        rejected (IngestRejectedDto):
        sampled_out (float): Spans of new traces dropped by the workspace's sampling
        to (datetime.datetime):
    """

    accepted: float
    daily: list["IngestHealthDayDto"]
    from_: datetime.datetime
    last_errors: list["IngestErrorEntryDto"]
    rejected: "IngestRejectedDto"
    sampled_out: float
    to: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted = self.accepted

        daily = []
        for daily_item_data in self.daily:
            daily_item = daily_item_data.to_dict()
            daily.append(daily_item)

        from_ = self.from_.isoformat()

        last_errors = []
        for last_errors_item_data in self.last_errors:
            last_errors_item = last_errors_item_data.to_dict()
            last_errors.append(last_errors_item)

        rejected = self.rejected.to_dict()

        sampled_out = self.sampled_out

        to = self.to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted": accepted,
                "daily": daily,
                "from": from_,
                "lastErrors": last_errors,
                "rejected": rejected,
                "sampledOut": sampled_out,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ingest_error_entry_dto import IngestErrorEntryDto
        from ..models.ingest_health_day_dto import IngestHealthDayDto
        from ..models.ingest_rejected_dto import IngestRejectedDto

        d = dict(src_dict)
        accepted = d.pop("accepted")

        daily = []
        _daily = d.pop("daily")
        for daily_item_data in _daily:
            daily_item = IngestHealthDayDto.from_dict(daily_item_data)

            daily.append(daily_item)

        from_ = isoparse(d.pop("from"))

        last_errors = []
        _last_errors = d.pop("lastErrors")
        for last_errors_item_data in _last_errors:
            last_errors_item = IngestErrorEntryDto.from_dict(last_errors_item_data)

            last_errors.append(last_errors_item)

        rejected = IngestRejectedDto.from_dict(d.pop("rejected"))

        sampled_out = d.pop("sampledOut")

        to = isoparse(d.pop("to"))

        ingest_health_dto = cls(
            accepted=accepted,
            daily=daily,
            from_=from_,
            last_errors=last_errors,
            rejected=rejected,
            sampled_out=sampled_out,
            to=to,
        )

        ingest_health_dto.additional_properties = d
        return ingest_health_dto

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
