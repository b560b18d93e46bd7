from enum import Enum


class AlertMetric(str, Enum):
    COST_USD = "cost_usd"
    ERROR_RATE = "error_rate"
    P95_LATENCY_MS = "p95_latency_ms"
    TRACE_COUNT = "trace_count"

    def __str__(self) -> str:
        return str(self.value)
