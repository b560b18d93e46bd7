from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_credentials_dto_headers import CustomCredentialsDtoHeaders


T = TypeVar("T", bound="CustomCredentialsDto")


@_attrs_define
class CustomCredentialsDto:
    """
    Attributes:
        headers (Union[Unset, CustomCredentialsDtoHeaders]): Secret headers (encrypted at rest, masked on read) Example:
            {'Authorization': 'Bearer s3cr3t'}.
    """

    headers: Union[Unset, "CustomCredentialsDtoHeaders"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        headers: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if headers is not UNSET:
            field_dict["headers"] = headers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_credentials_dto_headers import CustomCredentialsDtoHeaders

        d = dict(src_dict)
        _headers = d.pop("headers", UNSET)
        headers: Union[Unset, CustomCredentialsDtoHeaders]
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = CustomCredentialsDtoHeaders.from_dict(_headers)

        custom_credentials_dto = cls(
            headers=headers,
        )

        custom_credentials_dto.additional_properties = d
        return custom_credentials_dto

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
