from enum import Enum


class ErrorCode(str, Enum):
    ALREADY_MEMBER = "already_member"
    CHECKOUT_REQUIRED = "checkout_required"
    CONFLICT = "conflict"
    FORBIDDEN = "forbidden"
    IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INTERNAL = "internal"
    INVITATION_EXPIRED = "invitation_expired"
    INVITATION_PENDING = "invitation_pending"
    LAST_OWNER = "last_owner"
    NOT_FOUND = "not_found"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    PLAN_LIMIT_EXCEEDED = "plan_limit_exceeded"
    RATE_LIMITED = "rate_limited"
    UNAUTHENTICATED = "unauthenticated"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    UPSTREAM_UNAVAILABLE = "upstream_unavailable"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
