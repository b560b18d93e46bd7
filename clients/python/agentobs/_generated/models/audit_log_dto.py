import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.audit_actor_dto import AuditActorDto
    from ..models.audit_log_dto_metadata import AuditLogDtoMetadata


T = TypeVar("T", bound="AuditLogDto")


@_attrs_define
class AuditLogDto:
    """
    Attributes:
        action (str):  Example: member.role_changed.
        actor (AuditActorDto):
        created_at (datetime.datetime):
        id (UUID):
        ip (Union[None, str]):  Example: 127.0.0.1.
        metadata (AuditLogDtoMetadata):  Example: {'after': {'role': 'admin'}, 'before': {'role': 'member'}}.
        target_id (Union[None, str]):
        target_type (str):  Example: member.
    """

    action: str
    actor: "AuditActorDto"
    created_at: datetime.datetime
    id: UUID
    ip: Union[None, str]
    metadata: "AuditLogDtoMetadata"
    target_id: Union[None, str]
    target_type: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor = self.actor.to_dict()

        created_at = self.created_at.isoformat()

        id = str(self.id)

        ip: Union[None, str]
        ip = self.ip

        metadata = self.metadata.to_dict()

        target_id: Union[None, str]
        target_id = self.target_id

        target_type = self.target_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor": actor,
                "createdAt": created_at,
                "id": id,
                "ip": ip,
                "metadata": metadata,
                "targetId": target_id,
                "targetType": target_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_actor_dto import AuditActorDto
        from ..models.audit_log_dto_metadata import AuditLogDtoMetadata

        d = dict(src_dict)
        action = d.pop("action")

        actor = AuditActorDto.from_dict(d.pop("actor"))

        created_at = isoparse(d.pop("createdAt"))

        id = UUID(d.pop("id"))

        def _parse_ip(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        ip = _parse_ip(d.pop("ip"))

        metadata = AuditLogDtoMetadata.from_dict(d.pop("metadata"))

        def _parse_target_id(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        target_id = _parse_target_id(d.pop("targetId"))

        target_type = d.pop("targetType")

        audit_log_dto = cls(
            action=action,
            actor=actor,
            created_at=created_at,
            id=id,
            ip=ip,
            metadata=metadata,
            target_id=target_id,
            target_type=target_type,
        )

        audit_log_dto.additional_properties = d
        return audit_log_dto

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
