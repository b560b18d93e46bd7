from enum import Enum


class Plan(str, Enum):
    ENTERPRISE = "enterprise"
    FREE = "free"
    PROFESSIONAL = "professional"
    STARTER = "starter"

    def __str__(self) -> str:
        return str(self.value)
