import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.alert_metric import AlertMetric
from ..models.alert_operator import AlertOperator
from ..models.integration_type import IntegrationType

if TYPE_CHECKING:
    from ..models.alert_filter_out_dto import AlertFilterOutDto


T = TypeVar("T", bound="AlertRuleDto")


@_attrs_define
class AlertRuleDto:
    """
    Attributes:
        created_at (datetime.datetime):
        enabled (bool):
        filter_ (AlertFilterOutDto):
        id (UUID):
        integrations (list[IntegrationType]):
        last_evaluated_at (Union[None, datetime.datetime]):
        last_value (Union[None, float]): The value found by the last evaluation
        metric (AlertMetric):
        name (str):
        operator (AlertOperator):
        threshold (float):
        window_minutes (int):
    """

    created_at: datetime.datetime
    enabled: bool
    filter_: "AlertFilterOutDto"
    id: UUID
    integrations: list[IntegrationType]
    last_evaluated_at: Union[None, datetime.datetime]
    last_value: Union[None, float]
    metric: AlertMetric
    name: str
    operator: AlertOperator
    threshold: float
    window_minutes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        enabled = self.enabled

        filter_ = self.filter_.to_dict()

        id = str(self.id)

        integrations = []
        for integrations_item_data in self.integrations:
            integrations_item = integrations_item_data.value
            integrations.append(integrations_item)

        last_evaluated_at: Union[None, str]
        if isinstance(self.last_evaluated_at, datetime.datetime):
            last_evaluated_at = self.last_evaluated_at.isoformat()
        else:
            last_evaluated_at = self.last_evaluated_at

        last_value: Union[None, float]
        last_value = self.last_value

        metric = self.metric.value

        name = self.name

        operator = self.operator.value

        threshold = self.threshold

        window_minutes = self.window_minutes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "enabled": enabled,
                "filter": filter_,
                "id": id,
                "integrations": integrations,
                "lastEvaluatedAt": last_evaluated_at,
                "lastValue": last_value,
                "metric": metric,
                "name": name,
                "operator": operator,
                "threshold": threshold,
                "windowMinutes": window_minutes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_filter_out_dto import AlertFilterOutDto

        d = dict(src_dict)
        created_at = isoparse(d.pop("createdAt"))

        enabled = d.pop("enabled")

        filter_ = AlertFilterOutDto.from_dict(d.pop("filter"))

        id = UUID(d.pop("id"))

        integrations = []
        _integrations = d.pop("integrations")
        for integrations_item_data in _integrations:
            integrations_item = IntegrationType(integrations_item_data)

            integrations.append(integrations_item)

        def _parse_last_evaluated_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_evaluated_at_type_0 = isoparse(data)

                return last_evaluated_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        last_evaluated_at = _parse_last_evaluated_at(d.pop("lastEvaluatedAt"))

        def _parse_last_value(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        last_value = _parse_last_value(d.pop("lastValue"))

        metric = AlertMetric(d.pop("metric"))

        name = d.pop("name")

        operator = AlertOperator(d.pop("operator"))

        threshold = d.pop("threshold")

        window_minutes = d.pop("windowMinutes")

        alert_rule_dto = cls(
            created_at=created_at,
            enabled=enabled,
            filter_=filter_,
            id=id,
            integrations=integrations,
            last_evaluated_at=last_evaluated_at,
            last_value=last_value,
            metric=metric,
            name=name,
            operator=operator,
            threshold=threshold,
            window_minutes=window_minutes,
        )

        alert_rule_dto.additional_properties = d
        return alert_rule_dto

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
