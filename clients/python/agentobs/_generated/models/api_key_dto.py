import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.api_key_scope import ApiKeyScope
from ..models.role import Role

if TYPE_CHECKING:
    from ..models.api_key_creator_dto import ApiKeyCreatorDto


T = TypeVar("T", bound="ApiKeyDto")


@_attrs_define
class ApiKeyDto:
    """
    Attributes:
        created_at (datetime.datetime):
        created_by (Union['ApiKeyCreatorDto', None]): The user the key acts for: who created it, or for a key created
            with an API key, that key's user (null if unknown). Their removal revokes the key; their demotion caps its role.
        expires_at (Union[None, datetime.datetime]): After this time the key answers 401 (null: never)
        grace_ends_at (Union[None, datetime.datetime]): Set when the key was rotated: it keeps working until then, then
            answers 401 (null: not rotated)
        id (UUID):
        last_used_at (Union[None, datetime.datetime]): Last request made with the key (updated within seconds)
        name (str):  Example: production ingest.
        prefix (str): First characters of the key, for recognising it Example: ao_sk_3fK9.
        role (Role):
        scope (ApiKeyScope): `full`: the whole API within its role; `ingest`: only POST /api/v1/ingest and the OTLP
            routes (anything else → 403), role `member`
    """

    created_at: datetime.datetime
    created_by: Union["ApiKeyCreatorDto", None]
    expires_at: Union[None, datetime.datetime]
    grace_ends_at: Union[None, datetime.datetime]
    id: UUID
    last_used_at: Union[None, datetime.datetime]
    name: str
    prefix: str
    role: Role
    scope: ApiKeyScope
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.api_key_creator_dto import ApiKeyCreatorDto

        created_at = self.created_at.isoformat()

        created_by: Union[None, dict[str, Any]]
        if isinstance(self.created_by, ApiKeyCreatorDto):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        expires_at: Union[None, str]
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        grace_ends_at: Union[None, str]
        if isinstance(self.grace_ends_at, datetime.datetime):
            grace_ends_at = self.grace_ends_at.isoformat()
        else:
            grace_ends_at = self.grace_ends_at

        id = str(self.id)

        last_used_at: Union[None, str]
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        name = self.name

        prefix = self.prefix

        role = self.role.value

        scope = self.scope.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "createdBy": created_by,
                "expiresAt": expires_at,
                "graceEndsAt": grace_ends_at,
                "id": id,
                "lastUsedAt": last_used_at,
                "name": name,
                "prefix": prefix,
                "role": role,
                "scope": scope,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_key_creator_dto import ApiKeyCreatorDto

        d = dict(src_dict)
        created_at = isoparse(d.pop("createdAt"))

        def _parse_created_by(data: object) -> Union["ApiKeyCreatorDto", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                created_by_type_0 = ApiKeyCreatorDto.from_dict(data)

                return created_by_type_0
            except:  # noqa: E722
                pass
            return cast(Union["ApiKeyCreatorDto", None], data)

        created_by = _parse_created_by(d.pop("createdBy"))

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

        def _parse_grace_ends_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                grace_ends_at_type_0 = isoparse(data)

                return grace_ends_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        grace_ends_at = _parse_grace_ends_at(d.pop("graceEndsAt"))

        id = UUID(d.pop("id"))

        def _parse_last_used_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = isoparse(data)

                return last_used_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        last_used_at = _parse_last_used_at(d.pop("lastUsedAt"))

        name = d.pop("name")

        prefix = d.pop("prefix")

        role = Role(d.pop("role"))

        scope = ApiKeyScope(d.pop("scope"))

        api_key_dto = cls(
            created_at=created_at,
            created_by=created_by,
            expires_at=expires_at,
            grace_ends_at=grace_ends_at,
            id=id,
            last_used_at=last_used_at,
            name=name,
            prefix=prefix,
            role=role,
            scope=scope,
        )

        api_key_dto.additional_properties = d
        return api_key_dto

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
