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


T = TypeVar("T", bound="UpdateAlertRuleDto")


@_attrs_define
class UpdateAlertRuleDto:
    """
    Attributes:
        enabled (Union[Unset, bool]):
        filter_ (Union[Unset, AlertFilterDto]):
        integrations (Union[Unset, list[IntegrationType]]):
        metric (Union[Unset, AlertMetric]):
        name (Union[Unset, str]):
        operator (Union[Unset, AlertOperator]):
        threshold (Union[Unset, float]):
        window_minutes (Union[Unset, int]):
    """

    enabled: Union[Unset, bool] = UNSET
    filter_: Union[Unset, "AlertFilterDto"] = UNSET
    integrations: Union[Unset, list[IntegrationType]] = UNSET
    metric: Union[Unset, AlertMetric] = UNSET
    name: Union[Unset, str] = UNSET
    operator: Union[Unset, AlertOperator] = UNSET
    threshold: Union[Unset, float] = UNSET
    window_minutes: Union[Unset, int] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        filter_: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        integrations: Union[Unset, list[str]] = UNSET
        if not isinstance(self.integrations, Unset):
            integrations = []
            for integrations_item_data in self.integrations:
                integrations_item = integrations_item_data.value
                integrations.append(integrations_item)

        metric: Union[Unset, str] = UNSET
        if not isinstance(self.metric, Unset):
            metric = self.metric.value

        name = self.name

        operator: Union[Unset, str] = UNSET
        if not isinstance(self.operator, Unset):
            operator = self.operator.value

        threshold = self.threshold

        window_minutes = self.window_minutes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if integrations is not UNSET:
            field_dict["integrations"] = integrations
        if metric is not UNSET:
            field_dict["metric"] = metric
        if name is not UNSET:
            field_dict["name"] = name
        if operator is not UNSET:
            field_dict["operator"] = operator
        if threshold is not UNSET:
            field_dict["threshold"] = threshold
        if window_minutes is not UNSET:
            field_dict["windowMinutes"] = window_minutes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_filter_dto import AlertFilterDto

        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        _filter_ = d.pop("filter", UNSET)
        filter_: Union[Unset, AlertFilterDto]
        if isinstance(_filter_, Unset):
            filter_ = UNSET
        else:
            filter_ = AlertFilterDto.from_dict(_filter_)

        integrations = []
        _integrations = d.pop("integrations", UNSET)
        for integrations_item_data in _integrations or []:
            integrations_item = IntegrationType(integrations_item_data)

            integrations.append(integrations_item)

        _metric = d.pop("metric", UNSET)
        metric: Union[Unset, AlertMetric]
        if isinstance(_metric, Unset):
            metric = UNSET
        else:
            metric = AlertMetric(_metric)

        name = d.pop("name", UNSET)

        _operator = d.pop("operator", UNSET)
        operator: Union[Unset, AlertOperator]
        if isinstance(_operator, Unset):
            operator = UNSET
        else:
            operator = AlertOperator(_operator)

        threshold = d.pop("threshold", UNSET)

        window_minutes = d.pop("windowMinutes", UNSET)

        update_alert_rule_dto = cls(
            enabled=enabled,
            filter_=filter_,
            integrations=integrations,
            metric=metric,
            name=name,
            operator=operator,
            threshold=threshold,
            window_minutes=window_minutes,
        )

        update_alert_rule_dto.additional_properties = d
        return update_alert_rule_dto

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
