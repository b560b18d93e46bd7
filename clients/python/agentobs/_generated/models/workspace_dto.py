import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.workspace_settings_dto import WorkspaceSettingsDto


T = TypeVar("T", bound="WorkspaceDto")


@_attrs_define
class WorkspaceDto:
    """
    Attributes:
        created_at (datetime.datetime):
        id (UUID):
        name (str):  Example: Acme AI.
        settings (WorkspaceSettingsDto):
        slug (str):  Example: acme-ai.
        timezone (str):  Example: Europe/Kyiv.
        updated_at (datetime.datetime):
    """

    created_at: datetime.datetime
    id: UUID
    name: str
    settings: "WorkspaceSettingsDto"
    slug: str
    timezone: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        settings = self.settings.to_dict()

        slug = self.slug

        timezone = self.timezone

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "id": id,
                "name": name,
                "settings": settings,
                "slug": slug,
                "timezone": timezone,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.workspace_settings_dto import WorkspaceSettingsDto

        d = dict(src_dict)
        created_at = isoparse(d.pop("createdAt"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        settings = WorkspaceSettingsDto.from_dict(d.pop("settings"))

        slug = d.pop("slug")

        timezone = d.pop("timezone")

        updated_at = isoparse(d.pop("updatedAt"))

        workspace_dto = cls(
            created_at=created_at,
            id=id,
            name=name,
            settings=settings,
            slug=slug,
            timezone=timezone,
            updated_at=updated_at,
        )

        workspace_dto.additional_properties = d
        return workspace_dto

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
