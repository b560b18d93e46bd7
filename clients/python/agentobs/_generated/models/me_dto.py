from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

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
        api_key (Union['MeApiKeyDto', None]):
        role (Role):
        user (Union['UserDto', None]):
        workspace (WorkspaceDto):
        workspaces (list['MeWorkspaceDto']): Every workspace the user is an active member of (for an API key: its own)
    """

    api_key: Union["MeApiKeyDto", None]
    role: Role
    user: Union["UserDto", None]
    workspace: "WorkspaceDto"
    workspaces: list["MeWorkspaceDto"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.me_api_key_dto import MeApiKeyDto
        from ..models.user_dto import UserDto

        api_key: Union[None, dict[str, Any]]
        if isinstance(self.api_key, MeApiKeyDto):
            api_key = self.api_key.to_dict()
        else:
            api_key = self.api_key

        role = self.role.value

        user: Union[None, dict[str, Any]]
        if isinstance(self.user, UserDto):
            user = self.user.to_dict()
        else:
            user = self.user

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

        def _parse_api_key(data: object) -> Union["MeApiKeyDto", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                api_key_type_0 = MeApiKeyDto.from_dict(data)

                return api_key_type_0
            except:  # noqa: E722
                pass
            return cast(Union["MeApiKeyDto", None], data)

        api_key = _parse_api_key(d.pop("apiKey"))

        role = Role(d.pop("role"))

        def _parse_user(data: object) -> Union["UserDto", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_type_0 = UserDto.from_dict(data)

                return user_type_0
            except:  # noqa: E722
                pass
            return cast(Union["UserDto", None], data)

        user = _parse_user(d.pop("user"))

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
