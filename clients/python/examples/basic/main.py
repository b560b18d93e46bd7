"""Basic example: a small "support agent" traced with agentobs.

    AGENTOBS_BASE_URL=http://127.0.0.1:8000 AGENTOBS_API_KEY=ao_sk_... python examples/basic/main.py

It records one trace per question: an ``agent`` root span with ``retrieval``, ``llm`` and ``tool``
children (one tool call fails and is recorded as an error), plus a streamed ``llm`` span, then
flushes and prints the trace ids.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Dict, List

from agentobs import AgentObs, observe

obs = AgentObs()  # api_key / base_url from AGENTOBS_API_KEY / AGENTOBS_BASE_URL

DOCS = {
    "shipping": "Orders ship within 2 business days.",
    "returns": "Returns are free within 30 days.",
}


class OrderNotFound(Exception):
    pass


@observe(kind="retrieval")
def search_docs(query: str) -> List[str]:
    return [text for key, text in DOCS.items() if key in query.lower() or "order" in query.lower()]


@observe(kind="tool")
def fetch_order(order_id: int) -> Dict[str, object]:
    if order_id != 42:
        raise OrderNotFound(f"order {order_id} does not exist")
    return {"id": order_id, "state": "shipped"}


@observe(kind="llm")
def draft_answer(question: str, docs: List[str], order: Dict[str, object]) -> str:
    span = obs.current_span()
    span.set_model("gpt-4o-mini")
    span.set_usage(input_tokens=812, output_tokens=95)
    span.set_cost(0.000179)
    return f"Your order {order['id']} is {order['state']}. {' '.join(docs)}"


@observe(kind="llm")
async def stream_summary(text: str):
    """An async generator: its span covers the whole stream."""
    for word in text.split():
        await asyncio.sleep(0)
        yield word + " "


def answer(question: str, order_id: int) -> tuple[str, str]:
    """Run the agent for one question; returns (answer, trace id)."""
    with obs.span("support-agent", kind="agent", input={"question": question, "orderId": order_id}) as span:
        span.set_attributes({"user.tier": "pro"})
        docs = search_docs(question)
        try:
            order = fetch_order(order_id)
        except OrderNotFound:
            order = fetch_order(42)  # the failed call stays in the trace with status "error"
        reply = draft_answer(question, docs, order)

        async def summarise() -> str:
            return "".join([chunk async for chunk in stream_summary(reply)])

        summary = asyncio.run(summarise())
        span.set_output({"answer": reply, "summary": summary})
    return reply, span.trace_id


def main() -> List[str]:
    trace_ids = []
    for question, order_id in [("Where is my order?", 41), ("How do returns work for my order?", 42)]:
        reply, trace_id = answer(question, order_id)
        print(f"{trace_id}  {question!r} -> {reply!r}")
        trace_ids.append(trace_id)
    result = obs.flush(timeout=10)
    print(f"flushed: sent={result.sent} dropped={result.dropped} pending={result.pending}")
    return trace_ids


if __name__ == "__main__":
    main()
    sys.exit(0 if obs.shutdown().ok else 1)
