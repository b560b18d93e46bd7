from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="IngestHealthDayDto")


@_attrs_define
class IngestHealthDayDto:
    """
    Attributes:
        accepted (float):
        date (str): UTC date Example: 2026-12-06.
        rejected (float): Every rejected counter of the day summed (spans refused by validation + refused requests)
        sampled_out (float):
    """

    accepted: float
    date: str
    rejected: float
    sampled_out: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted = self.accepted

        date = self.date

        rejected = self.rejected

        sampled_out = self.sampled_out

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted": accepted,
                "date": date,
                "rejected": rejected,
                "sampledOut": sampled_out,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accepted = d.pop("accepted")

        date = d.pop("date")

        rejected = d.pop("rejected")

        sampled_out = d.pop("sampledOut")

        ingest_health_day_dto = cls(
            accepted=accepted,
            date=date,
            rejected=rejected,
            sampled_out=sampled_out,
        )

        ingest_health_day_dto.additional_properties = d
        return ingest_health_day_dto

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
