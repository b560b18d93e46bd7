import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.datadog_integration_dto_type import DatadogIntegrationDtoType

if TYPE_CHECKING:
    from ..models.datadog_config_dto import DatadogConfigDto
    from ..models.datadog_credentials_masked_dto import DatadogCredentialsMaskedDto
    from ..models.integration_health_dto import IntegrationHealthDto


T = TypeVar("T", bound="DatadogIntegrationDto")


@_attrs_define
class DatadogIntegrationDto:
    """
    Attributes:
        auto_disabled (bool): Disabled by health checks after 5 consecutive failures (cleared by enable)
        config (Union['DatadogConfigDto', None]):
        configured (bool): Has a stored configuration (false: config and credentials are null)
        credentials (Union['DatadogCredentialsMaskedDto', None]):
        enabled (bool): Receives events and health checks
        health (IntegrationHealthDto):
        name (str):  Example: On-call alerts.
        type_ (DatadogIntegrationDtoType):
        updated_at (Union[None, datetime.datetime]): null until first configured
    """

    auto_disabled: bool
    config: Union["DatadogConfigDto", None]
    configured: bool
    credentials: Union["DatadogCredentialsMaskedDto", None]
    enabled: bool
    health: "IntegrationHealthDto"
    name: str
    type_: DatadogIntegrationDtoType
    updated_at: Union[None, datetime.datetime]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.datadog_config_dto import DatadogConfigDto
        from ..models.datadog_credentials_masked_dto import DatadogCredentialsMaskedDto

        auto_disabled = self.auto_disabled

        config: Union[None, dict[str, Any]]
        if isinstance(self.config, DatadogConfigDto):
            config = self.config.to_dict()
        else:
            config = self.config

        configured = self.configured

        credentials: Union[None, dict[str, Any]]
        if isinstance(self.credentials, DatadogCredentialsMaskedDto):
            credentials = self.credentials.to_dict()
        else:
            credentials = self.credentials

        enabled = self.enabled

        health = self.health.to_dict()

        name = self.name

        type_ = self.type_.value

        updated_at: Union[None, str]
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "autoDisabled": auto_disabled,
                "config": config,
                "configured": configured,
                "credentials": credentials,
                "enabled": enabled,
                "health": health,
                "name": name,
                "type": type_,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.datadog_config_dto import DatadogConfigDto
        from ..models.datadog_credentials_masked_dto import DatadogCredentialsMaskedDto
        from ..models.integration_health_dto import IntegrationHealthDto

        d = dict(src_dict)
        auto_disabled = d.pop("autoDisabled")

        def _parse_config(data: object) -> Union["DatadogConfigDto", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_0 = DatadogConfigDto.from_dict(data)

                return config_type_0
            except:  # noqa: E722
                pass
            return cast(Union["DatadogConfigDto", None], data)

        config = _parse_config(d.pop("config"))

        configured = d.pop("configured")

        def _parse_credentials(data: object) -> Union["DatadogCredentialsMaskedDto", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                credentials_type_0 = DatadogCredentialsMaskedDto.from_dict(data)

                return credentials_type_0
            except:  # noqa: E722
                pass
            return cast(Union["DatadogCredentialsMaskedDto", None], data)

        credentials = _parse_credentials(d.pop("credentials"))

        enabled = d.pop("enabled")

        health = IntegrationHealthDto.from_dict(d.pop("health"))

        name = d.pop("name")

        type_ = DatadogIntegrationDtoType(d.pop("type"))

        def _parse_updated_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = isoparse(data)

                return updated_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        updated_at = _parse_updated_at(d.pop("updatedAt"))

        datadog_integration_dto = cls(
            auto_disabled=auto_disabled,
            config=config,
            configured=configured,
            credentials=credentials,
            enabled=enabled,
            health=health,
            name=name,
            type_=type_,
            updated_at=updated_at,
        )

        datadog_integration_dto.additional_properties = d
        return datadog_integration_dto

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
