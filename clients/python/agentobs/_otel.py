"""The OpenTelemetry bridge (used when ``opentelemetry-api`` is installed; never required).

Both directions:

* **OpenTelemetry inside ``obs.span(...)``.** While one of our spans is active it is also OpenTelemetry's
  current span (a ``NonRecordingSpan`` mirror carrying its ids, set in OpenTelemetry's context next to
  ours), so spans that instrumentations create there are its children in the same trace. They reach the
  API through ``obs.otel_span_processor()``, a ``SpanProcessor`` (needs ``opentelemetry-sdk``) that maps
  each ended span onto the API's span model — the same mapping the API applies to OTLP (GenAI semantic
  conventions, OpenInference, OpenLLMetry) — and hands it to the client's buffer, so OpenTelemetry spans
  get the same retries, spool and drop accounting as ours. When no tracer provider is registered, the
  client registers one with that processor itself.
* **``obs.span(...)`` inside an OpenTelemetry span** continues that trace as its child (see
  ``current_otel_parent``).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple

from . import _context
from ._serialize import _NO_CUT, attributes_wire, encode_field, format_time, to_jsonable
from ._span import sampled_by_trace_id

if TYPE_CHECKING:  # pragma: no cover
    from ._client import AgentObs

logger = logging.getLogger("agentobs")

try:  # the API alone is enough to link both directions
    from opentelemetry import context as _ocontext
    from opentelemetry import trace as _otrace
    from opentelemetry.trace import NonRecordingSpan as _ONonRecordingSpan
    from opentelemetry.trace import SpanContext as _SpanContext
    from opentelemetry.trace import TraceFlags as _TraceFlags

    AVAILABLE = True
except Exception:  # pragma: no cover - exercised where OpenTelemetry is not installed
    AVAILABLE = False

__all__ = ["AVAILABLE", "current_otel_parent", "span_processor", "auto_register", "OtelItem", "map_span"]

_SAMPLED = None
_NOT_SAMPLED = None

if AVAILABLE:
    _SAMPLED = _TraceFlags(_TraceFlags.SAMPLED)
    _NOT_SAMPLED = _TraceFlags(_TraceFlags.DEFAULT)
    _get_current_span = _otrace.get_current_span
    _set_span_in_context = _otrace.set_span_in_context
    _attach = _ocontext.attach
    _detach = _ocontext.detach

    class _Mirror(_ONonRecordingSpan):
        """Our active span as OpenTelemetry sees it; its SpanContext is built only when asked for."""

        _ctx: Any = None  # built on first use

        def __init__(self, span: Any) -> None:  # no super().__init__: the context is lazy
            self._span = span

        @property
        def _context(self) -> Any:  # what NonRecordingSpan's methods read
            ctx = self._ctx
            if ctx is None:
                s = self._span
                ctx = self._ctx = _SpanContext(
                    int(s.trace_id, 16),
                    int(s.span_id, 16),
                    is_remote=False,
                    trace_flags=_SAMPLED if s.is_recording else _NOT_SAMPLED,
                )
            return ctx

        def get_span_context(self) -> Any:
            return self._context

    def _attach_span(span: Any) -> Any:
        return _attach(_set_span_in_context(_Mirror(span)))

    _context.otel_attach = _attach_span
    _context.otel_detach = _detach
    _fast_get: Any = None
    _LAZY = False

    # The usual way (the span hot path is measured against OpenTelemetry's own cost): with OpenTelemetry's
    # default contextvars runtime context, nothing is written into OpenTelemetry's context when our span
    # becomes active; the span only remembers OpenTelemetry's current context at that moment (``_octx``).
    # OpenTelemetry's ``get_current()`` — what every read of its context goes through — is wrapped: while
    # OpenTelemetry's context is still the one our active span saw (nothing of OpenTelemetry's was entered
    # since), it answers that context plus our span as the current span, built on first use and cached on
    # the span; otherwise OpenTelemetry's own context is newer and is answered as it is (and anything derived
    # from the wrapped answer — an OpenTelemetry child span, baggage — already holds our span). Anything
    # unexpected (a custom runtime context, missing internals): the eager way above, through the public API.
    try:
        from contextvars import ContextVar as _ContextVar

        from opentelemetry.context.context import Context as _OContext
        from opentelemetry.trace.propagation import _SPAN_KEY

        _runtime = _ocontext._RUNTIME_CONTEXT
        _var = getattr(_runtime, "_current_context", None)
        if type(_runtime).__name__ == "ContextVarsRuntimeContext" and isinstance(_var, _ContextVar):
            _fast_get = _var.get
            _ours_get = _context.CURRENT_SPAN.get
            _dict_setitem = dict.__setitem__
            _new = object.__new__

            def _with_our_span(current: Any, span: Any) -> Any:
                cache = getattr(span, "_ocache", None)
                if cache is not None and cache[0] is current:
                    return cache[1]
                mirror = _new(_Mirror)  # _Mirror(span) without a Python-level __init__ call
                mirror._span = span
                ctx = _OContext(current)
                _dict_setitem(ctx, _SPAN_KEY, mirror)
                span._ocache = (current, ctx)
                return ctx

            def _get_current() -> Any:
                current = _fast_get()
                ours = _ours_get()
                if ours is None or getattr(ours, "_octx", None) is not current:
                    return current
                return _with_our_span(current, ours)

            _get_current._agentobs = True  # type: ignore[attr-defined]
            if not getattr(_runtime.get_current, "_agentobs", False):
                _runtime.get_current = _get_current  # an instance attribute: wraps only this runtime context
            _context.otel_mark = _fast_get
            _context.otel_attach = None
            _context.otel_detach = None
            _LAZY = True
    except Exception:  # pragma: no cover - an OpenTelemetry release without these internals
        _fast_get = None
        _LAZY = False


def current_otel_parent() -> Optional[Tuple[Any, Optional[Tuple[str, str, bool]]]]:
    """The parent of a new span by OpenTelemetry's context: ``None`` when OpenTelemetry has no valid current
    span (then our active span, if any, is the parent); ``(our_span, None)`` when the current span is one of
    ours; ``(None, (trace_id, span_id, sampled))`` for a span OpenTelemetry made."""
    if _LAZY:
        current_ctx = _fast_get()
        ours = _ours_get()
        if ours is not None and getattr(ours, "_octx", None) is current_ctx:
            return ours, None  # ours is the innermost: nothing of OpenTelemetry's was entered since
        current = current_ctx.get(_SPAN_KEY)
        if current is None:
            return None
        if type(current) is _Mirror:
            return current._span, None
        if not isinstance(current, _otrace.Span):
            return None
    else:
        current = _get_current_span()
        if type(current) is _Mirror:
            return current._span, None
    ctx = current.get_span_context()
    if not ctx.is_valid:
        return None
    return None, ("%032x" % ctx.trace_id, "%016x" % ctx.span_id, bool(ctx.trace_flags & 1))


# -- the span processor --------------------------------------------------------------------------------

_processor_classes: Dict[str, Any] = {}


def _processor_base() -> Any:
    from opentelemetry.sdk.trace import SpanProcessor

    return SpanProcessor


def span_processor(resolve: Any) -> Any:
    """A ``SpanProcessor`` handing every ended span to the client ``resolve()`` returns."""
    cls = _processor_classes.get("cls")
    if cls is None:

        class AgentObsSpanProcessor(_processor_base()):  # type: ignore[misc]
            """Sends the spans of an OpenTelemetry ``TracerProvider`` to Agent Monitoring (through the
            ``AgentObs`` client's buffer: same batching, retries, spool and drop accounting)."""

            def __init__(self, resolve: Any) -> None:
                self._resolve = resolve

            def on_start(self, span: Any, parent_context: Any = None) -> None:
                pass

            def on_end(self, span: Any) -> None:
                try:
                    obs = self._resolve()
                    if obs is None:
                        return
                    ctx = span.context
                    if ctx is None or not (ctx.trace_flags & 1):
                        return  # recorded but not sampled
                    obs._transport.enqueue(OtelItem(span, obs))
                except Exception:  # never break the instrumented code
                    logger.debug("agentobs: could not take an OpenTelemetry span", exc_info=True)

            def shutdown(self) -> None:
                pass  # the client shuts down by itself (exit hooks); a provider's shutdown must not stop it

            def force_flush(self, timeout_millis: int = 30000) -> bool:
                obs = self._resolve()
                return True if obs is None else obs.flush(timeout=timeout_millis / 1000).ok

        cls = _processor_classes["cls"] = AgentObsSpanProcessor
    return cls(resolve)


def trace_id_sampler(sample_rate: float) -> Any:
    """An OpenTelemetry sampler for new traces that decides by the SDKs' and the API's rule
    (``sampled_by_trace_id``), not by OpenTelemetry's ``TraceIdRatioBased`` (low 64 bits of the id)."""
    from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult

    class AgentObsTraceIdSampler(Sampler):
        def should_sample(self, parent_context: Any, trace_id: int, *args: Any, **kwargs: Any) -> Any:
            keep = sampled_by_trace_id("%032x" % trace_id, sample_rate)
            return SamplingResult(Decision.RECORD_AND_SAMPLE if keep else Decision.DROP)

        def get_description(self) -> str:
            return "AgentObsTraceIdSampler{%s}" % sample_rate

    return AgentObsTraceIdSampler()


_auto_lock = threading.Lock()
_auto_registered = False


def auto_register(resolve: Any, sample_rate: float) -> bool:
    """Register a TracerProvider with our processor when no provider is registered (and the SDK is
    installed): its sampler keeps traces OpenTelemetry starts at ``sample_rate`` and otherwise follows
    the parent (ours included). The processor sends to the most recent client. Returns whether it did."""
    global _auto_registered
    with _auto_lock:
        if _auto_registered:
            return False
        try:
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.sampling import ParentBased
        except Exception:
            return False
        if not isinstance(_otrace.get_tracer_provider(), _otrace.ProxyTracerProvider):
            return False  # the application has its own: it adds obs.otel_span_processor() itself
        provider = TracerProvider(sampler=ParentBased(trace_id_sampler(sample_rate)))
        provider.add_span_processor(span_processor(resolve))
        _otrace.set_tracer_provider(provider)
        _auto_registered = isinstance(_otrace.get_tracer_provider(), TracerProvider)
        return _auto_registered


# -- mapping (kept the same as the API's OTLP mapping, src/modules/otel/otlp/span-mapper.ts) ----------

OPERATION_KINDS = {
    "chat": "llm",
    "text_completion": "llm",
    "generate_content": "llm",
    "embeddings": "embedding",
    "execute_tool": "tool",
    "invoke_agent": "agent",
    "create_agent": "agent",
}
OPENINFERENCE_KINDS = {
    "llm": "llm",
    "embedding": "embedding",
    "tool": "tool",
    "agent": "agent",
    "retriever": "retrieval",
    "reranker": "reranker",
    "chain": "chain",
    "guardrail": "guardrail",
    "evaluator": "evaluator",
    "prompt": "other",
    "unknown": "other",
}
TRACELOOP_KINDS = {"workflow": "chain", "task": "chain", "agent": "agent", "tool": "tool"}
LLM_REQUEST_TYPES = {"chat": "llm", "completion": "llm", "embedding": "embedding", "rerank": "reranker"}
MODEL_KEYS = (
    "gen_ai.response.model",
    "gen_ai.request.model",
    "llm.model_name",
    "llm.response.model",
    "llm.request.model",
    "embedding.model_name",
)
INPUT_TOKEN_KEYS = (
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.prompt_tokens",
    "llm.token_count.prompt",
    "llm.usage.prompt_tokens",
)
OUTPUT_TOKEN_KEYS = (
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "llm.token_count.completion",
    "llm.usage.completion_tokens",
)
TOTAL_TOKEN_KEYS = ("llm.token_count.total", "gen_ai.usage.total_tokens", "llm.usage.total_tokens")
# (key, None) is a plain attribute; (None, (prefix, strip)) an indexed family prefix.<i>.<field>
INPUT_SOURCES = (
    ("gen_ai.input.messages", None),
    ("input.value", None),
    ("gen_ai.tool.call.arguments", None),
    ("gen_ai.prompt", None),
    (None, ("gen_ai.prompt.", None)),
    (None, ("llm.input_messages.", "message.")),
)
OUTPUT_SOURCES = (
    ("gen_ai.output.messages", None),
    ("output.value", None),
    ("gen_ai.tool.call.result", None),
    ("gen_ai.completion", None),
    (None, ("gen_ai.completion.", None)),
    (None, ("llm.output_messages.", "message.")),
)
# Flattened copies of the messages: once a span's input/output is known they would only repeat it.
FLATTENED_INPUT = ("gen_ai.prompt.", "llm.input_messages.")
FLATTENED_OUTPUT = ("gen_ai.completion.", "llm.output_messages.")
MESSAGE_EVENTS = {
    "gen_ai.system.message": "system",
    "gen_ai.user.message": "user",
    "gen_ai.assistant.message": "assistant",
    "gen_ai.tool.message": "tool",
}
DETAILS_EVENT = "gen_ai.client.inference.operation.details"
OTLP_SPAN_KINDS = {1: "server", 2: "client", 3: "producer", 4: "consumer"}  # SDK SpanKind values; INTERNAL is 0
MAX_NAME = 256
MAX_MODEL = 256
MAX_STATUS_MESSAGE = 4096
MAX_INDEX = 10_000
MAX_TOKENS = 10**12


def _str(v: Any) -> Optional[str]:
    return v if isinstance(v, str) and v != "" else None


def _present(v: Any) -> bool:
    return v is not None and v != ""


def _maybe_json(v: Any) -> Any:
    """A JSON document sent as a string attribute (messages, tool arguments) becomes that JSON."""
    if not isinstance(v, str):
        return list(v) if isinstance(v, tuple) else v
    stripped = v.lstrip(" \t\r\n")
    if not stripped or stripped[0] not in "{[":
        return v
    try:
        return json.loads(v)
    except ValueError:
        return v


def _tokens(v: Any) -> Optional[int]:
    if isinstance(v, str) and v.isdigit() and len(v) <= 13:
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int):
        return None
    return v if 0 <= v <= MAX_TOKENS else None


