"""Expected trace shapes of the examples, shared by the unit tests (spans captured by a fake
ingestion server) and the integration tests (spans read back from the real API). Both see spans
in the wire format: camelCase keys; a root has no (or a null) ``parentSpanId``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List, Optional

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

Span = Dict[str, Any]


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>/{main,app}.py`` afresh (it builds its AgentObs from the environment)."""
    folder = EXAMPLES / name
    path = folder / ("main.py" if name == "basic" else "app.py")
    module_name = f"agentobs_example_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def named(spans: List[Span], name: str) -> List[Span]:
    return [s for s in spans if s["name"] == name]


def one(spans: List[Span], name: str) -> Span:
    found = named(spans, name)
    assert len(found) == 1, f"expected one span named {name!r}, got {len(found)}: {[s['name'] for s in spans]}"
    return found[0]


def parent_of(span: Span) -> Optional[str]:
    return span.get("parentSpanId") or None


def assert_single_trace(spans: List[Span], trace_id: str) -> None:
    assert spans, "no spans"
    assert {s["traceId"] for s in spans} == {trace_id}
    ids = {s["spanId"] for s in spans}
    assert len(ids) == len(spans), "duplicate span ids"


def check_basic_trace(spans: List[Span], trace_id: str, failed_lookup: bool) -> None:
    """examples/basic: support-agent → search_docs, fetch_order (x2 when the first fails), draft_answer, stream_summary."""
    assert_single_trace(spans, trace_id)
    root = one(spans, "support-agent")
    assert parent_of(root) is None and root["kind"] == "agent" and root["status"] == "ok"
    assert root["output"]["answer"].startswith("Your order 42 is shipped.")
    children = [s for s in spans if parent_of(s) == root["spanId"]]
    assert len(children) == len(spans) - 1, "every other span is a direct child of the root"
    assert one(spans, "search_docs")["kind"] == "retrieval"
    llm = one(spans, "draft_answer")
    assert llm["kind"] == "llm" and llm["model"] == "gpt-4o-mini"
    assert llm["usage"] == {"inputTokens": 812, "outputTokens": 95, "totalTokens": 907}
    stream = one(spans, "stream_summary")
    assert stream["kind"] == "llm" and stream["status"] == "ok"
    assert stream["output"].strip() == root["output"]["summary"].strip()
    lookups = named(spans, "fetch_order")
    if failed_lookup:
        assert len(spans) == 6 and len(lookups) == 2
        failed = [s for s in lookups if s["status"] == "error"]
        assert len(failed) == 1 and failed[0]["statusMessage"] == "order 41 does not exist"
        assert [s["status"] for s in lookups if s is not failed[0]] == ["ok"]
    else:
        assert len(spans) == 5 and [s["status"] for s in lookups] == ["ok"]


def check_flask_ask(spans: List[Span], trace_id: str, remote_parent: Optional[str]) -> None:
    assert_single_trace(spans, trace_id)
    assert len(spans) == 3, [s["name"] for s in spans]
    root = one(spans, "POST /ask")
    assert root["kind"] == "agent" and root["status"] == "ok"
    assert parent_of(root) == remote_parent
    assert root["attributes"]["http.status_code"] == 200
    for name, kind in (("search_docs", "retrieval"), ("generate", "llm")):
        s = one(spans, name)
        assert s["kind"] == kind and parent_of(s) == root["spanId"] and s["status"] == "ok"


def check_flask_checkout(spans: List[Span], trace_id: str) -> None:
    assert_single_trace(spans, trace_id)
    assert len(spans) == 2, [s["name"] for s in spans]
    root = one(spans, "POST /checkout")
    tool = one(spans, "charge_card")
    assert root["status"] == "error" and tool["status"] == "error"
    assert tool["statusMessage"] == "payment provider unavailable"
    assert parent_of(tool) == root["spanId"]


def check_fastapi_ask(spans: List[Span], trace_id: str, remote_parent: Optional[str] = None) -> None:
    assert_single_trace(spans, trace_id)
    assert len(spans) == 5, [s["name"] for s in spans]
    root = one(spans, "POST /ask")
    assert root["kind"] == "agent" and root["status"] == "ok" and parent_of(root) == remote_parent
    handler = one(spans, "ask")
    assert handler["kind"] == "chain" and parent_of(handler) == root["spanId"]
    assert handler["input"] == {"body": {"question": "where is my order?"}}
    for name in ("search_docs", "lookup", "generate"):
        s = one(spans, name)
        assert parent_of(s) == handler["spanId"] and s["status"] == "ok", name


def check_fastapi_failed_order(spans: List[Span], trace_id: str) -> None:
    assert_single_trace(spans, trace_id)
    assert len(spans) == 3, [s["name"] for s in spans]
    root = one(spans, "GET /orders/{order_id}")
    handler = one(spans, "order")
    tool = one(spans, "lookup")
    assert [root["status"], handler["status"], tool["status"]] == ["error", "error", "error"]
    assert tool["statusMessage"] == "order service failed for order -1"
    assert handler["statusMessage"] == "order service failed for order -1"
    assert root["statusMessage"] == "HTTP 502" and root["attributes"]["http.status_code"] == 502
    assert parent_of(handler) == root["spanId"] and parent_of(tool) == handler["spanId"]


def check_fastapi_stream(spans: List[Span], trace_id: str) -> None:
    assert_single_trace(spans, trace_id)
    assert len(spans) == 2, [s["name"] for s in spans]
    root = one(spans, "GET /stream")
    gen = one(spans, "token_stream")
    assert parent_of(gen) == root["spanId"] and gen["status"] == "ok"
    assert gen["output"] == "streaming an answer to: tokens "


def trace_id_of(traceparent: str) -> str:
    return traceparent.split("-")[1]
