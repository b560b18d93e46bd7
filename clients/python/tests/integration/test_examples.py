"""Each example runs against the real stack; its traces are read back through ``obs.api``."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from agentobs._span import new_span_id, new_trace_id

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
from .conftest import read_trace, spans_of


@pytest.fixture
def example(stack):
    loaded = []

    def load(name):
        module = load_example(name)
        loaded.append(module)
        return module

    yield load
    for module in loaded:
        module.obs.shutdown(timeout=5)


def test_basic_example(example):
    basic = example("basic")
    first, second = basic.main()
    assert basic.obs.flush(timeout=15).ok, basic.obs.stats
    check_basic_trace(spans_of(read_trace(basic.obs, first, 6)), first, failed_lookup=True)
    check_basic_trace(spans_of(read_trace(basic.obs, second, 5)), second, failed_lookup=False)


def test_flask_example(example):
    flask_app = example("flask")
    client = flask_app.app.test_client()
    remote_trace, remote_span = new_trace_id(), new_span_id()

    resp = client.post(
        "/ask", json={"question": "where is my order?"}, headers={"traceparent": f"00-{remote_trace}-{remote_span}-01"}
    )
    assert resp.status_code == 200 and resp.get_json()["traceId"] == remote_trace
    fresh = client.post("/ask", json={"question": "hi"})
    fresh_trace = trace_id_of(fresh.headers["traceparent"])
    failed = client.post("/checkout")
    assert failed.status_code == 500
    failed_trace = trace_id_of(failed.headers["traceparent"])
    assert flask_app.obs.flush(timeout=15).ok, flask_app.obs.stats

    obs = flask_app.obs
    check_flask_ask(spans_of(read_trace(obs, remote_trace, 3)), remote_trace, remote_parent=remote_span)
    check_flask_ask(spans_of(read_trace(obs, fresh_trace, 3)), fresh_trace, remote_parent=None)
    check_flask_checkout(spans_of(read_trace(obs, failed_trace, 2)), failed_trace)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_fastapi_example_under_uvicorn(example):
    import uvicorn

    fastapi_app = example("fastapi")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(fastapi_app.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        remote_trace, remote_span = new_trace_id(), new_span_id()
        with httpx.Client(base_url=base, timeout=10) as http:
            resp = http.post(
                "/ask",
                json={"question": "where is my order?"},
                headers={"traceparent": f"00-{remote_trace}-{remote_span}-01"},
            )
            assert resp.status_code == 200 and resp.json()["traceId"] == remote_trace
            fresh_trace = http.post("/ask", json={"question": "where is my order?"}).json()["traceId"]
            failed_trace = new_trace_id()
            failed = http.get("/orders/-1", headers={"traceparent": f"00-{failed_trace}-{new_span_id()}-01"})
            assert failed.status_code == 502
            assert trace_id_of(failed.headers["traceparent"]) == failed_trace
            streamed = http.get("/stream", params={"q": "tokens"})
            assert streamed.text == "streaming an answer to: tokens "
            stream_trace = trace_id_of(streamed.headers["traceparent"])
    finally:
        server.should_exit = True
        thread.join(10)
    obs = fastapi_app.obs
    assert obs.flush(timeout=15).ok, obs.stats
    check_fastapi_ask(spans_of(read_trace(obs, remote_trace, 5)), remote_trace, remote_parent=remote_span)
    check_fastapi_ask(spans_of(read_trace(obs, fresh_trace, 5)), fresh_trace)
    check_fastapi_stream(spans_of(read_trace(obs, stream_trace, 2)), stream_trace)
    check_fastapi_failed_order(spans_of(read_trace(obs, failed_trace, 3)), failed_trace)
