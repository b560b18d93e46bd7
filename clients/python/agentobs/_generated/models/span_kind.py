from enum import Enum


class SpanKind(str, Enum):
    AGENT = "agent"
    CHAIN = "chain"
    LLM = "llm"
    OTHER = "other"
    RETRIEVAL = "retrieval"
    TOOL = "tool"

    def __str__(self) -> str:
        return str(self.value)
