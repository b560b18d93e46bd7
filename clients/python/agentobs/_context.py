"""The active span, kept in a ``contextvars.ContextVar``.

A ContextVar follows ``await`` and is copied into every asyncio task at creation, so concurrent
tasks each see their own active span and traces never mix. Plain threads start with an empty
context; ``wrap`` and ``ContextThreadPoolExecutor`` carry the caller's context into them.
"""

from __future__ import annotations

import contextvars
import functools
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Optional, TypeVar

__all__ = ["CURRENT_SPAN", "current_span", "wrap", "ContextThreadPoolExecutor"]

T = TypeVar("T")

CURRENT_SPAN: contextvars.ContextVar[Optional[Any]] = contextvars.ContextVar("agentobs_current_span", default=None)


def current_span() -> Optional[Any]:
    """The active span in this context, or ``None``."""
    return CURRENT_SPAN.get()


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
