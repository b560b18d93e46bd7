from enum import Enum


class DatadogIntegrationDtoType(str, Enum):
    DATADOG = "datadog"

    def __str__(self) -> str:
        return str(self.value)
