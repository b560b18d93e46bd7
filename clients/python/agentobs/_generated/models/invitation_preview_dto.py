import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.role import Role

if TYPE_CHECKING:
    from ..models.invitation_preview_inviter_dto import InvitationPreviewInviterDto
    from ..models.invitation_preview_workspace_dto import InvitationPreviewWorkspaceDto


T = TypeVar("T", bound="InvitationPreviewDto")


@_attrs_define
class InvitationPreviewDto:
    """
    Attributes:
        email (str):  Example: grace@example.com.
        expires_at (datetime.datetime):
        invited_by (InvitationPreviewInviterDto):
        role (Role):
        workspace (InvitationPreviewWorkspaceDto):
    """

    email: str
    expires_at: datetime.datetime
    invited_by: "InvitationPreviewInviterDto"
    role: Role
    workspace: "InvitationPreviewWorkspaceDto"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        expires_at = self.expires_at.isoformat()

        invited_by = self.invited_by.to_dict()

        role = self.role.value

        workspace = self.workspace.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "expiresAt": expires_at,
                "invitedBy": invited_by,
                "role": role,
                "workspace": workspace,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invitation_preview_inviter_dto import InvitationPreviewInviterDto
        from ..models.invitation_preview_workspace_dto import InvitationPreviewWorkspaceDto

        d = dict(src_dict)
        email = d.pop("email")

        expires_at = isoparse(d.pop("expiresAt"))

        invited_by = InvitationPreviewInviterDto.from_dict(d.pop("invitedBy"))

        role = Role(d.pop("role"))

        workspace = InvitationPreviewWorkspaceDto.from_dict(d.pop("workspace"))

        invitation_preview_dto = cls(
            email=email,
            expires_at=expires_at,
            invited_by=invited_by,
            role=role,
            workspace=workspace,
        )

        invitation_preview_dto.additional_properties = d
        return invitation_preview_dto

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
