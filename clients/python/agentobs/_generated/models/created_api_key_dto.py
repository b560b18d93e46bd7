import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.api_key_scope import ApiKeyScope
from ..models.role import Role

T = TypeVar("T", bound="CreatedApiKeyDto")


@_attrs_define
class CreatedApiKeyDto:
    """
    Attributes:
        created_at (datetime.datetime):
        expires_at (Union[None, datetime.datetime]): After this time the key answers 401 (null: never)
        id (UUID):
        key (str): The secret. Shown only in this response: store it now. Example: ao_sk_3fK9q….
        name (str):
        prefix (str):  Example: ao_sk_3fK9.
        role (Role):
        scope (ApiKeyScope): `full`: the whole API within its role; `ingest`: only POST /api/v1/ingest and the OTLP
            routes (anything else → 403), role `member`
    """

    created_at: datetime.datetime
    expires_at: Union[None, datetime.datetime]
    id: UUID
    key: str
    name: str
    prefix: str
    role: Role
    scope: ApiKeyScope
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        expires_at: Union[None, str]
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        id = str(self.id)

        key = self.key

        name = self.name

        prefix = self.prefix

        role = self.role.value

        scope = self.scope.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "expiresAt": expires_at,
                "id": id,
                "key": key,
                "name": name,
                "prefix": prefix,
                "role": role,
                "scope": scope,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = isoparse(d.pop("createdAt"))

        def _parse_expires_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = isoparse(data)

                return expires_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        expires_at = _parse_expires_at(d.pop("expiresAt"))

        id = UUID(d.pop("id"))

        key = d.pop("key")

        name = d.pop("name")

        prefix = d.pop("prefix")

        role = Role(d.pop("role"))

        scope = ApiKeyScope(d.pop("scope"))

        created_api_key_dto = cls(
            created_at=created_at,
            expires_at=expires_at,
            id=id,
            key=key,
            name=name,
            prefix=prefix,
            role=role,
            scope=scope,
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
