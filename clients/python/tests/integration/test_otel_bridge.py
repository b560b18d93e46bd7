"""OpenTelemetry in both directions, read back from the real API: OpenInference's real OpenAI
instrumentation (against a local fake OpenAI server) and a plain opentelemetry-sdk tracer, mixed with our
own spans in one trace with the right parents."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind

from agentobs import AgentObs

from ..otel_helpers import FakeOpenAI
from .conftest import read_trace, spans_of


def _one(spans, name):
    found = [s for s in spans if s["name"] == name]
    assert len(found) == 1, (name, [s["name"] for s in spans])
    return found[0]


@pytest.fixture
def obs(stack):
    client = AgentObs(api_key=stack["api_key"], base_url=stack["base_url"], flush_interval=0.2, spool_dir=None)
    yield client
    client.shutdown(timeout=5)


def test_openinference_and_a_plain_tracer_in_one_trace_both_directions(obs):
    import openai
    from openinference.instrumentation.openai import OpenAIInstrumentor

    provider = TracerProvider(resource=Resource.create({"service.name": "sdk-it"}))
    provider.add_span_processor(obs.otel_span_processor())
    tracer = provider.get_tracer("plain-tracer")
    fake = FakeOpenAI()
    instrumentor = OpenAIInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        client = openai.OpenAI(api_key="sk-test", base_url=fake.url, max_retries=0)
        # OpenTelemetry outside, ours inside, OpenTelemetry again inside ours
        with tracer.start_as_current_span("POST /chat", kind=SpanKind.SERVER) as server:
            with obs.span("support-agent", kind="agent", input={"question": "where is my order?"}) as agent:
                client.embeddings.create(model="text-embedding-3-small", input="where is my order?")
                with obs.span("answer", kind="chain"):
                    reply = client.chat.completions.create(
                        model="gpt-4o-mini", messages=[{"role": "user", "content": "where is my order?"}]
                    )
                with tracer.start_as_current_span("post-process") as post:
                    post.set_attribute("gen_ai.operation.name", "execute_tool")
                    with obs.span("format", kind="tool") as fmt:
                        fmt.set_output(reply.choices[0].message.content.upper())
                agent.set_output(reply.choices[0].message.content)
    finally:
        instrumentor.uninstrument()
        fake.close()
        provider.shutdown()
    trace_id = "%032x" % server.get_span_context().trace_id
    assert agent.trace_id == trace_id
    assert obs.flush(timeout=15).ok, obs.stats()

    spans = spans_of(read_trace(obs, trace_id, 7))
    assert len(spans) == 7 and {s["traceId"] for s in spans} == {trace_id}
    root = _one(spans, "POST /chat")
    agent_s = _one(spans, "support-agent")
    embed = _one(spans, "CreateEmbeddings")
    answer = _one(spans, "answer")
    chat = _one(spans, "ChatCompletion")
    post = _one(spans, "post-process")
    fmt = _one(spans, "format")
    assert not root.get("parentSpanId")
    assert agent_s["parentSpanId"] == root["spanId"]  # ours continues the OpenTelemetry trace
    assert embed["parentSpanId"] == agent_s["spanId"]  # OpenTelemetry spans under ours
    assert answer["parentSpanId"] == agent_s["spanId"] and chat["parentSpanId"] == answer["spanId"]
    assert post["parentSpanId"] == agent_s["spanId"] and fmt["parentSpanId"] == post["spanId"]
    assert agent_s["kind"] == "agent" and answer["kind"] == "chain" and fmt["kind"] == "tool"
    assert post["kind"] == "tool" and embed["kind"] == "embedding"
    assert chat["kind"] == "llm" and chat["model"] == "gpt-4o-mini"
    assert chat["usage"] == {"inputTokens": 7, "outputTokens": 5, "totalTokens": 12}
    assert chat["input"]["messages"] == [{"role": "user", "content": "where is my order?"}]
    assert chat["output"]["choices"][0]["message"]["content"] == "Your order 42 shipped."
    attrs = chat.get("attributes") or {}
    assert not [k for k in attrs if k.startswith(("llm.input_messages.", "llm.output_messages."))]
    assert attrs["resource.service.name"] == "sdk-it" and attrs["otel.scope.name"].startswith("openinference")
    assert chat.get("costUsd") is None  # unknown, not 0
    assert root["attributes"]["span.kind"] == "server"
    assert fmt["output"] == "YOUR ORDER 42 SHIPPED."


def test_auto_registered_provider_sends_instrumented_calls(stack):
    """No tracer provider set: the client registers one, and OpenInference (instrumented without a
    provider, as its docs show) reaches the API through it."""
    script = textwrap.dedent(
        f"""
        import openai
        from openinference.instrumentation.openai import OpenAIInstrumentor
        from agentobs import AgentObs
        from tests.otel_helpers import FakeOpenAI

        obs = AgentObs(api_key={stack["api_key"]!r}, base_url={stack["base_url"]!r}, spool_dir=None)
        OpenAIInstrumentor().instrument()
        fake = FakeOpenAI()
        client = openai.OpenAI(api_key="sk-test", base_url=fake.url, max_retries=0)
        with obs.span("auto-agent", kind="agent") as root:
            client.chat.completions.create(model="gpt-4o-mini", messages=[{{"role": "user", "content": "hi"}}])
        print(root.trace_id)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))  # clients/python: tests.*
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    trace_id = proc.stdout.strip().splitlines()[-1]
    reader = AgentObs(api_key=stack["api_key"], base_url=stack["base_url"], spool_dir=None)
    try:
        spans = spans_of(read_trace(reader, trace_id, 2))
    finally:
        reader.shutdown(timeout=1)
    chat = _one(spans, "ChatCompletion")
    assert chat["parentSpanId"] == _one(spans, "auto-agent")["spanId"] and chat["kind"] == "llm"
