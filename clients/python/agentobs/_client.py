"""``AgentObs``, the tracing client, the ``observe`` decorator and the exit hooks."""

from __future__ import annotations

import atexit
import contextvars
import functools
import inspect
import io
import logging
import os
import signal
import threading
import time
import types
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar, Union, overload

from . import _otel
from ._context import CURRENT_SPAN, ContextThreadPoolExecutor, activate, deactivate, wrap
from ._span import KINDS, NonRecordingSpan, Span, new_trace_id, parse_traceparent, sampled_by_trace_id
from ._spool import Spool, default_spool_dir, key_directory
from ._transport import DropEvent, FlushResult, Stats, Transport, live_transports, logger

__all__ = ["AgentObs", "observe", "get_client"]

F = TypeVar("F", bound=Callable[..., Any])
AnySpan = Union[Span, NonRecordingSpan]

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
INGEST_PATH = "/api/v1/ingest"

_UNSET: Any = object()
_get_current = CURRENT_SPAN.get
_OTEL = _otel.AVAILABLE
_otel_parent = _otel.current_otel_parent if _OTEL else None


class AgentObs:
    """The tracing client.

    ``api_key`` and ``base_url`` default to ``AGENTOBS_API_KEY`` and ``AGENTOBS_BASE_URL``
    (``http://127.0.0.1:8000``). Ended spans wait in a bounded buffer (``max_buffer_size`` spans; when
    full the oldest are dropped) and are sent by a background thread when ``flush_at`` spans are waiting
    or every ``flush_interval`` seconds. Failed sends are retried for ``max_retry_duration`` seconds.
    ``shutdown()`` (also run at interpreter exit and on SIGTERM) flushes for at most ``shutdown_timeout``
    seconds and writes what is left to ``spool_dir`` (``None``: no spool), which the next process with
    the same key sends. ``on_drop(event)`` hears of every dropped span (``event.reason``,
    ``event.count``). ``sample_rate`` keeps that fraction of traces (decided at the root; children
    follow). Captured inputs/outputs are made JSON-safe, passed through ``mask`` and cut to
    ``max_field_size`` characters. The newest instance is the one ``@observe`` uses.
    """

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        flush_at: int = 100,
        flush_interval: float = 1.0,
        sample_rate: float = 1.0,
        max_buffer_size: int = 10_000,
        max_retry_duration: float = 300.0,
        shutdown_timeout: float = 5.0,
        spool_dir: Union[str, "os.PathLike[str]", None] = _UNSET,
        on_drop: Optional[Callable[[DropEvent], Any]] = None,
        mask: Optional[Callable[[Any], Any]] = None,
        max_field_size: int = 65_536,
    ) -> None:
        if not 0.0 <= float(sample_rate) <= 1.0:
            raise ValueError("sample_rate must be between 0 and 1")
        if flush_at < 1 or max_buffer_size < 1:
            raise ValueError("flush_at and max_buffer_size must be >= 1")
        if flush_interval <= 0:
            raise ValueError("flush_interval must be > 0")
        if max_retry_duration < 0 or shutdown_timeout < 0:
            raise ValueError("max_retry_duration and shutdown_timeout must be >= 0")
        if max_field_size < 64:
            raise ValueError("max_field_size must be >= 64")
        if mask is not None and not callable(mask):
            raise TypeError("mask must be callable")
        if on_drop is not None and not callable(on_drop):
            raise TypeError("on_drop must be callable")

        self._api_key = api_key if api_key is not None else os.environ.get("AGENTOBS_API_KEY") or None
        self.base_url = (base_url or os.environ.get("AGENTOBS_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.sample_rate = float(sample_rate)
        self.max_field_size = int(max_field_size)
        self.mask = mask
        self.shutdown_timeout = float(shutdown_timeout)
        sending = bool(self._api_key)
        if not sending:
            logger.warning("agentobs: no API key (pass api_key= or set AGENTOBS_API_KEY); spans will not be sent")
        spool: Optional[Spool] = None
        if sending and spool_dir is not None:
            default = spool_dir is _UNSET
            root = default_spool_dir() if default else os.fspath(spool_dir)
            spool = Spool(key_directory(root, self.base_url, self._api_key or ""), check_parent_owner=default)
            try:
                spool.ensure()
            except OSError as exc:
                logger.warning("agentobs: no spool (spans unsent at exit will be lost): %s: %r", spool.dir, exc)
                spool = None
        self.spool_dir: Optional[str] = spool.dir if spool is not None else None
        self._transport = Transport(
            endpoint=self.base_url + INGEST_PATH,
            api_key=self._api_key,
            flush_at=int(flush_at),
            flush_interval=float(flush_interval),
            max_buffer_size=int(max_buffer_size),
            max_retry_duration=float(max_retry_duration),
            shutdown_timeout=self.shutdown_timeout,
            spool=spool,
            on_drop=on_drop,
            enabled=sending,
        )
        self._api: Any = None
        self._api_lock = threading.Lock()
        self._processor: Any = None
        _set_default(self)
        _install_sigterm_handler()
        if _OTEL and sending:
            try:
                _otel.auto_register(_default_for_otel, self.sample_rate)
            except Exception:  # pragma: no cover - never fail construction over the bridge
                logger.debug("agentobs: could not register an OpenTelemetry tracer provider", exc_info=True)

    def __repr__(self) -> str:  # never shows the key
        return f"<AgentObs base_url={self.base_url!r} sample_rate={self.sample_rate}>"

    # -- spans -----------------------------------------------------------------------------------

    def span(
        self,
        name: str,
        *,
        kind: str = "other",
        input: Any = _UNSET,
        attributes: Optional[Dict[str, Any]] = None,
        model: Optional[str] = None,
        traceparent: Optional[str] = None,
        parent: Any = _UNSET,
    ) -> AnySpan:
        """A new span: the child of the active span (ours or OpenTelemetry's), or the root of a new trace.

        Use it as ``with obs.span(...) as span:`` or ``async with``. ``traceparent`` (a W3C header
        value) continues a trace started elsewhere; an invalid value is ignored. ``parent`` names the
        parent span explicitly (``None``: a new trace).
        """
        span = self._start(name, kind, traceparent, parent)
        if span.is_recording:
            if input is not _UNSET:
                span.set_input(input)
            if attributes:
                span.set_attributes(attributes)
            if model is not None:
                span.set_model(model)
        return span

    def start_span(
        self,
        name: str,
        *,
        kind: str = "other",
        input: Any = _UNSET,
        attributes: Optional[Dict[str, Any]] = None,
        model: Optional[str] = None,
        traceparent: Optional[str] = None,
        parent: Any = _UNSET,
    ) -> AnySpan:
        """A manual span, for callbacks and event handlers: it starts now, is not made the active span,
        and ends when you call ``span.end()`` (a second ``end()`` does nothing). Pass it as ``parent=`` to
        give it children."""
        return self.span(
            name, kind=kind, input=input, attributes=attributes, model=model, traceparent=traceparent, parent=parent
        )

    def _start(self, name: str, kind: str, traceparent: Optional[str] = None, parent: Any = _UNSET) -> AnySpan:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
        if traceparent is not None:
            remote = parse_traceparent(traceparent)
            if remote is not None:
                trace_id, parent_id, sampled = remote
                if sampled:
                    return Span(self, name, kind, trace_id, parent_id)
                self._transport.count_sampled_out()
                return NonRecordingSpan(name, kind, trace_id, parent_id)
        if parent is not _UNSET:
            p = parent
        elif _otel_parent is not None:
            found = _otel_parent()
            if found is None:
                p = _get_current()
            else:
                p, remote = found
                if remote is not None:  # an OpenTelemetry span: continue its trace
                    trace_id, parent_id, sampled = remote
                    if sampled:
                        return Span(self, name, kind, trace_id, parent_id)
                    self._transport.count_sampled_out()
                    return NonRecordingSpan(name, kind, trace_id, parent_id)
        else:
            p = _get_current()
        if p is None:
            trace_id = new_trace_id()
            # decided from the trace id by the rule the API and the TypeScript SDK use
            if self.sample_rate < 1.0 and not sampled_by_trace_id(trace_id, self.sample_rate):
                self._transport.count_sampled_out()
                return NonRecordingSpan(name, kind, trace_id, None)
            return Span(self, name, kind, trace_id, None)
        if p.is_recording:
            return Span(self, name, kind, p.trace_id, p.span_id)
        self._transport.count_sampled_out()  # sampled_out counts spans, as in the TypeScript SDK
        return NonRecordingSpan(name, kind, p.trace_id, p.span_id)

    @staticmethod
    def current_span() -> Optional[AnySpan]:
        """The active span in this context (thread, asyncio task), or ``None``."""
        return _get_current()

    def observe(
        self,
        fn: Optional[Callable[..., Any]] = None,
        *,
        name: Optional[str] = None,
        kind: str = "other",
        capture_input: bool = True,
        capture_output: bool = True,
    ) -> Any:
        """``@observe`` bound to this client instead of the most recently created one."""
        return _observe(
            lambda: self, fn, name=name, kind=kind, capture_input=capture_input, capture_output=capture_output
        )

    # -- context helpers ---------------------------------------------------------------------------

    wrap = staticmethod(wrap)

    @staticmethod
    def executor(max_workers: Optional[int] = None, **kwargs: Any) -> ContextThreadPoolExecutor:
        """A ``ThreadPoolExecutor`` whose tasks inherit the submitting code's active span."""
        return ContextThreadPoolExecutor(max_workers=max_workers, **kwargs)

    # -- OpenTelemetry -------------------------------------------------------------------------------

    def otel_span_processor(self) -> Any:
        """An OpenTelemetry ``SpanProcessor`` (needs ``opentelemetry-sdk``) that sends the spans of a
        ``TracerProvider`` through this client: ``provider.add_span_processor(obs.otel_span_processor())``.
        Not needed when no provider was registered before this client was created: the client then
        registers one itself."""
        if not _OTEL:
            raise RuntimeError("otel_span_processor() needs opentelemetry-api and opentelemetry-sdk installed")
        if self._processor is None:
            self._processor = _otel.span_processor(lambda: self)
        return self._processor

    # -- delivery --------------------------------------------------------------------------------

    def flush(self, timeout: Optional[float] = _UNSET) -> FlushResult:
        """Send everything buffered (and a spool replay under way); return within ``timeout`` seconds
        (default ``shutdown_timeout``; ``None``: wait until done)."""
        return self._transport.flush(self.shutdown_timeout if timeout is _UNSET else timeout)

    def shutdown(self, timeout: Optional[float] = None) -> FlushResult:
        """End spans still open (attribute ``agentobs.unfinished``), flush (within ``timeout``, default
        ``shutdown_timeout``), stop the sender and write what is still unsent to the spool. Runs by itself at
        interpreter exit and on SIGTERM. Spans ended afterwards are dropped (counted as ``shutdown_timeout``)."""
        return self._transport.shutdown(self.shutdown_timeout if timeout is None else timeout)

    def stats(self) -> Stats:
        """A snapshot of the delivery counters: ``buffered``, ``in_flight``, ``pending``, ``sent``,
        ``requests``, ``retries``, ``sampled_out``, ``spooled``, ``replayed``, ``dropped`` and
        ``dropped_by_reason``."""
        return self._transport.stats()

    # -- generated API client -------------------------------------------------------------------

    @property
    def api(self) -> Any:
        """The generated API client (``agentobs._generated.AuthenticatedClient``), authenticated with
        this client's API key. Use it with the generated endpoint functions, sync or async."""
        if self._api is None:
            with self._api_lock:
                if self._api is None:
                    import httpx

                    from ._generated import AuthenticatedClient

                    self._api = AuthenticatedClient(
                        base_url=self.base_url,
                        token=self._api_key or "",
                        timeout=httpx.Timeout(10.0),
                    )
        return self._api


# -- the default client ------------------------------------------------------------------------

_default: Optional[AgentObs] = None
_default_lock = threading.Lock()


def _set_default(obs: AgentObs) -> None:
    global _default
    _default = obs


def _default_for_otel() -> Optional[AgentObs]:
    """The client the auto-registered OpenTelemetry provider sends to: the most recent one."""
    return _default


def get_client() -> AgentObs:
    """The most recently created ``AgentObs``, or one built from the environment."""
    obs = _default
    if obs is None:
        with _default_lock:
            obs = _default
            if obs is None:
                obs = AgentObs()
    return obs


# -- @observe ------------------------------------------------------------------------------------


@overload
def observe(fn: F) -> F: ...


@overload
def observe(
    fn: None = None,
    *,
    name: Optional[str] = None,
    kind: str = "other",
    capture_input: bool = True,
    capture_output: bool = True,
) -> Callable[[F], F]: ...


def observe(
    fn: Optional[Callable[..., Any]] = None,
    *,
    name: Optional[str] = None,
    kind: str = "other",
    capture_input: bool = True,
    capture_output: bool = True,
) -> Any:
    """Trace every call of the decorated function as a span.

    Works on plain functions, coroutine functions, generator functions and async generator
    functions (for generators the span covers the whole iteration and the output is the yielded
    items — joined when they are all strings). The call's arguments are the input (``self``/``cls``
    left out), the return value the output. Uses the most recently created ``AgentObs`` at call time
    (or one built from the environment).
    """
    return _observe(get_client, fn, name=name, kind=kind, capture_input=capture_input, capture_output=capture_output)


def _observe(
    resolve: Callable[[], AgentObs],
    fn: Optional[Callable[..., Any]],
    *,
    name: Optional[str],
    kind: str,
    capture_input: bool,
    capture_output: bool,
) -> Any:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
    if isinstance(fn, str):  # @observe("name")
        name, fn = fn, None

    def decorate(func: F) -> F:
        if not callable(func):
            raise TypeError("@observe decorates callables")
        return _decorate(
            func, resolve, name or getattr(func, "__name__", "function"), kind, capture_input, capture_output
        )

    if fn is None:
        return decorate
    return decorate(fn)  # type: ignore[arg-type]


def _make_binder(func: Callable[..., Any]) -> Callable[[Tuple[Any, ...], Dict[str, Any]], Dict[str, Any]]:
    """A cheap args → {param: value} mapping, computed from the signature once."""
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        params = []
    positional: List[str] = []
    varargs: Optional[str] = None
    for p in params:
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            positional.append(p.name)
        elif p.kind == p.VAR_POSITIONAL:
            varargs = p.name
    skip = positional[0] if positional and positional[0] in ("self", "cls") else None
    npos = len(positional)

    def bind(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        for i, value in enumerate(args):
            if i < npos:
                out[positional[i]] = value
            elif varargs is not None:
                out.setdefault(varargs, []).append(value)
            else:
                out[f"arg{i}"] = value
        if kwargs:
            out.update(kwargs)
        if skip is not None:
            out.pop(skip, None)
        return out

    return bind


class _ItemCollector:
    """Collects a generator's yielded items for the span output (bounded)."""

    __slots__ = ("items", "count", "all_str")
    LIMIT = 1000

    def __init__(self) -> None:
        self.items: List[Any] = []
        self.count = 0
        self.all_str = True

    def add(self, item: Any) -> None:
        self.count += 1
        if self.count <= self.LIMIT:
            self.items.append(item)
            if self.all_str and not isinstance(item, str):
                self.all_str = False

    def result(self) -> Any:
        if self.items and self.all_str:
            return "".join(self.items)
        return self.items


_GENERATOR = types.GeneratorType
_ASYNC_GENERATOR = types.AsyncGeneratorType


def _stream_kind(result: Any) -> Optional[str]:
    """How a traced function's return value streams: ``"gen"``/``"agen"`` (generators), ``"aiter"`` (an
    async iterator, e.g. an SDK's stream object), ``"iter"`` (an iterator that is not a builtin one or a
    file), or ``None`` (a plain value: the span ends now)."""
    t = type(result)
    if t is _GENERATOR:
        return "gen"
    if t is _ASYNC_GENERATOR:
        return "agen"
    if t.__module__ == "builtins" or result is None:
        return None
    if hasattr(t, "__anext__") and hasattr(t, "__aiter__"):
        return "aiter"
    if hasattr(t, "__next__") and hasattr(t, "__iter__") and not isinstance(result, io.IOBase):
        return "iter"
    return None


def _finish(span: AnySpan, collect: Optional[_ItemCollector]) -> None:
    if span.end_ns is None:
        if collect is not None:
            span.set_output(collect.result())
        span.end()


def _fail(span: AnySpan, exc: BaseException) -> None:
    if span.end_ns is None:
        span.record_exception(exc)
        span.end()


def _traced_generator(span: AnySpan, gen: Any, ctx: contextvars.Context, collect: Optional[_ItemCollector]) -> Any:
    """Drive ``gen`` inside ``ctx`` (where ``span`` is active); the span ends when it is exhausted, fails or
    is closed (also when the consumer drops it: generators are closed when garbage-collected)."""
    send_value: Any = None
    to_throw: Optional[BaseException] = None
    while True:
        try:
            if to_throw is not None:
                exc, to_throw = to_throw, None
                item = ctx.run(gen.throw, exc)
            else:
                item = ctx.run(gen.send, send_value)
        except StopIteration as stop:
            _finish(span, collect)
            return stop.value
        except BaseException as exc:
            _fail(span, exc)
            raise
        if collect is not None:
            collect.add(item)
        try:
            send_value = yield item
        except GeneratorExit:
            try:
                ctx.run(gen.close)
            finally:
                _finish(span, collect)
            raise
        except BaseException as exc:
            to_throw, send_value = exc, None


async def _traced_async_generator(span: AnySpan, agen: Any, collect: Optional[_ItemCollector]) -> Any:
    """The async counterpart of ``_traced_generator`` (each step runs with ``span`` active)."""
    inner: Any = span  # the active span inside the generator body, kept between steps
    send_value: Any = None
    to_throw: Optional[BaseException] = None
    while True:
        token = activate(inner)
        try:
            if to_throw is not None:
                exc, to_throw = to_throw, None
                item = await agen.athrow(exc)
            else:
                item = await agen.asend(send_value)
        except StopAsyncIteration:
            deactivate(token)
            _finish(span, collect)
            return
        except BaseException as exc:
            deactivate(token)
            _fail(span, exc)
            raise
        inner = CURRENT_SPAN.get()
        deactivate(token)
        if collect is not None:
            collect.add(item)
        try:
            send_value = yield item
        except GeneratorExit:
            token = activate(inner)
            try:
                await agen.aclose()
            finally:
                deactivate(token)
                _finish(span, collect)
            raise
        except BaseException as exc:
            to_throw, send_value = exc, None


class _TracedIterator:
    """Wraps a returned iterator that is not a generator (e.g. an LLM SDK's stream object): the span ends
    when it is exhausted, fails, is closed or is garbage-collected; everything else is delegated."""

    def __init__(self, it: Any, span: AnySpan, collect: Optional[_ItemCollector]) -> None:
        self._agentobs_it = it
        self._agentobs_span = span
        self._agentobs_collect = collect

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> Any:
        span = self._agentobs_span
        token = activate(span)
        try:
            item = next(self._agentobs_it)
        except StopIteration:
            deactivate(token)
            _finish(span, self._agentobs_collect)
            raise
        except BaseException as exc:
            deactivate(token)
            _fail(span, exc)
            raise
        deactivate(token)
        if self._agentobs_collect is not None:
            self._agentobs_collect.add(item)
        return item

    def close(self) -> Any:
        try:
            close = getattr(self._agentobs_it, "close", None)
            return close() if close is not None else None
        finally:
            _finish(self._agentobs_span, self._agentobs_collect)

    def __enter__(self) -> Any:
        enter = getattr(self._agentobs_it, "__enter__", None)
        if enter is not None:
            enter()
        return self

    def __exit__(self, *exc_info: Any) -> Any:
        try:
            exit_ = getattr(self._agentobs_it, "__exit__", None)
            return exit_(*exc_info) if exit_ is not None else None
        finally:
            _finish(self._agentobs_span, self._agentobs_collect)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._agentobs_it, name)

    def __del__(self) -> None:
        try:
            _finish(self._agentobs_span, self._agentobs_collect)
        except Exception:  # pragma: no cover - never raise from a finalizer
            pass


class _TracedAsyncIterator:
    """The async counterpart of ``_TracedIterator`` (async iterators such as an async stream object)."""

    def __init__(self, it: Any, span: AnySpan, collect: Optional[_ItemCollector]) -> None:
        self._agentobs_it = it
        self._agentobs_span = span
        self._agentobs_collect = collect

    def __aiter__(self) -> Any:
        return self

    async def __anext__(self) -> Any:
        span = self._agentobs_span
        token = activate(span)
        try:
            item = await self._agentobs_it.__anext__()
        except StopAsyncIteration:
            deactivate(token)
            _finish(span, self._agentobs_collect)
            raise
        except BaseException as exc:
            deactivate(token)
            _fail(span, exc)
            raise
        deactivate(token)
        if self._agentobs_collect is not None:
            self._agentobs_collect.add(item)
        return item

    async def aclose(self) -> Any:
        try:
            close = getattr(self._agentobs_it, "aclose", None) or getattr(self._agentobs_it, "close", None)
            if close is not None:
                result = close()
                if inspect.isawaitable(result):
                    return await result
                return result
        finally:
            _finish(self._agentobs_span, self._agentobs_collect)

    async def close(self) -> Any:
        return await self.aclose()

    async def __aenter__(self) -> Any:
        enter = getattr(self._agentobs_it, "__aenter__", None)
        if enter is not None:
            await enter()
        return self

    async def __aexit__(self, *exc_info: Any) -> Any:
        try:
            exit_ = getattr(self._agentobs_it, "__aexit__", None)
            return (await exit_(*exc_info)) if exit_ is not None else None
        finally:
            _finish(self._agentobs_span, self._agentobs_collect)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._agentobs_it, name)

    def __del__(self) -> None:
        try:
            _finish(self._agentobs_span, self._agentobs_collect)
        except Exception:  # pragma: no cover
            pass


def _stream_result(span: AnySpan, result: Any, kind: str, capture_output: bool) -> Any:
    """Hand back ``result`` wrapped so that ``span`` ends with the stream."""
    collect = _ItemCollector() if capture_output and span.is_recording else None
    if kind == "gen":
        ctx = contextvars.copy_context()
        ctx.run(activate, span)
        return _traced_generator(span, result, ctx, collect)
    if kind == "agen":
        return _traced_async_generator(span, result, collect)
    if kind == "aiter":
        return _TracedAsyncIterator(result, span, collect)
    return _TracedIterator(result, span, collect)


def _decorate(
    func: Callable[..., Any],
    resolve: Callable[[], AgentObs],
    name: str,
    kind: str,
    capture_input: bool,
    capture_output: bool,
) -> Any:
    bind = _make_binder(func) if capture_input else None

    def start(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> AnySpan:
        span = resolve()._start(name, kind)
        if bind is not None and span.is_recording:
            span.set_input(bind(args, kwargs))
        return span

    if inspect.isasyncgenfunction(func):

        @functools.wraps(func)
        async def async_gen_wrapper(*args: Any, **kwargs: Any) -> Any:
            # an async generator function itself (frameworks tell generator dependencies by that)
            span = start(args, kwargs)
            collect = _ItemCollector() if capture_output and span.is_recording else None
            driver = _traced_async_generator(span, func(*args, **kwargs), collect)
            send_value: Any = None
            to_throw: Optional[BaseException] = None
            while True:
                try:
                    if to_throw is not None:
                        exc, to_throw = to_throw, None
                        item = await driver.athrow(exc)
                    else:
                        item = await driver.asend(send_value)
                except StopAsyncIteration:
                    return
                try:
                    send_value = yield item
                except GeneratorExit:
                    await driver.aclose()
                    raise
                except BaseException as exc:
                    to_throw, send_value = exc, None

        return async_gen_wrapper

    if inspect.isgeneratorfunction(func):

        @functools.wraps(func)
        def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
            # a generator function itself; the span starts with the first step, as the body does
            span = start(args, kwargs)
            collect = _ItemCollector() if capture_output and span.is_recording else None
            ctx = contextvars.copy_context()
            ctx.run(activate, span)  # the generator body always runs with its span active
            gen = ctx.run(func, *args, **kwargs)
            return (yield from _traced_generator(span, gen, ctx, collect))

        return gen_wrapper

    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            span = start(args, kwargs)
            token = activate(span)
            try:
                result = await func(*args, **kwargs)
            except BaseException as exc:
                deactivate(token)
                _fail(span, exc)
                raise
            deactivate(token)
            stream = _stream_kind(result)
            if stream is not None:
                return _stream_result(span, result, stream, capture_output)
            if capture_output and span.is_recording:
                span.set_output(result)
            span.end()
            return result

        return async_wrapper

    @functools.wraps(func)
    def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
        span = start(args, kwargs)
        token = activate(span)
        try:
            result = func(*args, **kwargs)
        except BaseException as exc:
            deactivate(token)
            _fail(span, exc)
            raise
        deactivate(token)
        stream = _stream_kind(result)
        if stream is not None:
            return _stream_result(span, result, stream, capture_output)
        if capture_output and span.is_recording:
            span.set_output(result)
        span.end()
        return result

    return sync_wrapper


# -- exit hooks -------------------------------------------------------------------------------------
# Interpreter exit (atexit: normal end, sys.exit, an uncaught exception) and SIGTERM flush every client
# within its shutdown_timeout and spool the rest. Neither changes how the program ends: the exit code is
# the one it had, and on SIGTERM a handler the program installed runs as before (the flush then happens
# at exit), while without one the process still dies by SIGTERM once the flush is done.

_exiting = False  # the atexit flush is running
_sigterm_pending = False  # SIGTERM arrived during it: re-raise it afterwards
_in_sigterm = False
_sigterm_previous: Any = None
_sigterm_installed = False


def _shutdown_all(reason: str) -> None:
    transports = live_transports()
    if not transports:
        return
    deadline = time.monotonic() + max(t.shutdown_timeout for t in transports)
    for transport in transports:
        try:
            transport.shutdown(max(0.0, min(transport.shutdown_timeout, deadline - time.monotonic())), reason)
        except Exception:  # pragma: no cover - never fail interpreter exit
            logging.getLogger("agentobs").debug("agentobs: shutdown failed", exc_info=True)


def _at_exit() -> None:
    global _exiting
    _exiting = True
    try:
        _shutdown_all("exit")
    finally:
        _exiting = False
        if _sigterm_pending:
            _die_by_sigterm()


def _die_by_sigterm() -> None:
    """End the process the way SIGTERM's default action does (status: killed by signal 15)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(1.0)  # pragma: no cover - only if the signal is blocked in this thread
    os._exit(128 + signal.SIGTERM)  # pragma: no cover


def _on_sigterm(signum: int, frame: Any) -> Any:
    global _in_sigterm, _sigterm_pending
    previous = _sigterm_previous
    if callable(previous):  # the program's own handler decides what SIGTERM does; we flush at exit
        return previous(signum, frame)
    if _exiting:  # the exit flush is running right now: let it finish, then die by the signal
        _sigterm_pending = True
        return None
    if _in_sigterm:  # a second SIGTERM while flushing: the first one ends the process shortly
        return None
    _in_sigterm = True
    try:
        _shutdown_all("sigterm")
    finally:
        _die_by_sigterm()
    return None  # pragma: no cover


def _install_sigterm_handler() -> None:
    """Flush on SIGTERM too (its default action skips atexit). Only from the main thread (Python allows
    no other), only over the default disposition or a Python handler, never over SIG_IGN or a handler
    installed outside Python."""
    global _sigterm_installed, _sigterm_previous
    if _sigterm_installed or os.name != "posix" or threading.current_thread() is not threading.main_thread():
        return
    try:
        previous = signal.getsignal(signal.SIGTERM)
        if previous is None or previous == signal.SIG_IGN or previous is _on_sigterm:
            return
        _sigterm_previous = None if previous == signal.SIG_DFL else previous
        signal.signal(signal.SIGTERM, _on_sigterm)
        _sigterm_installed = True
    except (ValueError, OSError):  # pragma: no cover - not the main thread after all, or no signals
        pass


atexit.register(_at_exit)
