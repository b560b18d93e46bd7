from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.custom_integration_dto import CustomIntegrationDto
    from ..models.datadog_integration_dto import DatadogIntegrationDto
    from ..models.pager_duty_integration_dto import PagerDutyIntegrationDto
    from ..models.sentry_integration_dto import SentryIntegrationDto
    from ..models.slack_integration_dto import SlackIntegrationDto
    from ..models.webhook_integration_dto import WebhookIntegrationDto


T = TypeVar("T", bound="IntegrationListDto")


@_attrs_define
class IntegrationListDto:
    """
    Attributes:
        data (list[Union['CustomIntegrationDto', 'DatadogIntegrationDto', 'PagerDutyIntegrationDto',
            'SentryIntegrationDto', 'SlackIntegrationDto', 'WebhookIntegrationDto']]): All six types, configured or not
    """

    data: list[
        Union[
            "CustomIntegrationDto",
            "DatadogIntegrationDto",
            "PagerDutyIntegrationDto",
            "SentryIntegrationDto",
            "SlackIntegrationDto",
            "WebhookIntegrationDto",
        ]
    ]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.datadog_integration_dto import DatadogIntegrationDto
        from ..models.pager_duty_integration_dto import PagerDutyIntegrationDto
        from ..models.sentry_integration_dto import SentryIntegrationDto
        from ..models.slack_integration_dto import SlackIntegrationDto
        from ..models.webhook_integration_dto import WebhookIntegrationDto

        data = []
        for data_item_data in self.data:
            data_item: dict[str, Any]
            if isinstance(data_item_data, SlackIntegrationDto):
                data_item = data_item_data.to_dict()
            elif isinstance(data_item_data, PagerDutyIntegrationDto):
                data_item = data_item_data.to_dict()
            elif isinstance(data_item_data, WebhookIntegrationDto):
                data_item = data_item_data.to_dict()
            elif isinstance(data_item_data, SentryIntegrationDto):
                data_item = data_item_data.to_dict()
            elif isinstance(data_item_data, DatadogIntegrationDto):
                data_item = data_item_data.to_dict()
            else:
                data_item = data_item_data.to_dict()

            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_integration_dto import CustomIntegrationDto
        from ..models.datadog_integration_dto import DatadogIntegrationDto
        from ..models.pager_duty_integration_dto import PagerDutyIntegrationDto
        from ..models.sentry_integration_dto import SentryIntegrationDto
        from ..models.slack_integration_dto import SlackIntegrationDto
        from ..models.webhook_integration_dto import WebhookIntegrationDto

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:

            def _parse_data_item(
                data: object,
            ) -> Union[
                "CustomIntegrationDto",
                "DatadogIntegrationDto",
                "PagerDutyIntegrationDto",
                "SentryIntegrationDto",
                "SlackIntegrationDto",
                "WebhookIntegrationDto",
            ]:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    data_item_type_0 = SlackIntegrationDto.from_dict(data)

                    return data_item_type_0
                except:  # noqa: E722
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    data_item_type_1 = PagerDutyIntegrationDto.from_dict(data)

                    return data_item_type_1
                except:  # noqa: E722
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    data_item_type_2 = WebhookIntegrationDto.from_dict(data)

                    return data_item_type_2
                except:  # noqa: E722
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    data_item_type_3 = SentryIntegrationDto.from_dict(data)

                    return data_item_type_3
                except:  # noqa: E722
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    data_item_type_4 = DatadogIntegrationDto.from_dict(data)

                    return data_item_type_4
                except:  # noqa: E722
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                data_item_type_5 = CustomIntegrationDto.from_dict(data)

                return data_item_type_5

            data_item = _parse_data_item(data_item_data)

            data.append(data_item)

        integration_list_dto = cls(
            data=data,
        )

        integration_list_dto.additional_properties = d
        return integration_list_dto

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
