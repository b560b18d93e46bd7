from enum import Enum


class InvitationEmailStatus(str, Enum):
    FAILED = "failed"
    PENDING = "pending"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
