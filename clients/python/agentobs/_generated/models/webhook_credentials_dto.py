from collections.abc import Mapping
from typing import Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookCredentialsDto")


@_attrs_define
class WebhookCredentialsDto:
    """
    Attributes:
        signing_secret (Union[Unset, str]): Standard Webhooks signing secret. When absent the server generates one and
            returns it once, as `signingSecret` of the PUT response. Example: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw.
    """

    signing_secret: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signing_secret = self.signing_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if signing_secret is not UNSET:
            field_dict["signingSecret"] = signing_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signing_secret = d.pop("signingSecret", UNSET)

        webhook_credentials_dto = cls(
            signing_secret=signing_secret,
        )

        webhook_credentials_dto.additional_properties = d
        return webhook_credentials_dto

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
