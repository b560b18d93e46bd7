from enum import Enum


class OtlpExportTracesAliasContentEncoding(str, Enum):
    GZIP = "gzip"
    IDENTITY = "identity"

    def __str__(self) -> str:
        return str(self.value)
