from enum import Enum


class EventType(str, Enum):
    INTEGRATION_TEST = "integration.test"
    TRACE_ERROR = "trace.error"
    USAGE_THRESHOLD = "usage.threshold"

    def __str__(self) -> str:
        return str(self.value)