def _first(attrs: Dict[str, Any], keys: Iterable[str], read: Any, consumed: set) -> Any:
    for key in keys:
        v = attrs.get(key)
        if v is None:
            continue
        out = read(v)
        if out is not None:
            consumed.add(key)
            return out
    return None


def _kind(attrs: Dict[str, Any]) -> str:
    op = OPERATION_KINDS.get(_str(attrs.get("gen_ai.operation.name")) or "")
    if op:
        return op
    oi = OPENINFERENCE_KINDS.get((_str(attrs.get("openinference.span.kind")) or "").lower())
    if oi:
        return oi
    tl = TRACELOOP_KINDS.get((_str(attrs.get("traceloop.span.kind")) or "").lower())
    if tl:
        return tl
    rt = LLM_REQUEST_TYPES.get((_str(attrs.get("llm.request.type")) or "").lower())
    if rt:
        return rt
    if _str(attrs.get("gen_ai.request.model")):
        return "llm"
    return "other"


def _indexed(attrs: Dict[str, Any], prefix: str, strip: Optional[str], consumed: set) -> Optional[List[Any]]:
    items: Dict[int, Dict[str, Any]] = {}
    for key, value in attrs.items():
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix) :]
        index_text, dot, name = rest.partition(".")
        if not dot or not index_text.isdigit() or str(int(index_text)) != index_text or int(index_text) > MAX_INDEX:
            continue
        if strip and name.startswith(strip):
            name = name[len(strip) :]
        if not name:
            continue
        items.setdefault(int(index_text), {})[name] = _maybe_json(value) if isinstance(value, tuple) else value
        consumed.add(key)
    if not items:
        return None
    return [items[i] for i in sorted(items)]


