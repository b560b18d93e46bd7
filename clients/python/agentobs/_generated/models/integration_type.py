from enum import Enum


class IntegrationType(str, Enum):
    CUSTOM = "custom"
    DATADOG = "datadog"
    PAGERDUTY = "pagerduty"
    SENTRY = "sentry"
    SLACK = "slack"
    WEBHOOK = "webhook"

    def __str__(self) -> str:
        return str(self.value)
