from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.alert_metric import AlertMetric
from ..models.alert_operator import AlertOperator
from ..models.integration_type import IntegrationType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alert_filter_dto import AlertFilterDto


T = TypeVar("T", bound="CreateAlertRuleDto")


@_attrs_define
class CreateAlertRuleDto:
    """
    Attributes:
        integrations (list[IntegrationType]): Integrations that receive the alert events; each must be configured (else
            400). May be empty.
        metric (AlertMetric):
        name (str):  Example: Agent error rate.
        operator (AlertOperator):
        threshold (float):  Example: 0.05.
        window_minutes (int):  Example: 15.
        enabled (Union[Unset, bool]):  Default: True.
        filter_ (Union[Unset, AlertFilterDto]):
    """

    integrations: list[IntegrationType]
    metric: AlertMetric
    name: str
    operator: AlertOperator
    threshold: float
    window_minutes: int
    enabled: Union[Unset, bool] = True
    filter_: Union[Unset, "AlertFilterDto"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        integrations = []
        for integrations_item_data in self.integrations:
            integrations_item = integrations_item_data.value
            integrations.append(integrations_item)

        metric = self.metric.value

        name = self.name

        operator = self.operator.value

        threshold = self.threshold

        window_minutes = self.window_minutes

        enabled = self.enabled

        filter_: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "integrations": integrations,
                "metric": metric,
                "name": name,
                "operator": operator,
                "threshold": threshold,
                "windowMinutes": window_minutes,
            }
        )
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if filter_ is not UNSET:
            field_dict["filter"] = filter_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_filter_dto import AlertFilterDto

        d = dict(src_dict)
        integrations = []
        _integrations = d.pop("integrations")
        for integrations_item_data in _integrations:
            integrations_item = IntegrationType(integrations_item_data)

            integrations.append(integrations_item)

        metric = AlertMetric(d.pop("metric"))

        name = d.pop("name")

        operator = AlertOperator(d.pop("operator"))

        threshold = d.pop("threshold")

        window_minutes = d.pop("windowMinutes")

        enabled = d.pop("enabled", UNSET)

        _filter_ = d.pop("filter", UNSET)
        filter_: Union[Unset, AlertFilterDto]
        if isinstance(_filter_, Unset):
            filter_ = UNSET
        else:
            filter_ = AlertFilterDto.from_dict(_filter_)

        create_alert_rule_dto = cls(
            integrations=integrations,
            metric=metric,
            name=name,
            operator=operator,
            threshold=threshold,
            window_minutes=window_minutes,
            enabled=enabled,
            filter_=filter_,
        )

        create_alert_rule_dto.additional_properties = d
        return create_alert_rule_dto

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
