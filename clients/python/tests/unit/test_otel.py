"""The OpenTelemetry bridge, both directions, with the real opentelemetry-sdk and OpenInference's real OpenAI
instrumentation (against a local fake OpenAI server); spans land in the fake ingestion server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.trace import SpanKind, Status, StatusCode

from agentobs._otel import map_span

from ..otel_helpers import FakeOpenAI
from .conftest import API_KEY


def _by_name(spans):
    out = {}
    for s in spans:
        assert s["name"] not in out, s["name"]
        out[s["name"]] = s
    return out


@pytest.fixture
def provider(obs):
    tp = TracerProvider(resource=Resource.create({"service.name": "unit-tests"}))
    tp.add_span_processor(obs.otel_span_processor())
    yield tp
    tp.shutdown()


def test_otel_spans_inside_our_span_are_children_in_the_same_trace(obs, collector, provider):
    tracer = provider.get_tracer("my-lib", "1.2.3")
    with obs.span("agent", kind="agent") as root:
        with tracer.start_as_current_span("otel-child", kind=SpanKind.CLIENT) as child:
            child.set_attribute("gen_ai.operation.name", "chat")
            child.set_attribute("gen_ai.request.model", "gpt-4o-mini")
            with obs.span("ours-inside-otel", kind="tool"):
                with tracer.start_as_current_span("otel-grandchild"):
                    pass
        with obs.span("sibling"):
            pass
    assert obs.current_span() is None and not trace.get_current_span().get_span_context().is_valid
    assert obs.flush(timeout=5).ok
    spans = _by_name(collector.spans)
    assert set(spans) == {"agent", "otel-child", "ours-inside-otel", "otel-grandchild", "sibling"}
    assert {s["traceId"] for s in spans.values()} == {root.trace_id}
    assert spans["otel-child"]["parentSpanId"] == spans["agent"]["spanId"]
    assert spans["ours-inside-otel"]["parentSpanId"] == spans["otel-child"]["spanId"]
    assert spans["otel-grandchild"]["parentSpanId"] == spans["ours-inside-otel"]["spanId"]
    assert spans["sibling"]["parentSpanId"] == spans["agent"]["spanId"]
    child = spans["otel-child"]
    assert child["kind"] == "llm" and child["model"] == "gpt-4o-mini"
    assert child["attributes"]["otel.scope.name"] == "my-lib" and child["attributes"]["otel.scope.version"] == "1.2.3"
    assert child["attributes"]["span.kind"] == "client"
    assert child["attributes"]["resource.service.name"] == "unit-tests"
    assert "gen_ai.request.model" not in child["attributes"]  # moved into `model`, not repeated
    assert child["status"] == "unset"


def test_our_span_inside_an_otel_span_continues_its_trace(obs, collector, provider):
    tracer = provider.get_tracer("server")
    with tracer.start_as_current_span("http-request", kind=SpanKind.SERVER) as server:
        with obs.span("agent", kind="agent") as ours:
            pass
    ctx = server.get_span_context()
    assert ours.trace_id == "%032x" % ctx.trace_id and ours.parent_span_id == "%016x" % ctx.span_id
    assert obs.flush(timeout=5).ok
    spans = _by_name(collector.spans)
    assert spans["agent"]["parentSpanId"] == spans["http-request"]["spanId"]
    assert "parentSpanId" not in spans["http-request"]
    assert spans["http-request"]["attributes"]["span.kind"] == "server"


def test_a_sampled_out_trace_stays_out_in_otel_too(make_obs, collector):
    obs = make_obs(sample_rate=0.0)
    tp = TracerProvider()  # default sampler: ParentBased(ALWAYS_ON)
    tp.add_span_processor(obs.otel_span_processor())
    with obs.span("unsampled"):
        with tp.get_tracer("x").start_as_current_span("otel-under-unsampled") as s:
            assert not s.is_recording()
    assert obs.flush(timeout=5).ok
    assert collector.spans == []


def test_openinference_openai_calls_are_children_with_model_usage_and_messages(obs, collector, provider):
    import openai
    from openinference.instrumentation.openai import OpenAIInstrumentor

    fake = FakeOpenAI()
    instrumentor = OpenAIInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        client = openai.OpenAI(api_key="sk-test", base_url=fake.url, max_retries=0)
        with obs.span("support-agent", kind="agent", input={"question": "where is my order?"}) as root:
            reply = client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "where is my order?"}]
            )
            client.embeddings.create(model="text-embedding-3-small", input="order 42")
            stream = client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "again"}], stream=True
            )
            streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
            root.set_output(reply.choices[0].message.content)
    finally:
        instrumentor.uninstrument()
        fake.close()
    assert streamed == "Your order 42 shipped."
    assert obs.flush(timeout=5).ok
    spans = collector.spans
    assert {s["traceId"] for s in spans} == {root.trace_id}
    agent = next(s for s in spans if s["name"] == "support-agent")
    chats = [s for s in spans if s["name"] == "ChatCompletion"]
    (embedding,) = [s for s in spans if s["name"] == "CreateEmbeddings"]
    assert len(chats) == 2 and len(spans) == 4
    assert all(s["parentSpanId"] == agent["spanId"] for s in chats + [embedding])
    chat = next(s for s in chats if s["usage"]["totalTokens"] == 12)
    assert chat["kind"] == "llm" and chat["model"] == "gpt-4o-mini"
    assert chat["usage"] == {"inputTokens": 7, "outputTokens": 5, "totalTokens": 12}
    assert chat["input"]["messages"] == [{"role": "user", "content": "where is my order?"}]
    assert chat["output"]["choices"][0]["message"]["content"] == "Your order 42 shipped."
    # the flattened copies of the messages are not repeated in the attributes
    assert not [k for k in chat["attributes"] if k.startswith(("llm.input_messages.", "llm.output_messages."))]
    assert "input.value" not in chat["attributes"] and "llm.token_count.total" not in chat["attributes"]
    assert chat["attributes"]["openinference.span.kind"] == "LLM"
    assert "costUsd" not in chat  # unknown, not 0
    assert embedding["kind"] == "embedding" and embedding["model"] == "text-embedding-3-small"
    streamed_span = next(s for s in chats if s is not chat)
    assert streamed_span["status"] == "ok" and streamed_span["endTime"] >= streamed_span["startTime"]


def test_the_client_registers_a_provider_when_none_is_set(collector, tmp_path):
    script = textwrap.dedent(
        f"""
        from opentelemetry import trace
        from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
        from agentobs import AgentObs
        assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)
        obs = AgentObs(api_key={API_KEY!r}, base_url={collector.url!r}, spool_dir=None)
        assert isinstance(trace.get_tracer_provider(), TracerProvider)
        tracer = trace.get_tracer("auto")  # what an instrumentation does
        with obs.span("root"):
            with tracer.start_as_current_span("auto-otel"):
                pass
        with tracer.start_as_current_span("otel-root"):
            with obs.span("ours-under-otel-root"):
                pass
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    spans = _by_name(collector.spans)
    assert spans["auto-otel"]["parentSpanId"] == spans["root"]["spanId"]
    assert spans["ours-under-otel-root"]["parentSpanId"] == spans["otel-root"]["spanId"]


