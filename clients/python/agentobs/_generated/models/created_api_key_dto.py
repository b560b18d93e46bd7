import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.role import Role

T = TypeVar("T", bound="CreatedApiKeyDto")


@_attrs_define
class CreatedApiKeyDto:
    """
    Attributes:
        created_at (datetime.datetime):
        id (UUID):
        key (str): The secret. Shown only in this response: store it now. Example: ao_sk_3fK9q….
        name (str):
        prefix (str):  Example: ao_sk_3fK9.
        role (Role):
    """

    created_at: datetime.datetime
    id: UUID
    key: str
    name: str
    prefix: str
    role: Role
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        key = self.key

        name = self.name

        prefix = self.prefix

        role = self.role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "id": id,
                "key": key,
                "name": name,
                "prefix": prefix,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = isoparse(d.pop("createdAt"))

        id = UUID(d.pop("id"))

        key = d.pop("key")

        name = d.pop("name")

        prefix = d.pop("prefix")

        role = Role(d.pop("role"))

        created_api_key_dto = cls(
            created_at=created_at,
            id=id,
            key=key,
            name=name,
            prefix=prefix,
            role=role,
        )

        created_api_key_dto.additional_properties = d
        return created_api_key_dto

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
