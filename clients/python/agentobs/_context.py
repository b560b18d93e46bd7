"""The active span, kept in a ``contextvars.ContextVar``.

A ContextVar follows ``await`` and is copied into every asyncio task at creation, so concurrent
tasks each see their own active span and traces never mix. Plain threads start with an empty
context; ``wrap`` and ``ContextThreadPoolExecutor`` carry the caller's context into them, and
``loop.run_in_executor`` is made to do the same (as ``asyncio.to_thread`` already does).

When OpenTelemetry is installed the active span is mirrored into OpenTelemetry's context as well
(see ``_otel``), so spans that OpenTelemetry instrumentations create inside ``obs.span(...)`` are
its children: ``activate``/``deactivate`` set and reset both.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Optional, TypeVar

__all__ = ["CURRENT_SPAN", "current_span", "wrap", "ContextThreadPoolExecutor", "activate", "deactivate"]

T = TypeVar("T")

CURRENT_SPAN: contextvars.ContextVar[Optional[Any]] = contextvars.ContextVar("agentobs_current_span", default=None)

_set = CURRENT_SPAN.set
_reset = CURRENT_SPAN.reset

# Set by _otel when OpenTelemetry is importable. Either ``otel_mark`` (the usual, lazy way: it returns
# OpenTelemetry's current context, remembered on the span when it becomes active, from which OpenTelemetry's
# reads then derive our span; see _otel), or ``otel_attach``/``otel_detach`` (eager: our span is set into
# OpenTelemetry's context on every activation).
otel_mark: Optional[Callable[[], Any]] = None
otel_attach: Optional[Callable[[Any], Any]] = None
otel_detach: Optional[Callable[[Any], None]] = None


def current_span() -> Optional[Any]:
    """The active span in this context, or ``None``."""
    return CURRENT_SPAN.get()


def activate(span: Any) -> Any:
    """Make ``span`` the active span of the current context; returns what ``deactivate`` needs."""
    mark = otel_mark
    if mark is not None:
        span._octx = mark()
    token = _set(span)
    attach = otel_attach
    if attach is None:
        return token
    return (token, attach(span))


def deactivate(token: Any) -> None:
    """Undo ``activate`` (quietly does nothing when called from another context than it was made in)."""
    if type(token) is tuple:
        token, otoken = token
        try:
            _reset(token)
        except ValueError:  # another context: its OpenTelemetry token would fail the same way
            return
        detach = otel_detach
        if detach is not None:
            detach(otoken)
        return
    try:
        _reset(token)
    except ValueError:
        pass


def wrap(fn: Callable[..., T]) -> Callable[..., T]:
    """Return ``fn`` bound to the *current* context (and so the current span).

    Call it from any thread — e.g. ``threading.Thread(target=obs.wrap(work))`` — and spans it
    creates are children of the span that was active when ``wrap`` was called. Each call runs in a
    fresh copy of that context, so the wrapped function may run in several threads at once.
    """
    ctx = contextvars.copy_context()

    @functools.wraps(fn)
    def run_in_context(*args: Any, **kwargs: Any) -> T:
        return ctx.copy().run(fn, *args, **kwargs)

    return run_in_context


class ContextThreadPoolExecutor(ThreadPoolExecutor):
    """A ``ThreadPoolExecutor`` whose tasks run in the context of the code that submitted them.

    ``executor.submit(fn)`` and ``executor.map(fn, ...)`` made inside a span produce child spans of it.
    """

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:  # type: ignore[override]
        ctx = contextvars.copy_context()
        return super().submit(ctx.run, fn, *args, **kwargs)


# -- loop.run_in_executor --------------------------------------------------------------------------
# asyncio.to_thread copies the caller's context into the worker thread; loop.run_in_executor does not,
# so a span started in a function run there would begin a new trace. Make run_in_executor behave like
# to_thread for every asyncio event loop (the function runs in a copy of the submitting context).


def _patch_run_in_executor() -> None:
    base = asyncio.BaseEventLoop
    original = base.run_in_executor
    if getattr(original, "_agentobs_context", False):
        return

    @functools.wraps(original)
    def run_in_executor(self: Any, executor: Any, func: Callable[..., Any], *args: Any) -> Any:
        target = executor if executor is not None else getattr(self, "_default_executor", None)
        # only threads share the context: a process pool needs a picklable function, left untouched
        if isinstance(target, ContextThreadPoolExecutor) or not (
            target is None or isinstance(target, ThreadPoolExecutor)
        ):
            return original(self, executor, func, *args)
        ctx = contextvars.copy_context()
        return original(self, executor, functools.partial(ctx.run, func), *args)

    run_in_executor._agentobs_context = True  # type: ignore[attr-defined]
    base.run_in_executor = run_in_executor  # type: ignore[method-assign]


_patch_run_in_executor()
