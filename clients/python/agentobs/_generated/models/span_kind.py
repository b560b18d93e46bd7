from enum import Enum


class SpanKind(str, Enum):
    AGENT = "agent"
    CHAIN = "chain"
    EMBEDDING = "embedding"
    EVALUATOR = "evaluator"
    GUARDRAIL = "guardrail"
    LLM = "llm"
    OTHER = "other"
    RERANKER = "reranker"
    RETRIEVAL = "retrieval"
    TOOL = "tool"

    def __str__(self) -> str:
        return str(self.value)
