"""SDK → API → Postgres → API: spans sent by the SDK are read back through ``obs.api``."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from ..expectations import named, one, parent_of
from .conftest import get_trace_operation, read_trace, spans_of


def test_spans_round_trip_with_all_fields(obs):
    with pytest.raises(ZeroDivisionError):
        with obs.span("it-root", kind="agent", input={"question": "why?"}) as root:
            root.set_attributes({"user.tier": "pro", "attempt": 1})
            with obs.span("it-llm", kind="llm", model="gpt-4o-mini") as llm:
                llm.set_usage(input_tokens=812, output_tokens=95)
                llm.set_cost(0.0012)
                llm.set_output("because")
            with obs.span("it-tool", kind="tool"):
                _ = 1 / 0
    result = obs.flush(timeout=15)
    assert result.ok and result.sent == 3, (result, obs.stats)

    trace = read_trace(obs, root.trace_id, 3)
    spans = spans_of(trace)
    r, llm, t = one(spans, "it-root"), one(spans, "it-llm"), one(spans, "it-tool")
    assert parent_of(r) is None
    assert parent_of(llm) == r["spanId"] and parent_of(t) == r["spanId"]
    assert r["kind"] == "agent" and llm["kind"] == "llm" and t["kind"] == "tool"
    assert r["input"] == {"question": "why?"}
    assert r["attributes"]["user.tier"] == "pro"
    assert llm["model"] == "gpt-4o-mini" and llm["output"] == "because"
    assert llm["usage"] == {"inputTokens": 812, "outputTokens": 95, "totalTokens": 907}
    assert abs(float(llm["costUsd"]) - 0.0012) < 1e-9
    assert llm["status"] == "ok"
    assert t["status"] == "error" and t["statusMessage"] == "division by zero"
    assert r["status"] == "error"
    starts = [s["startTime"] for s in spans]
    assert starts == sorted(starts)  # "in start order" (ms resolution: equal times may come in any order)


def test_generated_client_works_async(obs):
    with obs.span("it-async", kind="chain") as span:
        pass
    assert obs.flush(timeout=15).ok
    read_trace(obs, span.trace_id, 1)
    op = get_trace_operation()

    async def fetch():
        return await op.asyncio_detailed(span.trace_id, client=obs.api)

    response = asyncio.run(fetch())
    assert int(response.status_code) == 200
    assert json.loads(response.content)["spans"][0]["name"] == "it-async"


def test_resending_a_span_does_not_duplicate_it(obs):
    """What a retry after a lost response does: the same span arrives twice; the API keeps one."""
    with obs.span("it-resend", kind="other") as span:
        span.set_output("v1")
    assert obs.flush(timeout=15).ok
    span.end_ns = None  # end it again: the identical span is queued and sent a second time
    span.end()
    assert obs.flush(timeout=15).sent == 1
    time.sleep(1.0)  # give asynchronous ingestion a moment; the span count must stay 1
    trace = read_trace(obs, span.trace_id, 1)
    assert len(named(spans_of(trace), "it-resend")) == 1


def test_microsecond_times_kinds_and_unknown_cost_round_trip(obs):
    import re

    kinds = ["agent", "llm", "tool", "retrieval", "embedding", "reranker", "guardrail", "evaluator", "chain", "other"]
    with obs.span("it-us-root", kind="agent") as root:
        for i, kind in enumerate(kinds):
            with obs.span(f"it-us-{i:02d}", kind=kind) as s:
                if kind == "llm":
                    s.set_usage(input_tokens=3, output_tokens=2)  # tokens, but no cost: unknown
    assert obs.flush(timeout=15).ok
    trace = read_trace(obs, root.trace_id, 11)
    spans = spans_of(trace)
    six = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
    assert all(six.match(s["startTime"]) and six.match(s["endTime"]) for s in spans)
    children = [s for s in spans if s["name"] != "it-us-root"]
    # siblings microseconds apart keep their order (the API returns spans in start order)
    assert [s["name"] for s in children] == [f"it-us-{i:02d}" for i in range(10)]
    assert len({s["startTime"] for s in children}) == 10
    assert [s["kind"] for s in children] == kinds
    assert trace["totalCostUsd"] is None and all(s.get("costUsd") is None for s in spans)
    assert trace["totalTokens"] == 5
