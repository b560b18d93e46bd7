"""``AgentObs``, the tracing client, and the ``observe`` decorator."""

from __future__ import annotations

import atexit
import contextvars
import functools
import inspect
import logging
import os
import threading
from random import random
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar, Union, overload

from ._context import CURRENT_SPAN, ContextThreadPoolExecutor, wrap
from ._span import KINDS, NonRecordingSpan, Span, new_trace_id, parse_traceparent
from ._transport import FlushResult, Stats, Transport, logger

__all__ = ["AgentObs", "observe", "get_client"]

F = TypeVar("F", bound=Callable[..., Any])
AnySpan = Union[Span, NonRecordingSpan]

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
INGEST_PATH = "/api/v1/ingest"

_UNSET: Any = object()
_get_current = CURRENT_SPAN.get


class AgentObs:
    """The tracing client.

    ``api_key`` and ``base_url`` default to ``AGENTOBS_API_KEY`` and ``AGENTOBS_BASE_URL``
    (``http://127.0.0.1:8000``). Spans are buffered in memory (``max_queue_size``) and sent by a
    background thread when ``flush_at`` spans are waiting or every ``flush_interval`` seconds.
    ``sample_rate`` keeps that fraction of traces (decided at the root; children follow).
    Captured inputs/outputs are made JSON-safe, passed through ``mask`` and cut to
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
        max_queue_size: int = 10_000,
        max_queue_bytes: int = 64 * 1024 * 1024,
        max_batch_size: int = 1000,
        max_batch_bytes: int = 4_500_000,
        max_field_size: int = 32_768,
        mask: Optional[Callable[[Any], Any]] = None,
        timeout: float = 10.0,
        max_retries: int = 5,
        retry_base_delay: float = 0.5,
        max_retry_delay: float = 30.0,
        shutdown_timeout: float = 5.0,
        enabled: bool = True,
    ) -> None:
        if not 0.0 <= float(sample_rate) <= 1.0:
            raise ValueError("sample_rate must be between 0 and 1")
        if flush_at < 1 or max_queue_size < 1 or max_batch_size < 1:
            raise ValueError("flush_at, max_queue_size and max_batch_size must be >= 1")
        if max_batch_size > 1000:
            raise ValueError("max_batch_size cannot exceed the API limit of 1000 spans per request")
        if max_batch_bytes > 5_000_000:
            raise ValueError("max_batch_bytes cannot exceed the API limit of 5 MB per request")
        if flush_interval <= 0:
            raise ValueError("flush_interval must be > 0")
        if max_field_size < 64:
            raise ValueError("max_field_size must be >= 64")
        if mask is not None and not callable(mask):
            raise TypeError("mask must be callable")

        self._api_key = api_key if api_key is not None else os.environ.get("AGENTOBS_API_KEY") or None
        self.base_url = (base_url or os.environ.get("AGENTOBS_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.sample_rate = float(sample_rate)
        self.max_field_size = int(max_field_size)
        self.mask = mask
        self.timeout = float(timeout)
        self.shutdown_timeout = float(shutdown_timeout)
        sending = bool(enabled) and bool(self._api_key)
        if enabled and not self._api_key:
            logger.warning("agentobs: no API key (pass api_key= or set AGENTOBS_API_KEY); spans will not be sent")
        self._transport = Transport(
            endpoint=self.base_url + INGEST_PATH,
            api_key=self._api_key,
            flush_at=int(flush_at),
            flush_interval=float(flush_interval),
            max_queue_size=int(max_queue_size),
            max_queue_bytes=int(max_queue_bytes),
            max_batch_size=int(max_batch_size),
            max_batch_bytes=int(max_batch_bytes),
            timeout=self.timeout,
            max_retries=int(max_retries),
            retry_base_delay=float(retry_base_delay),
            max_retry_delay=float(max_retry_delay),
            enabled=sending,
        )
        self._transport.shutdown_timeout = self.shutdown_timeout  # type: ignore[attr-defined]
        self._api: Any = None
        self._api_lock = threading.Lock()
        _set_default(self)

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
    ) -> AnySpan:
        """A new span: the child of the active span, or the root of a new trace.

        Use it as ``with obs.span(...) as span:`` or ``async with``. ``traceparent`` (a W3C header
        value) continues a trace started elsewhere; an invalid value is ignored.
        """
        span = self._start(name, kind, traceparent)
        if span.is_recording:
            if input is not _UNSET:
                span.set_input(input)
            if attributes:
                span.set_attributes(attributes)
            if model is not None:
                span.set_model(model)
        return span

    def _start(self, name: str, kind: str, traceparent: Optional[str] = None) -> AnySpan:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
        if traceparent is not None:
            remote = parse_traceparent(traceparent)
            if remote is not None:
                trace_id, parent_id, sampled = remote
                if sampled:
                    return Span(self, name, kind, trace_id, parent_id)
                return NonRecordingSpan(name, kind, trace_id, parent_id)
        parent = _get_current()
        if parent is None:
            rate = self.sample_rate
            if rate < 1.0 and (rate <= 0.0 or random() >= rate):
                self._transport.count_sampled_out()
                return NonRecordingSpan(name, kind, new_trace_id(), None)
            return Span(self, name, kind, new_trace_id(), None)
        if parent.is_recording:
            return Span(self, name, kind, parent.trace_id, parent.span_id)
        return NonRecordingSpan(name, kind, parent.trace_id, parent.span_id)

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

    # -- delivery --------------------------------------------------------------------------------

    def flush(self, timeout: Optional[float] = 10.0) -> FlushResult:
        """Send everything buffered; return within ``timeout`` seconds (``None``: wait until done)."""
        return self._transport.flush(timeout)

    def shutdown(self, timeout: Optional[float] = None) -> FlushResult:
        """Flush (within ``timeout``, default ``shutdown_timeout``) and stop the sender.

        Runs by itself at interpreter exit. Spans ended afterwards are counted as failed.
        """
        return self._transport.shutdown(self.shutdown_timeout if timeout is None else timeout)

    @property
    def stats(self) -> Stats:
        """A snapshot of the delivery counters (also callable: ``obs.stats()``)."""
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
                        timeout=httpx.Timeout(self.timeout),
                    )
        return self._api


# -- the default client ------------------------------------------------------------------------

_default: Optional[AgentObs] = None
_default_lock = threading.Lock()


def _set_default(obs: AgentObs) -> None:
    global _default
    _default = obs


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
            span = start(args, kwargs)
            collect = _ItemCollector() if capture_output and span.is_recording else None
            agen = func(*args, **kwargs)
            inner: Any = span  # the active span inside the generator body, kept between steps
            send_value: Any = None
            to_throw: Optional[BaseException] = None
            while True:
                token = CURRENT_SPAN.set(inner)
                try:
                    if to_throw is not None:
                        exc, to_throw = to_throw, None
                        item = await agen.athrow(exc)
                    else:
                        item = await agen.asend(send_value)
                except StopAsyncIteration:
                    _reset_quietly(token)
                    if collect is not None:
                        span.set_output(collect.result())
                    span.end()
                    return
                except BaseException as exc:
                    _reset_quietly(token)
                    span.__exit__(type(exc), exc, exc.__traceback__)
                    raise
                inner = CURRENT_SPAN.get()
                _reset_quietly(token)
                if collect is not None:
                    collect.add(item)
                try:
                    send_value = yield item
                except GeneratorExit:
                    token = CURRENT_SPAN.set(inner)
                    try:
                        await agen.aclose()
                    finally:
                        _reset_quietly(token)
                        if collect is not None:
                            span.set_output(collect.result())
                        span.end()
                    raise
                except BaseException as exc:
                    to_throw, send_value = exc, None

        return async_gen_wrapper

    if inspect.isgeneratorfunction(func):

        @functools.wraps(func)
        def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
            span = start(args, kwargs)
            collect = _ItemCollector() if capture_output and span.is_recording else None
            ctx = contextvars.copy_context()
            ctx.run(CURRENT_SPAN.set, span)  # the generator body always runs with its span active
            gen = ctx.run(func, *args, **kwargs)
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
                    if collect is not None:
                        span.set_output(collect.result())
                    span.end()
                    return stop.value
                except BaseException as exc:
                    span.__exit__(type(exc), exc, exc.__traceback__)
                    raise
                if collect is not None:
                    collect.add(item)
                try:
                    send_value = yield item
                except GeneratorExit:
                    try:
                        ctx.run(gen.close)
                    finally:
                        if collect is not None:
                            span.set_output(collect.result())
                        span.end()
                    raise
                except BaseException as exc:
                    to_throw, send_value = exc, None

        return gen_wrapper

    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            with start(args, kwargs) as span:
                result = await func(*args, **kwargs)
                if capture_output and span.is_recording:
                    span.set_output(result)
                return result

        return async_wrapper

    @functools.wraps(func)
    def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
        with start(args, kwargs) as span:
            result = func(*args, **kwargs)
            if capture_output and span.is_recording:
                span.set_output(result)
            return result

    return sync_wrapper


def _reset_quietly(token: contextvars.Token[Any]) -> None:
    try:
        CURRENT_SPAN.reset(token)
    except ValueError:  # pragma: no cover - defensive
        pass


# -- interpreter exit -------------------------------------------------------------------------------


def _shutdown_all() -> None:
    from ._transport import live_transports

    for transport in live_transports():
        try:
            transport.shutdown(getattr(transport, "shutdown_timeout", 5.0))
        except Exception:  # pragma: no cover - never fail interpreter exit
            logging.getLogger("agentobs").debug("agentobs: shutdown failed", exc_info=True)


atexit.register(_shutdown_all)
