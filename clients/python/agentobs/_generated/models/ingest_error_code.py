from enum import Enum


class IngestErrorCode(str, Enum):
    TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
