from enum import Enum


class PagerDutyIntegrationDtoType(str, Enum):
    PAGERDUTY = "pagerduty"

    def __str__(self) -> str:
        return str(self.value)
