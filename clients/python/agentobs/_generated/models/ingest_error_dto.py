from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ingest_error_code import IngestErrorCode

T = TypeVar("T", bound="IngestErrorDto")


@_attrs_define
class IngestErrorDto:
    """
    Attributes:
        code (IngestErrorCode):
        index (float): Position of the refused span in `spans` Example: 3.
        message (str):  Example: spanId must be 16 hex characters, not all zero.
    """

    code: IngestErrorCode
    index: float
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        index = self.index

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "index": index,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = IngestErrorCode(d.pop("code"))

        index = d.pop("index")

        message = d.pop("message")

        ingest_error_dto = cls(
            code=code,
            index=index,
            message=message,
        )

        ingest_error_dto.additional_properties = d
        return ingest_error_dto

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