def _from_attributes(attrs: Dict[str, Any], sources: Any, consumed: set) -> Any:
    for key, family in sources:
        if key is not None:
            v = attrs.get(key)
            if _present(v):
                consumed.add(key)
                return _maybe_json(v)
        else:
            found = _indexed(attrs, family[0], family[1], consumed)
            if found:
                return found
    return None


def _consume_families(attrs: Dict[str, Any], prefixes: Tuple[str, ...], consumed: set) -> None:
    for key in attrs:
        if key.startswith(prefixes):
            consumed.add(key)


def _from_events(events: List[Any], direction: str, used: set) -> Any:
    key = f"gen_ai.{direction}.messages"
    for e in events:
        if e.name == DETAILS_EVENT and _present((e.attributes or {}).get(key)):
            used.add(id(e))
            return _maybe_json(e.attributes[key])
    messages: List[Any] = []
    for e in events:
        if direction == "input" and e.name in MESSAGE_EVENTS:
            message: Dict[str, Any] = {"role": MESSAGE_EVENTS[e.name]}
        elif direction == "output" and e.name == "gen_ai.choice":
            message = {}
        else:
            continue
        for k, v in (e.attributes or {}).items():
            if k in ("gen_ai.system", "gen_ai.provider.name"):
                continue
            message[k] = _maybe_json(v)
        messages.append(message)
        used.add(id(e))
    if messages:
        return messages
    legacy_name = "gen_ai.content.prompt" if direction == "input" else "gen_ai.content.completion"
    legacy_key = "gen_ai.prompt" if direction == "input" else "gen_ai.completion"
    for e in events:
        if e.name == legacy_name and _present((e.attributes or {}).get(legacy_key)):
            used.add(id(e))
            return _maybe_json(e.attributes[legacy_key])
    return None


