from enum import Enum


class IntegrationHealthStatus(str, Enum):
    FAILING = "failing"
    HEALTHY = "healthy"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
