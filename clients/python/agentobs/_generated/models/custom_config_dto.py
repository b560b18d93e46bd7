from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.custom_http_method import CustomHttpMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_config_dto_headers import CustomConfigDtoHeaders


T = TypeVar("T", bound="CustomConfigDto")


@_attrs_define
class CustomConfigDto:
    """
    Attributes:
        method (CustomHttpMethod):
        url (str):  Example: https://ops.example.com/alerts.
        headers (Union[Unset, CustomConfigDtoHeaders]): Non-secret headers sent with every request (returned as stored)
            Example: {'X-Team': 'ml-platform'}.
    """

    method: CustomHttpMethod
    url: str
    headers: Union[Unset, "CustomConfigDtoHeaders"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        method = self.method.value

        url = self.url

        headers: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "method": method,
                "url": url,
            }
        )
        if headers is not UNSET:
            field_dict["headers"] = headers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_config_dto_headers import CustomConfigDtoHeaders

        d = dict(src_dict)
        method = CustomHttpMethod(d.pop("method"))

        url = d.pop("url")

        _headers = d.pop("headers", UNSET)
        headers: Union[Unset, CustomConfigDtoHeaders]
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = CustomConfigDtoHeaders.from_dict(_headers)

        custom_config_dto = cls(
            method=method,
            url=url,
            headers=headers,
        )

        custom_config_dto.additional_properties = d
        return custom_config_dto

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