def _exception_summary(events: List[Any]) -> Optional[str]:
    for e in events:
        if e.name == "exception":
            a = e.attributes or {}
            t, m = _str(a.get("exception.type")), _str(a.get("exception.message"))
            return f"{t}: {m}" if t and m else (m or t)
    return None


class _Attributes:
    """Collects a span's attributes; ``finish`` applies the limits both SDKs share (``attributes_wire``)."""

    def __init__(self, limit: int) -> None:
        self.out: Dict[str, Any] = {}
        self.limit = limit

    def add(self, key: str, value: Any) -> None:
        self.out[key] = value

    def finish(self) -> Optional[Dict[str, Any]]:
        return attributes_wire(self.out, self.limit)


def map_span(span: Any, max_field_size: int, mask: Any) -> bytes:
    """An ended OpenTelemetry SDK span (``ReadableSpan``) in the API's wire format."""
    attrs: Dict[str, Any] = dict(span.attributes or {})
    events = list(span.events or ())
    consumed: set = set()
    used_events: set = set()

    model = _first(attrs, MODEL_KEYS, _str, consumed)
    input_tokens = _first(attrs, INPUT_TOKEN_KEYS, _tokens, consumed)
    output_tokens = _first(attrs, OUTPUT_TOKEN_KEYS, _tokens, consumed)
    total_tokens = _first(attrs, TOTAL_TOKEN_KEYS, _tokens, consumed)
    inp = _from_attributes(attrs, INPUT_SOURCES, consumed)
    if inp is None and events:
        inp = _from_events(events, "input", used_events)
    out = _from_attributes(attrs, OUTPUT_SOURCES, consumed)
    if out is None and events:
        out = _from_events(events, "output", used_events)
    if inp is not None:
        _consume_families(attrs, FLATTENED_INPUT, consumed)
        if "input.value" in consumed:
            consumed.add("input.mime_type")
    if out is not None:
        _consume_families(attrs, FLATTENED_OUTPUT, consumed)
        if "output.value" in consumed:
            consumed.add("output.mime_type")

    status_code = getattr(getattr(span.status, "status_code", None), "value", 0)
    description = getattr(span.status, "description", None) or None
    status = "error" if status_code == 2 else "ok" if status_code == 1 else "unset"
    status_message = (description or _exception_summary(events)) if status == "error" else description

    limit = max_field_size
    attributes = _Attributes(limit)
    for key, value in attrs.items():
        if key not in consumed:
            attributes.add(key, to_jsonable(value, _NO_CUT))
    scope = getattr(span, "instrumentation_scope", None)
    if scope is not None:
        if scope.name:
            attributes.add("otel.scope.name", scope.name)
        if scope.version:
            attributes.add("otel.scope.version", scope.version)
    kind_value = getattr(getattr(span, "kind", None), "value", 0)
    if kind_value in OTLP_SPAN_KINDS:
        attributes.add("span.kind", OTLP_SPAN_KINDS[kind_value])
    trace_state = getattr(span.context, "trace_state", None)
    if trace_state:
        attributes.add("otel.trace_state", trace_state.to_header())
    rest = [e for e in events if id(e) not in used_events]
    if rest:
        attributes.add(
            "otel.events",
            [
                {
                    "name": e.name,
                    "time": format_time(e.timestamp),
                    **({"attributes": to_jsonable(dict(e.attributes), _NO_CUT)} if e.attributes else {}),
                }
                for e in rest
            ],
        )
    links = list(span.links or ())
    if links:
        attributes.add(
            "otel.links",
            [
                {
                    "traceId": "%032x" % link.context.trace_id,
                    "spanId": "%016x" % link.context.span_id,
                    **({"attributes": to_jsonable(dict(link.attributes), _NO_CUT)} if link.attributes else {}),
                }
                for link in links
            ],
        )
    resource = getattr(span, "resource", None)
    if resource is not None:
        for key, value in resource.attributes.items():
            attributes.add(f"resource.{key}", to_jsonable(value, _NO_CUT))

    ctx = span.context
    d: Dict[str, Any] = {"traceId": "%032x" % ctx.trace_id, "spanId": "%016x" % ctx.span_id}
    if span.parent is not None and span.parent.span_id:
        d["parentSpanId"] = "%016x" % span.parent.span_id
    d["name"] = (span.name or "(unnamed)")[:MAX_NAME]
    d["kind"] = _kind(attrs)
    d["startTime"] = format_time(span.start_time)
    if span.end_time is not None:
        d["endTime"] = format_time(span.end_time)
    d["status"] = status
    if status_message:
        d["statusMessage"] = status_message[:MAX_STATUS_MESSAGE]
    if model:
        d["model"] = model[:MAX_MODEL]
    if input_tokens is not None or output_tokens is not None or total_tokens is not None:
        i, o = input_tokens or 0, output_tokens or 0
        d["usage"] = {
            "inputTokens": i,
            "outputTokens": o,
            "totalTokens": total_tokens if total_tokens is not None else i + o,
        }
    attribute_map = attributes.finish()
    if attribute_map:
        d["attributes"] = attribute_map
    text = json.dumps(d, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    extra = ""
    if inp is not None:
        extra += ',"input":' + encode_field(inp, max_field_size, mask)
    if out is not None:
        extra += ',"output":' + encode_field(out, max_field_size, mask)
    if extra:
        text = text[:-1] + extra + "}"
    return text.encode("utf-8")


class OtelItem:
    """An ended OpenTelemetry span waiting in the client's buffer; mapped by the sender thread."""

    __slots__ = ("span", "_obs", "_qsize")

    def __init__(self, span: Any, obs: AgentObs) -> None:
        self.span = span
        self._obs = obs
        size = 600
        for value in (span.attributes or {}).values():
            size += len(value) + 40 if isinstance(value, str) else 40
        self._qsize = size

    def _to_wire(self) -> bytes:
        obs = self._obs
        return map_span(self.span, obs.max_field_size, obs.mask)
