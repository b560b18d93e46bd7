from enum import Enum


class SpanStatus(str, Enum):
    ERROR = "error"
    OK = "ok"
    UNSET = "unset"

    def __str__(self) -> str:
        return str(self.value)
