from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_config_dto import CustomConfigDto
    from ..models.custom_credentials_dto import CustomCredentialsDto


T = TypeVar("T", bound="PutCustomIntegrationDto")


@_attrs_define
class PutCustomIntegrationDto:
    """
    Attributes:
        config (CustomConfigDto):
        credentials (Union[Unset, CustomCredentialsDto]):
        enabled (Union[Unset, bool]): Default: true when first configured, else unchanged. Enabling counts toward the
            plan's integrations limit.
        name (Union[Unset, str]):  Example: On-call alerts.
    """

    config: "CustomConfigDto"
    credentials: Union[Unset, "CustomCredentialsDto"] = UNSET
    enabled: Union[Unset, bool] = UNSET
    name: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        config = self.config.to_dict()

        credentials: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.credentials, Unset):
            credentials = self.credentials.to_dict()

        enabled = self.enabled

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "config": config,
            }
        )
        if credentials is not UNSET:
            field_dict["credentials"] = credentials
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_config_dto import CustomConfigDto
        from ..models.custom_credentials_dto import CustomCredentialsDto

        d = dict(src_dict)
        config = CustomConfigDto.from_dict(d.pop("config"))

        _credentials = d.pop("credentials", UNSET)
        credentials: Union[Unset, CustomCredentialsDto]
        if isinstance(_credentials, Unset):
            credentials = UNSET
        else:
            credentials = CustomCredentialsDto.from_dict(_credentials)

        enabled = d.pop("enabled", UNSET)

        name = d.pop("name", UNSET)

        put_custom_integration_dto = cls(
            config=config,
            credentials=credentials,
            enabled=enabled,
            name=name,
        )

        put_custom_integration_dto.additional_properties = d
        return put_custom_integration_dto

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
