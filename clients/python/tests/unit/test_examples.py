"""The examples, run against the fake ingestion server (the integration suite runs them for real)."""

from __future__ import annotations

import pytest

from ..expectations import (
    check_basic_trace,
    check_fastapi_ask,
    check_fastapi_failed_order,
    check_fastapi_stream,
    check_flask_ask,
    check_flask_checkout,
    load_example,
    trace_id_of,
)
from .conftest import API_KEY

REMOTE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
REMOTE_SPAN = "00f067aa0ba902b7"
INCOMING = f"00-{REMOTE_TRACE}-{REMOTE_SPAN}-01"


@pytest.fixture
def example(monkeypatch, collector):
    monkeypatch.setenv("AGENTOBS_BASE_URL", collector.url)
    monkeypatch.setenv("AGENTOBS_API_KEY", API_KEY)
    loaded = []

    def load(name):
        module = load_example(name)
        loaded.append(module)
        return module

    yield load
    for module in loaded:
        module.obs.shutdown(timeout=2)


def _trace(collector, trace_id):
    return [s for s in collector.spans if s["traceId"] == trace_id]


def test_basic_example(example, collector, capsys):
    basic = example("basic")
    first, second = basic.main()
    assert "sent=11" in capsys.readouterr().out
    check_basic_trace(_trace(collector, first), first, failed_lookup=True)
    check_basic_trace(_trace(collector, second), second, failed_lookup=False)


def test_flask_example(example, collector):
    flask_app = example("flask")
    client = flask_app.app.test_client()

    resp = client.post("/ask", json={"question": "where is my order?"}, headers={"traceparent": INCOMING})
    assert resp.status_code == 200
    assert resp.get_json()["traceId"] == REMOTE_TRACE
    assert trace_id_of(resp.headers["traceparent"]) == REMOTE_TRACE

    fresh = client.post("/ask", json={"question": "hi"})
    fresh_trace = trace_id_of(fresh.headers["traceparent"])
    assert fresh_trace != REMOTE_TRACE

    failed = client.post("/checkout")
    assert failed.status_code == 500
    failed_trace = trace_id_of(failed.headers["traceparent"])

    assert flask_app.obs.flush(timeout=5).ok
    check_flask_ask(_trace(collector, REMOTE_TRACE), REMOTE_TRACE, remote_parent=REMOTE_SPAN)
    check_flask_ask(_trace(collector, fresh_trace), fresh_trace, remote_parent=None)
    check_flask_checkout(_trace(collector, failed_trace), failed_trace)


def test_fastapi_example(example, collector):
    from fastapi.testclient import TestClient

    fastapi_app = example("fastapi")
    with TestClient(fastapi_app.app) as client:
        resp = client.post("/ask", json={"question": "where is my order?"}, headers={"traceparent": INCOMING})
        assert resp.status_code == 200 and resp.json()["traceId"] == REMOTE_TRACE
        assert trace_id_of(resp.headers["traceparent"]) == REMOTE_TRACE

        fresh = client.post("/ask", json={"question": "where is my order?"})
        fresh_trace = fresh.json()["traceId"]

        failed_trace = "5" * 32
        failed = client.get("/orders/-1", headers={"traceparent": f"00-{failed_trace}-{REMOTE_SPAN}-01"})
        assert failed.status_code == 502
        assert trace_id_of(failed.headers["traceparent"]) == failed_trace

        streamed = client.get("/stream", params={"q": "tokens"})
        assert streamed.text == "streaming an answer to: tokens "
        stream_trace = trace_id_of(streamed.headers["traceparent"])

    assert fastapi_app.obs.flush(timeout=5).ok
    check_fastapi_ask(_trace(collector, REMOTE_TRACE), REMOTE_TRACE, remote_parent=REMOTE_SPAN)
    check_fastapi_ask(_trace(collector, fresh_trace), fresh_trace)
    check_fastapi_failed_order(_trace(collector, failed_trace), failed_trace)
    check_fastapi_stream(_trace(collector, stream_trace), stream_trace)
