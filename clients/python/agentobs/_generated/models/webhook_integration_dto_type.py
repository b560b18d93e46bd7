from enum import Enum


class WebhookIntegrationDtoType(str, Enum):
    WEBHOOK = "webhook"

    def __str__(self) -> str:
        return str(self.value)