def test_an_application_provider_is_left_in_place(collector):
    script = textwrap.dedent(
        f"""
        from opentelemetry import trace
        from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
        mine = TracerProvider()
        trace.set_tracer_provider(mine)
        from agentobs import AgentObs
        obs = AgentObs(api_key={API_KEY!r}, base_url={collector.url!r}, spool_dir=None)
        assert trace.get_tracer_provider() is mine
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Overriding" not in proc.stderr


def test_mapping_of_genai_events_errors_and_links(obs, collector, provider):
    tracer = provider.get_tracer("genai")
    with tracer.start_as_current_span("linked") as linked:
        pass
    with tracer.start_as_current_span("chat", links=[trace.Link(linked.get_span_context(), {"why": "retry"})]) as s:
        s.set_attribute("gen_ai.operation.name", "chat")
        s.set_attribute("gen_ai.response.model", "claude-x")
        s.set_attribute("gen_ai.usage.input_tokens", 11)
        s.set_attribute("gen_ai.usage.output_tokens", 4)
        s.add_event("gen_ai.system.message", {"content": "be brief", "gen_ai.system": "anthropic"})
        s.add_event("gen_ai.user.message", {"content": "hi"})
        s.add_event("gen_ai.choice", {"message": '{"role": "assistant", "content": "hello"}', "index": 0})
        s.add_event("custom", {"k": "v"})
        s.record_exception(ValueError("upstream 500"))
        s.set_status(Status(StatusCode.ERROR))
    with tracer.start_as_current_span("embed") as e:
        e.set_attribute("gen_ai.operation.name", "embeddings")
    for kind in ("RERANKER", "GUARDRAIL", "EVALUATOR", "RETRIEVER"):
        with tracer.start_as_current_span(f"oi-{kind}") as k:
            k.set_attribute("openinference.span.kind", kind)
    assert obs.flush(timeout=5).ok
    spans = _by_name(collector.spans)
    chat = spans["chat"]
    assert chat["kind"] == "llm" and chat["model"] == "claude-x"
    assert chat["usage"] == {"inputTokens": 11, "outputTokens": 4, "totalTokens": 15}
    assert chat["input"] == [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]
    assert chat["output"] == [{"message": {"role": "assistant", "content": "hello"}, "index": 0}]
    assert chat["status"] == "error" and chat["statusMessage"] == "ValueError: upstream 500"
    events = chat["attributes"]["otel.events"]
    assert [e["name"] for e in events] == ["custom", "exception"]
    assert chat["attributes"]["otel.links"] == [
        {"traceId": spans["linked"]["traceId"], "spanId": spans["linked"]["spanId"], "attributes": {"why": "retry"}}
    ]
    assert spans["embed"]["kind"] == "embedding"
    assert [spans[f"oi-{k}"]["kind"] for k in ("RERANKER", "GUARDRAIL", "EVALUATOR", "RETRIEVER")] == [
        "reranker", "guardrail", "evaluator", "retrieval",
    ]  # fmt: skip
    import re

    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", chat["startTime"])


def test_mapping_applies_mask_and_field_size():
    ended = []

    class Grab(SpanProcessor):
        def on_end(self, s):
            ended.append(s)

    tp = TracerProvider()
    tp.add_span_processor(Grab())
    with tp.get_tracer("m").start_as_current_span("masked") as s:
        s.set_attribute("input.value", json.dumps({"email": "ada@example.com"}))
        s.set_attribute("output.value", "x" * 500)
    wire = json.loads(map_span(ended[0], 100, lambda v: {"masked": True} if isinstance(v, dict) else v))
    assert wire["input"] == {"masked": True}
    assert wire["output"].endswith("…[truncated 502 bytes]") and len(json.dumps(wire["output"], ensure_ascii=False).encode()) <= 100


def test_otel_sees_our_span_through_baggage_tasks_threads_and_an_empty_context(obs, collector, provider):
    import asyncio
    import threading

    from opentelemetry import baggage, context

    tracer = provider.get_tracer("ctx")
    with obs.span("ours", kind="agent") as ours:
        current = trace.get_current_span().get_span_context()
        assert "%032x" % current.trace_id == ours.trace_id and "%016x" % current.span_id == ours.span_id
        token = context.attach(baggage.set_baggage("tenant", "acme"))  # derived from the current context
        with tracer.start_as_current_span("after-baggage"):
            pass
        context.detach(token)

        async def in_task():
            with tracer.start_as_current_span("in-task"):
                await asyncio.sleep(0)

        async def main():
            await asyncio.gather(in_task(), in_task())

        asyncio.run(main())
        t = threading.Thread(target=obs.wrap(lambda: tracer.start_span("in-thread").end()))
        t.start()
        t.join()
        token = context.attach(context.Context())  # deliberately no parent: OpenTelemetry starts a new trace
        with tracer.start_as_current_span("detached"):
            with obs.span("ours-under-detached"):
                pass
        context.detach(token)
        with obs.span("ours-again") as again:
            assert trace.get_current_span().get_span_context().span_id == int(again.span_id, 16)
    assert not trace.get_current_span().get_span_context().is_valid
    assert obs.flush(timeout=5).ok
    spans = collector.spans
    by = {}
    for s in spans:
        by.setdefault(s["name"], []).append(s)
    root = by["ours"][0]
    for name in ("after-baggage", "in-task", "in-thread", "ours-again"):
        assert all(s["parentSpanId"] == root["spanId"] and s["traceId"] == root["traceId"] for s in by[name]), name
    assert len(by["in-task"]) == 2
    detached = by["detached"][0]
    assert "parentSpanId" not in detached and detached["traceId"] != root["traceId"]
    assert by["ours-under-detached"][0]["parentSpanId"] == detached["spanId"]
