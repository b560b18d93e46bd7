from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SentryCredentialsMaskedDto")


@_attrs_define
class SentryCredentialsMaskedDto:
    """
    Attributes:
        dsn (str): Masked: at most the last 4 characters, e.g. "••••9f3a" Example: ••••/42.
    """

    dsn: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dsn = self.dsn

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dsn": dsn,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dsn = d.pop("dsn")

        sentry_credentials_masked_dto = cls(
            dsn=dsn,
        )

        sentry_credentials_masked_dto.additional_properties = d
        return sentry_credentials_masked_dto

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
