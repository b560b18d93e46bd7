from enum import Enum


class ApiKeyScope(str, Enum):
    FULL = "full"
    INGEST = "ingest"

    def __str__(self) -> str:
        return str(self.value)
