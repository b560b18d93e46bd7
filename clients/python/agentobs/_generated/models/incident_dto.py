import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.incident_status import IncidentStatus

if TYPE_CHECKING:
    from ..models.incident_actor_dto import IncidentActorDto


T = TypeVar("T", bound="IncidentDto")


@_attrs_define
class IncidentDto:
    """
    Attributes:
        acknowledged_at (Union[None, datetime.datetime]):
        acknowledged_by (Union['IncidentActorDto', None]):
        id (UUID):
        opened_at (datetime.datetime):
        resolved_at (Union[None, datetime.datetime]):
        resolved_by (Union['IncidentActorDto', None]): Who resolved it; `{ type: "system", id: null }` when it resolved
            by itself or its rule was deleted
        rule_id (UUID):
        rule_name (str): The rule's name when the incident opened
        status (IncidentStatus):
        threshold (float):
        value (float): The rule's value when the incident opened
        window_minutes (int): The rule's window (minutes) when the incident opened
    """

    acknowledged_at: Union[None, datetime.datetime]
    acknowledged_by: Union["IncidentActorDto", None]
    id: UUID
    opened_at: datetime.datetime
    resolved_at: Union[None, datetime.datetime]
    resolved_by: Union["IncidentActorDto", None]
    rule_id: UUID
    rule_name: str
    status: IncidentStatus
    threshold: float
    value: float
    window_minutes: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.incident_actor_dto import IncidentActorDto

        acknowledged_at: Union[None, str]
        if isinstance(self.acknowledged_at, datetime.datetime):
            acknowledged_at = self.acknowledged_at.isoformat()
        else:
            acknowledged_at = self.acknowledged_at

        acknowledged_by: Union[None, dict[str, Any]]
        if isinstance(self.acknowledged_by, IncidentActorDto):
            acknowledged_by = self.acknowledged_by.to_dict()
        else:
            acknowledged_by = self.acknowledged_by

        id = str(self.id)

        opened_at = self.opened_at.isoformat()

        resolved_at: Union[None, str]
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolved_by: Union[None, dict[str, Any]]
        if isinstance(self.resolved_by, IncidentActorDto):
            resolved_by = self.resolved_by.to_dict()
        else:
            resolved_by = self.resolved_by

        rule_id = str(self.rule_id)

        rule_name = self.rule_name

        status = self.status.value

        threshold = self.threshold

        value = self.value

        window_minutes = self.window_minutes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledgedAt": acknowledged_at,
                "acknowledgedBy": acknowledged_by,
                "id": id,
                "openedAt": opened_at,
                "resolvedAt": resolved_at,
                "resolvedBy": resolved_by,
                "ruleId": rule_id,
                "ruleName": rule_name,
                "status": status,
                "threshold": threshold,
                "value": value,
                "windowMinutes": window_minutes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.incident_actor_dto import IncidentActorDto

        d = dict(src_dict)

        def _parse_acknowledged_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                acknowledged_at_type_0 = isoparse(data)

                return acknowledged_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        acknowledged_at = _parse_acknowledged_at(d.pop("acknowledgedAt"))

        def _parse_acknowledged_by(data: object) -> Union["IncidentActorDto", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                acknowledged_by_type_0 = IncidentActorDto.from_dict(data)

                return acknowledged_by_type_0
            except:  # noqa: E722
                pass
            return cast(Union["IncidentActorDto", None], data)

        acknowledged_by = _parse_acknowledged_by(d.pop("acknowledgedBy"))

        id = UUID(d.pop("id"))

        opened_at = isoparse(d.pop("openedAt"))

        def _parse_resolved_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = isoparse(data)

                return resolved_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        resolved_at = _parse_resolved_at(d.pop("resolvedAt"))

        def _parse_resolved_by(data: object) -> Union["IncidentActorDto", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                resolved_by_type_0 = IncidentActorDto.from_dict(data)

                return resolved_by_type_0
            except:  # noqa: E722
                pass
            return cast(Union["IncidentActorDto", None], data)

        resolved_by = _parse_resolved_by(d.pop("resolvedBy"))

        rule_id = UUID(d.pop("ruleId"))

        rule_name = d.pop("ruleName")

        status = IncidentStatus(d.pop("status"))

        threshold = d.pop("threshold")

        value = d.pop("value")

        window_minutes = d.pop("windowMinutes")

        incident_dto = cls(
            acknowledged_at=acknowledged_at,
            acknowledged_by=acknowledged_by,
            id=id,
            opened_at=opened_at,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
            rule_id=rule_id,
            rule_name=rule_name,
            status=status,
            threshold=threshold,
            value=value,
            window_minutes=window_minutes,
        )

        incident_dto.additional_properties = d
        return incident_dto

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
