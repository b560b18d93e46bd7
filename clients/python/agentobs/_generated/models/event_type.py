from enum import Enum


class EventType(str, Enum):
    ALERT_ACKNOWLEDGED = "alert.acknowledged"
    ALERT_RESOLVED = "alert.resolved"
    ALERT_TRIGGERED = "alert.triggered"
    INTEGRATION_TEST = "integration.test"
    TRACE_ERROR = "trace.error"
    USAGE_THRESHOLD = "usage.threshold"

    def __str__(self) -> str:
        return str(self.value)
