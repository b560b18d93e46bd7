from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ingest_error_dto import IngestErrorDto


T = TypeVar("T", bound="IngestResponseDto")


@_attrs_define
class IngestResponseDto:
    """
    Attributes:
        accepted (float): Valid spans (stored, or dropped by the workspace's sampling) Example: 499.
        errors (list['IngestErrorDto']): One entry per refused span
    """

    accepted: float
    errors: list["IngestErrorDto"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted = self.accepted

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted": accepted,
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ingest_error_dto import IngestErrorDto

        d = dict(src_dict)
        accepted = d.pop("accepted")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = IngestErrorDto.from_dict(errors_item_data)

            errors.append(errors_item)

        ingest_response_dto = cls(
            accepted=accepted,
            errors=errors,
        )

        ingest_response_dto.additional_properties = d
        return ingest_response_dto

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
