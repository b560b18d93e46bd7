from enum import Enum


class CustomIntegrationDtoType(str, Enum):
    CUSTOM = "custom"

    def __str__(self) -> str:
        return str(self.value)
