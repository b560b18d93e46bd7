"""Spans: one timed operation of an agent run.

A ``Span`` records; a ``NonRecordingSpan`` stands in for spans of traces that were sampled out
(it carries the trace and span ids so nesting and ``traceparent`` propagation still work, and
ignores every setter). Both are context managers (``with`` and ``async with``).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
import traceback
from random import getrandbits
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple

from . import _context
from ._context import CURRENT_SPAN, activate, deactivate
from ._serialize import _NO_CUT, encode_field, encode_span, to_jsonable

if TYPE_CHECKING:  # pragma: no cover
    from ._client import AgentObs

__all__ = ["Span", "NonRecordingSpan", "KINDS", "STATUSES", "parse_traceparent", "new_trace_id", "new_span_id"]

KINDS = frozenset(
    {"agent", "llm", "tool", "retrieval", "embedding", "reranker", "guardrail", "evaluator", "chain", "other"}
)
STATUSES = frozenset({"ok", "error", "unset"})

MAX_NAME = 256
MAX_MODEL = 256
MAX_STATUS_MESSAGE = 4096
MAX_OPEN_TRACKED = 100_000  # spans left open forever (a bug) must not grow memory without bound

_time_ns = time.time_ns
_set = CURRENT_SPAN.set

_TRACEPARENT_RE = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")


def new_trace_id() -> str:
    tid = getrandbits(128)
    while not tid:  # all-zero ids are invalid in W3C trace context
        tid = getrandbits(128)
    return "%032x" % tid


def new_span_id() -> str:
    sid = getrandbits(64)
    while not sid:
        sid = getrandbits(64)
    return "%016x" % sid


def sampled_by_trace_id(trace_id: str, rate: float) -> bool:
    """The sampling decision for a new trace, the same in the API and the TypeScript SDK: kept when the
    first 48 bits of SHA-256(lowercase trace id), as a fraction of 2**48, are below ``rate`` (shared test
    vectors: ``clients/testdata/sampling.json``). Hashing keeps it uniform for ids that are not random."""
    if rate >= 1.0:
        return True
    if not rate > 0.0:
        return False
    h = hashlib.sha256(trace_id.lower().encode("ascii", "replace")).digest()
    return int.from_bytes(h[:6], "big") / 281474976710656.0 < rate


def parse_traceparent(header: Optional[str]) -> Optional[Tuple[str, str, bool]]:
    """``"00-<trace id>-<span id>-<flags>"`` → ``(trace_id, span_id, sampled)``; ``None`` if invalid."""
    if not header or not isinstance(header, str):
        return None
    m = _TRACEPARENT_RE.match(header.strip().lower())
    if m is None:
        return None
    version, trace_id, span_id, flags, rest = m.groups()
    if version == "ff" or (version == "00" and rest):
        return None
    if trace_id == "0" * 32 or span_id == "0" * 16:
        return None
    return trace_id, span_id, bool(int(flags, 16) & 1)


def _status_message(exc: BaseException) -> str:
    try:
        msg = str(exc)
    except Exception:
        msg = ""
    if not msg:
        msg = type(exc).__name__
    return msg[:MAX_STATUS_MESSAGE]


class Span:
    """A recording span. Create one with ``obs.span(...)`` or ``@observe``.

    Use it as a context manager; while inside, it is the active span (``obs.current_span()``) and
    spans created there are its children. Leaving it records the end time and status: ``error``
    with the exception's message when an exception escapes (the exception is re-raised untouched),
    ``ok`` otherwise unless ``set_status`` chose otherwise.
    """

    __slots__ = (
        "_obs",
        "trace_id",
        "span_id",
        "parent_span_id",
        "name",
        "kind",
        "start_ns",
        "end_ns",
        "status",
        "status_message",
        "input_json",
        "output_json",
        "attributes",
        "model",
        "usage",
        "cost_usd",
        "_token",
        "_qsize",
        "_octx",
        "_ocache",
    )

    is_recording = True

    def __init__(
        self,
        obs: AgentObs,
        name: str,
        kind: str,
        trace_id: str,
        parent_span_id: Optional[str],
    ) -> None:
        self._obs = obs
        self.trace_id = trace_id
        self.span_id = "%016x" % (getrandbits(64) or 1)
        self.parent_span_id = parent_span_id
        self.name = name if type(name) is str and len(name) <= MAX_NAME else str(name)[:MAX_NAME]
        self.kind = kind
        self.start_ns = _time_ns()
        self.end_ns: Optional[int] = None
        self.status = "unset"
        self.status_message: Optional[str] = None
        self.input_json: Optional[str] = None
        self.output_json: Optional[str] = None
        self.attributes: Optional[Dict[str, Any]] = None
        self.model: Optional[str] = None
        self.usage: Optional[Dict[str, int]] = None
        self.cost_usd: Optional[float] = None
        self._token = None
        opened = obs._transport.open_spans
        if len(opened) < MAX_OPEN_TRACKED:  # ended by shutdown if still open then (see _abandon)
            opened[id(self)] = self

    # -- context management ------------------------------------------------------------------

    def __enter__(self) -> Span:
        mark = _context.otel_mark  # activate(self), inlined: this is the hot path
        if mark is not None:
            self._octx = mark()
            self._token = _set(self)
            return self
        attach = _context.otel_attach
        self._token = _set(self) if attach is None else (_set(self), attach(self))
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        token = self._token
        if token is not None:
            self._token = None
            deactivate(token)  # a no-op when exited in another context than it was entered in
        if exc is not None:
            self._record_failure(exc)
        self.end()
        return False  # never swallow the exception

    async def __aenter__(self) -> Span:
        return self.__enter__()

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        return self.__exit__(exc_type, exc, tb)

    # -- setters -------------------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.end_ns is not None

    def set_input(self, value: Any) -> Span:
        """Record the span's input (JSON-safe copy, masked and truncated per the client's settings)."""
        if self.end_ns is None:
            obs = self._obs
            self.input_json = encode_field(value, obs.max_field_size, obs.mask)
        return self

    def set_output(self, value: Any) -> Span:
        """Record the span's output (JSON-safe copy, masked and truncated per the client's settings)."""
        if self.end_ns is None:
            obs = self._obs
            self.output_json = encode_field(value, obs.max_field_size, obs.mask)
        return self

    def set_attribute(self, key: str, value: Any) -> Span:
        return self.set_attributes({key: value})

    def set_attributes(self, attributes: Mapping[str, Any]) -> Span:
        """Merge ``attributes`` (a mapping of string keys to JSON-able values) into the span's."""
        if self.end_ns is not None or not attributes:
            return self
        attrs = self.attributes
        if attrs is None:
            attrs = self.attributes = {}
        # Captured now (later mutation cannot change it); strings are cut to max_field_size bytes and the
        # key limits applied when the span is encoded (attributes_wire), as the TypeScript SDK does.
        for key, value in attributes.items():
            attrs[key if type(key) is str else str(key)] = to_jsonable(value, _NO_CUT)
        return self

    def set_usage(
        self,
        input_tokens: Optional[int] = None,
        output_tokens: Optional[int] = None,
        total_tokens: Optional[int] = None,
    ) -> Span:
        """Record token usage; ``total_tokens`` defaults to input + output."""
        if self.end_ns is not None:
            return self
        try:
            i = int(input_tokens or 0)
            o = int(output_tokens or 0)
            t = int(total_tokens) if total_tokens is not None else i + o
        except (TypeError, ValueError):
            return self
        self.usage = {"inputTokens": i, "outputTokens": o, "totalTokens": t}
        return self

    def set_model(self, model: Optional[str]) -> Span:
        if self.end_ns is None:
            self.model = None if model is None else str(model)[:MAX_MODEL]
        return self

    def set_cost(self, cost_usd: Optional[float]) -> Span:
        """Record the cost of this span in US dollars (``costUsd``). ``None`` (the default) means unknown:
        no cost is sent, so the trace's total stays unknown rather than 0."""
        if self.end_ns is None:
            try:
                cost = None if cost_usd is None else float(cost_usd)
            except (TypeError, ValueError):
                return self
            self.cost_usd = cost if cost is None or (math.isfinite(cost) and cost >= 0) else None
        return self

    def set_name(self, name: str) -> Span:
        if self.end_ns is None:
            self.name = str(name)[:MAX_NAME]
        return self

    def set_status(self, status: str, message: Optional[str] = None) -> Span:
        """Set ``"ok"``, ``"error"`` or ``"unset"`` (and optionally a message) explicitly."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {sorted(STATUSES)}, got {status!r}")
        if self.end_ns is None:
            self.status = status
            self.status_message = None if message is None else str(message)[:MAX_STATUS_MESSAGE]
        return self

    def record_exception(self, exc: BaseException) -> Span:
        """Mark the span ``error`` with the exception's message, type and stack trace."""
        if self.end_ns is None:
            self._record_failure(exc)
        return self

    def _record_failure(self, exc: BaseException) -> None:
        if isinstance(exc, GeneratorExit):  # a generator closed early is not a failure
            return
        self.status = "error"
        self.status_message = _status_message(exc)
        attrs = self.attributes
        if attrs is None:
            attrs = self.attributes = {}
        attrs["exception.type"] = type(exc).__qualname__
        try:
            stack = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        except Exception:  # pragma: no cover - defensive
            stack = ""
        limit = self._obs.max_field_size
        attrs["exception.stacktrace"] = stack[-limit:] if len(stack) > limit else stack

    # -- ids and propagation ---------------------------------------------------------------------

    @property
    def traceparent(self) -> str:
        """The W3C ``traceparent`` header continuing this trace with this span as the parent."""
        return f"00-{self.trace_id}-{self.span_id}-01"

    # -- lifecycle -------------------------------------------------------------------------------

    def end(self, end_time_ns: Optional[int] = None) -> None:
        """End the span and hand it to the background sender. Later calls do nothing."""
        if self.end_ns is not None:
            return
        self.end_ns = end_time_ns if end_time_ns is not None else _time_ns()
        if self.status == "unset":
            self.status = "ok"
        transport = self._obs._transport
        transport.open_spans.pop(id(self), None)
        transport.enqueue(self)

    def _abandon(self, reason: str) -> None:
        """End a span still open when the client shuts down (``reason``: ``shutdown``, ``exit``, ``sigterm``):
        marked with the attribute ``agentobs.unfinished``, its status left as it was (``unset`` unless set)."""
        if self.end_ns is not None:
            return
        attrs = self.attributes
        if attrs is None:
            attrs = self.attributes = {}
        attrs["agentobs.unfinished"] = reason
        self.end_ns = _time_ns()
        transport = self._obs._transport
        transport.open_spans.pop(id(self), None)
        transport.enqueue(self)

    def _to_wire(self) -> bytes:
        """The span's JSON in the API's wire format (called by the sender, not the caller)."""
        return encode_span(self)

    def __repr__(self) -> str:
        return (
            f"<Span {self.name!r} kind={self.kind} trace_id={self.trace_id} span_id={self.span_id}"
            f" parent={self.parent_span_id} status={self.status}>"
        )


