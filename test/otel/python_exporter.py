"""An agent instrumented with the OpenTelemetry Python SDK, exporting to us with the official OTLP/HTTP exporter
exactly as the README tells users to: configured only by the standard environment variables
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT     e.g. http://127.0.0.1:8000/v1/traces
  OTEL_EXPORTER_OTLP_TRACES_HEADERS      e.g. x-api-key=ao_sk_...   or   authorization=Bearer%20ao_sk_...
  OTEL_EXPORTER_OTLP_TRACES_COMPRESSION  gzip (optional)

Records one GenAI agent trace (the chat's messages as span events, the older token attribute names, a failing
tool call) and prints one JSON line: the ids it recorded and the result of every export.
"""
import json

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode


class RecordingExporter(SpanExporter):
    """Delegates to the real exporter and keeps the result of each export."""

    def __init__(self, inner):
        self.inner = inner
        self.results = []

    def export(self, spans):
        result = self.inner.export(spans)
        self.results.append(result.name)
        return result

    def shutdown(self):
        self.inner.shutdown()

    def force_flush(self, timeout_millis=30000):
        return True


def span_id(span):
    return format(span.get_span_context().span_id, "016x")


def main():
    exporter = RecordingExporter(OTLPSpanExporter())
    provider = TracerProvider(resource=Resource.create({"service.name": "support-bot-py", "deployment.environment.name": "test"}))
    provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=60000))
    tracer = provider.get_tracer("agentobs-otel-e2e-py", "4.5.6")

    with tracer.start_as_current_span(
        "invoke_agent support-agent",
        kind=SpanKind.INTERNAL,
        attributes={"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "support-agent"},
    ) as agent:
        with tracer.start_as_current_span(
            "chat claude-sonnet",
            kind=SpanKind.CLIENT,
            attributes={
                "gen_ai.operation.name": "chat",
                "gen_ai.provider.name": "anthropic",
                "gen_ai.request.model": "claude-sonnet-4",
                "gen_ai.usage.prompt_tokens": 120,
                "gen_ai.usage.completion_tokens": 30,
            },
        ) as chat:
            chat.add_event("gen_ai.system.message", {"gen_ai.system": "anthropic", "content": "You are a support agent."})
            chat.add_event("gen_ai.user.message", {"gen_ai.system": "anthropic", "content": "Where is my order?"})
            chat.add_event("gen_ai.choice", {"index": 0, "finish_reason": "stop", "message": json.dumps({"role": "assistant", "content": "It ships tomorrow."})})
        with tracer.start_as_current_span(
            "execute_tool search",
            attributes={"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "search", "gen_ai.tool.call.arguments": json.dumps({"query": "order 42"})},
        ) as tool:
            with tracer.start_as_current_span("retrieve", attributes={"openinference.span.kind": "RETRIEVER", "input.value": "order 42"}) as retrieval:
                pass
        with tracer.start_as_current_span(
            "execute_tool send_email",
            attributes={"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "send_email"},
            record_exception=False,
            set_status_on_exception=False,
        ) as failing:
            failing.record_exception(ConnectionError("mailbox unavailable"))
            failing.set_status(Status(StatusCode.ERROR, "SMTP 550: mailbox unavailable"))

    provider.force_flush()
    provider.shutdown()
    print(json.dumps({
        "traceId": format(agent.get_span_context().trace_id, "032x"),
        "agent": span_id(agent),
        "chat": span_id(chat),
        "tool": span_id(tool),
        "retrieval": span_id(retrieval),
        "failing": span_id(failing),
        "results": exporter.results,
    }))


if __name__ == "__main__":
    main()
