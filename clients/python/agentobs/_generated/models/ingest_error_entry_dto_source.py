from enum import Enum


class IngestErrorEntryDtoSource(str, Enum):
    INGEST = "ingest"
    OTLP = "otlp"

    def __str__(self) -> str:
        return str(self.value)
