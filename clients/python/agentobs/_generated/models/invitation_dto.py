import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.invitation_email_status import InvitationEmailStatus
from ..models.invitation_status import InvitationStatus
from ..models.role import Role

if TYPE_CHECKING:
    from ..models.invitation_inviter_dto import InvitationInviterDto


T = TypeVar("T", bound="InvitationDto")


@_attrs_define
class InvitationDto:
    """
    Attributes:
        created_at (datetime.datetime):
        email (str):  Example: grace@example.com.
        email_sent_at (Union[None, datetime.datetime]):
        email_status (InvitationEmailStatus): Delivery of the invitation email: pending (queued or retrying), sent
            (accepted by the SMTP server), failed (gave up)
        expires_at (datetime.datetime):
        id (UUID):
        invited_by (InvitationInviterDto):
        role (Role):
        status (InvitationStatus): A pending invitation past expiresAt shows as expired
    """

    created_at: datetime.datetime
    email: str
    email_sent_at: Union[None, datetime.datetime]
    email_status: InvitationEmailStatus
    expires_at: datetime.datetime
    id: UUID
    invited_by: "InvitationInviterDto"
    role: Role
    status: InvitationStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        email_sent_at: Union[None, str]
        if isinstance(self.email_sent_at, datetime.datetime):
            email_sent_at = self.email_sent_at.isoformat()
        else:
            email_sent_at = self.email_sent_at

        email_status = self.email_status.value

        expires_at = self.expires_at.isoformat()

        id = str(self.id)

        invited_by = self.invited_by.to_dict()

        role = self.role.value

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "createdAt": created_at,
                "email": email,
                "emailSentAt": email_sent_at,
                "emailStatus": email_status,
                "expiresAt": expires_at,
                "id": id,
                "invitedBy": invited_by,
                "role": role,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invitation_inviter_dto import InvitationInviterDto

        d = dict(src_dict)
        created_at = isoparse(d.pop("createdAt"))

        email = d.pop("email")

        def _parse_email_sent_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                email_sent_at_type_0 = isoparse(data)

                return email_sent_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        email_sent_at = _parse_email_sent_at(d.pop("emailSentAt"))

        email_status = InvitationEmailStatus(d.pop("emailStatus"))

        expires_at = isoparse(d.pop("expiresAt"))

        id = UUID(d.pop("id"))

        invited_by = InvitationInviterDto.from_dict(d.pop("invitedBy"))

        role = Role(d.pop("role"))

        status = InvitationStatus(d.pop("status"))

        invitation_dto = cls(
            created_at=created_at,
            email=email,
            email_sent_at=email_sent_at,
            email_status=email_status,
            expires_at=expires_at,
            id=id,
            invited_by=invited_by,
            role=role,
            status=status,
        )

        invitation_dto.additional_properties = d
        return invitation_dto

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
