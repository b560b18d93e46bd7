from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role

if TYPE_CHECKING:
    from ..models.user_dto import UserDto
    from ..models.workspace_dto import WorkspaceDto


T = TypeVar("T", bound="AuthResponseDto")


@_attrs_define
class AuthResponseDto:
    """
    Attributes:
        access_token (str): Bearer access token Example: ao_at_Zm9v….
        expires_in (float): Seconds until the access token expires Example: 86400.
        role (Role):
        user (UserDto):
        workspace (WorkspaceDto):
    """

    access_token: str
    expires_in: float
    role: Role
    user: "UserDto"
    workspace: "WorkspaceDto"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        expires_in = self.expires_in

        role = self.role.value

        user = self.user.to_dict()

        workspace = self.workspace.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accessToken": access_token,
                "expiresIn": expires_in,
                "role": role,
                "user": user,
                "workspace": workspace,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_dto import UserDto
        from ..models.workspace_dto import WorkspaceDto

        d = dict(src_dict)
        access_token = d.pop("accessToken")

        expires_in = d.pop("expiresIn")

        role = Role(d.pop("role"))

        user = UserDto.from_dict(d.pop("user"))

        workspace = WorkspaceDto.from_dict(d.pop("workspace"))

        auth_response_dto = cls(
            access_token=access_token,
            expires_in=expires_in,
            role=role,
            user=user,
            workspace=workspace,
        )

        auth_response_dto.additional_properties = d
        return auth_response_dto

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
