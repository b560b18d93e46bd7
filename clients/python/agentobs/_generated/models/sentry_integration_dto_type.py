from enum import Enum


class SentryIntegrationDtoType(str, Enum):
    SENTRY = "sentry"

    def __str__(self) -> str:
        return str(self.value)
