from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_workspace_settings_dto import UpdateWorkspaceSettingsDto


T = TypeVar("T", bound="UpdateWorkspaceDto")


@_attrs_define
class UpdateWorkspaceDto:
    """
    Attributes:
        name (Union[Unset, str]):
        settings (Union[Unset, UpdateWorkspaceSettingsDto]):
        slug (Union[Unset, str]):
        timezone (Union[Unset, str]): IANA time zone name or link Example: Europe/Kyiv.
    """

    name: Union[Unset, str] = UNSET
    settings: Union[Unset, "UpdateWorkspaceSettingsDto"] = UNSET
    slug: Union[Unset, str] = UNSET
    timezone: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        settings: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        slug = self.slug

        timezone = self.timezone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if settings is not UNSET:
            field_dict["settings"] = settings
        if slug is not UNSET:
            field_dict["slug"] = slug
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.update_workspace_settings_dto import UpdateWorkspaceSettingsDto

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _settings = d.pop("settings", UNSET)
        settings: Union[Unset, UpdateWorkspaceSettingsDto]
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = UpdateWorkspaceSettingsDto.from_dict(_settings)

        slug = d.pop("slug", UNSET)

        timezone = d.pop("timezone", UNSET)

        update_workspace_dto = cls(
            name=name,
            settings=settings,
            slug=slug,
            timezone=timezone,
        )

        update_workspace_dto.additional_properties = d
        return update_workspace_dto

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
