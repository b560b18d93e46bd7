import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.member_status import MemberStatus
from ..models.role import Role

T = TypeVar("T", bound="MemberDto")


@_attrs_define
class MemberDto:
    """
    Attributes:
        email (str):  Example: ada@example.com.
        id (UUID): Membership id (used in /team/members/:id paths)
        joined_at (datetime.datetime):
        last_active_at (Union[None, datetime.datetime]):
        name (str):  Example: Ada Lovelace.
        removed_at (Union[None, datetime.datetime]):
        role (Role):
        status (MemberStatus):
        user_id (UUID):
    """

    email: str
    id: UUID
    joined_at: datetime.datetime
    last_active_at: Union[None, datetime.datetime]
    name: str
    removed_at: Union[None, datetime.datetime]
    role: Role
    status: MemberStatus
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        id = str(self.id)

        joined_at = self.joined_at.isoformat()

        last_active_at: Union[None, str]
        if isinstance(self.last_active_at, datetime.datetime):
            last_active_at = self.last_active_at.isoformat()
        else:
            last_active_at = self.last_active_at

        name = self.name

        removed_at: Union[None, str]
        if isinstance(self.removed_at, datetime.datetime):
            removed_at = self.removed_at.isoformat()
        else:
            removed_at = self.removed_at

        role = self.role.value

        status = self.status.value

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "id": id,
                "joinedAt": joined_at,
                "lastActiveAt": last_active_at,
                "name": name,
                "removedAt": removed_at,
                "role": role,
                "status": status,
                "userId": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        id = UUID(d.pop("id"))

        joined_at = isoparse(d.pop("joinedAt"))

        def _parse_last_active_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_active_at_type_0 = isoparse(data)

                return last_active_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        last_active_at = _parse_last_active_at(d.pop("lastActiveAt"))

        name = d.pop("name")

        def _parse_removed_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                removed_at_type_0 = isoparse(data)

                return removed_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        removed_at = _parse_removed_at(d.pop("removedAt"))

        role = Role(d.pop("role"))

        status = MemberStatus(d.pop("status"))

        user_id = UUID(d.pop("userId"))

        member_dto = cls(
            email=email,
            id=id,
            joined_at=joined_at,
            last_active_at=last_active_at,
            name=name,
            removed_at=removed_at,
            role=role,
            status=status,
            user_id=user_id,
        )

        member_dto.additional_properties = d
        return member_dto

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
