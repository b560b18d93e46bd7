from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="IngestRejectedDto")


@_attrs_define
class IngestRejectedDto:
    """
    Attributes:
        expired_or_revoked_key (float): Requests made with an expired, rotated-out or revoked API key of this workspace
            (401)
        quota (float): Requests refused by the monthly trace quota (402)
        rate_limited (float): Requests refused by the ingest rate limit (429)
        too_large (float): Requests larger than 5 MB (413)
        validation (float): Spans refused by validation (per-span errors, and the spans of a batch refused whole with
            400)
    """

    expired_or_revoked_key: float
    quota: float
    rate_limited: float
    too_large: float
    validation: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expired_or_revoked_key = self.expired_or_revoked_key

        quota = self.quota

        rate_limited = self.rate_limited

        too_large = self.too_large

        validation = self.validation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expiredOrRevokedKey": expired_or_revoked_key,
                "quota": quota,
                "rateLimited": rate_limited,
                "tooLarge": too_large,
                "validation": validation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expired_or_revoked_key = d.pop("expiredOrRevokedKey")

        quota = d.pop("quota")

        rate_limited = d.pop("rateLimited")

        too_large = d.pop("tooLarge")

        validation = d.pop("validation")

        ingest_rejected_dto = cls(
            expired_or_revoked_key=expired_or_revoked_key,
            quota=quota,
            rate_limited=rate_limited,
            too_large=too_large,
            validation=validation,
        )

        ingest_rejected_dto.additional_properties = d
        return ingest_rejected_dto

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