class NonRecordingSpan:
    """A span of a sampled-out trace: keeps ids for nesting and propagation, records nothing."""

    __slots__ = ("trace_id", "span_id", "parent_span_id", "name", "kind", "_token", "end_ns", "_octx", "_ocache")

    is_recording = False

    def __init__(self, name: str, kind: str, trace_id: str, parent_span_id: Optional[str]) -> None:
        self.trace_id = trace_id
        self.span_id = "%016x" % (getrandbits(64) or 1)
        self.parent_span_id = parent_span_id
        self.name = name
        self.kind = kind
        self._token = None
        self.end_ns: Optional[int] = None

    def __enter__(self) -> NonRecordingSpan:
        self._token = activate(self)
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        token = self._token
        if token is not None:
            self._token = None
            deactivate(token)
        self.end()
        return False

    async def __aenter__(self) -> NonRecordingSpan:
        return self.__enter__()

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        return self.__exit__(exc_type, exc, tb)

    @property
    def ended(self) -> bool:
        return self.end_ns is not None

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-00"

    def end(self, end_time_ns: Optional[int] = None) -> None:
        if self.end_ns is None:
            self.end_ns = end_time_ns if end_time_ns is not None else _time_ns()

    def _noop(self, *args: Any, **kwargs: Any) -> NonRecordingSpan:
        return self

    set_input = set_output = set_attribute = set_attributes = _noop
    set_usage = set_model = set_cost = set_name = record_exception = _noop

    def set_status(self, status: str, message: Optional[str] = None) -> NonRecordingSpan:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {sorted(STATUSES)}, got {status!r}")
        return self

    def __repr__(self) -> str:
        return f"<NonRecordingSpan {self.name!r} trace_id={self.trace_id} span_id={self.span_id}>"
