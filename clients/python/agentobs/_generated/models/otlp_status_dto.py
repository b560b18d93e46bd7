from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OtlpStatusDto")


@_attrs_define
class OtlpStatusDto:
    """
    Attributes:
        code (float): google.rpc.Code: 3 INVALID_ARGUMENT (400, 415), 7 PERMISSION_DENIED (403), 8 RESOURCE_EXHAUSTED
            (402, 413, 429), 13 INTERNAL (500), 16 UNAUTHENTICATED (401) Example: 16.
        message (str):  Example: Send a credential as "Authorization: Bearer <token or API key>".
    """

    code: float
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        otlp_status_dto = cls(
            code=code,
            message=message,
        )

        otlp_status_dto.additional_properties = d
        return otlp_status_dto

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
