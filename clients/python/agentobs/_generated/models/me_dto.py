from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role

if TYPE_CHECKING:
    from ..models.me_api_key_dto import MeApiKeyDto
    from ..models.me_workspace_dto import MeWorkspaceDto
    from ..models.user_dto import UserDto
    from ..models.workspace_dto import WorkspaceDto


T = TypeVar("T", bound="MeDto")


@_attrs_define
class MeDto:
    """
    Attributes:
        api_key (MeApiKeyDto):
        role (Role):
        user (UserDto):
        workspace (WorkspaceDto):
        workspaces (list['MeWorkspaceDto']): Every workspace the user is an active member of (for an API key: its own)
    """

    api_key: "MeApiKeyDto"
    role: Role
    user: "UserDto"
    workspace: "WorkspaceDto"
    workspaces: list["MeWorkspaceDto"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_key = self.api_key.to_dict()

        role = self.role.value

        user = self.user.to_dict()

        workspace = self.workspace.to_dict()

        workspaces = []
        for workspaces_item_data in self.workspaces:
            workspaces_item = workspaces_item_data.to_dict()
            workspaces.append(workspaces_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apiKey": api_key,
                "role": role,
                "user": user,
                "workspace": workspace,
                "workspaces": workspaces,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.me_api_key_dto import MeApiKeyDto
        from ..models.me_workspace_dto import MeWorkspaceDto
        from ..models.user_dto import UserDto
        from ..models.workspace_dto import WorkspaceDto

        d = dict(src_dict)
        api_key = MeApiKeyDto.from_dict(d.pop("apiKey"))

        role = Role(d.pop("role"))

        user = UserDto.from_dict(d.pop("user"))

        workspace = WorkspaceDto.from_dict(d.pop("workspace"))

        workspaces = []
        _workspaces = d.pop("workspaces")
        for workspaces_item_data in _workspaces:
            workspaces_item = MeWorkspaceDto.from_dict(workspaces_item_data)

            workspaces.append(workspaces_item)

        me_dto = cls(
            api_key=api_key,
            role=role,
            user=user,
            workspace=workspace,
            workspaces=workspaces,
        )

        me_dto.additional_properties = d
        return me_dto

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
