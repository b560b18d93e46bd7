"""Background delivery of ended spans to ``POST {base_url}/api/v1/ingest``.

The caller only appends to a bounded in-memory buffer (``max_buffer_size`` spans; when full the oldest
is dropped and counted); a daemon worker thread takes batches (by count and by bytes, under the API's
limits of 1000 spans / 5 MB per request), gzips them and posts them.

* 429, 408/409/425, 5xx and network errors: the batch goes back to the front of the buffer and is
  retried with exponential backoff (capped at 30 s) and jitter, honouring ``Retry-After``, until
  ``max_retry_duration`` seconds after its first failure; then it is dropped (``retry_expired``).
* 413: the batch is split in halves and resent; a single span too large is dropped (``too_large``).
* other 4xx, and per-span errors in a 200: dropped (``rejected``).
* ``shutdown`` (and every exit path) flushes for at most ``shutdown_timeout`` seconds, even when the
  API hangs, then writes what is left to the spool (``_spool``) for the next process to send; with no
  spool, what is left is dropped (``shutdown_timeout``).
* at start the worker replays spool files left by earlier processes with the same key.

Every drop is counted by reason in ``stats()``, passed to ``on_drop`` and logged (one warning per reason
per minute). Nothing here ever raises into the caller.

Fork safety: locks are held across ``os.fork`` and the child gets fresh locks, an empty buffer (the
parent still owns and sends what was buffered) and a new worker thread.
"""

from __future__ import annotations

import email.utils
import gzip
import json
import logging
import os
import random
import re
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

import httpx

from ._span import Span
from ._spool import Spool
from ._version import __version__

__all__ = ["Transport", "Stats", "FlushResult", "DropEvent", "DROP_REASONS"]

logger = logging.getLogger("agentobs")
_THREAD_NAME = "agentobs-sender"


class _QuietSender(logging.Filter):
    """httpx logs every request at INFO; the sender's own requests are not the application's business."""

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.current_thread().name != _THREAD_NAME


logging.getLogger("httpx").addFilter(_QuietSender())

DROP_REASONS = ("buffer_full", "retry_expired", "too_large", "rejected", "shutdown_timeout")
_REASON_TEXT = {
    "buffer_full": "the buffer was full (max_buffer_size) and the oldest spans were dropped",
    "retry_expired": "the API could not be reached for max_retry_duration",
    "too_large": "a span is larger than the API accepts in one request",
    "rejected": "the API refused them",
    "shutdown_timeout": "they were still unsent when shutdown ended and could not be spooled",
}
_BODY_OVERHEAD = len(b'{"spans":[]}')
_RETRYABLE_4XX = frozenset({408, 409, 425, 429})
_MAX_RETRY_AFTER = 300.0
_WARN_EVERY = 60.0
_RESCAN_EVERY = 60.0


@dataclass(frozen=True)
class DropEvent:
    """What ``on_drop`` receives: ``count`` spans dropped for ``reason`` (one of ``DROP_REASONS``)."""

    reason: str
    count: int


@dataclass(frozen=True)
class Stats:
    """Delivery counters of one client since it started (or since ``os.fork`` in a child process).

    ``buffered``: spans waiting in memory; ``in_flight``: spans in a request now; ``pending``: both;
    ``sent``: accepted by the API; ``requests``/``retries``: HTTP requests made / of which retries;
    ``sampled_out``: spans not recorded because their trace was sampled out (``sample_rate``, or an
    unsampled ``traceparent``); ``spooled``: spans written to the
    spool at exit; ``replayed``: spans from earlier processes' spool files accepted by the API;
    ``dropped``: the sum of ``dropped_by_reason`` (``buffer_full``, ``retry_expired``, ``too_large``,
    ``rejected``, ``shutdown_timeout``). Read it like a dict too: ``obs.stats()["sent"]``.
    """

    buffered: int = 0
    in_flight: int = 0
    pending: int = 0
    sent: int = 0
    requests: int = 0
    retries: int = 0
    sampled_out: int = 0
    spooled: int = 0
    replayed: int = 0
    dropped: int = 0
    dropped_by_reason: Dict[str, int] = field(default_factory=lambda: dict.fromkeys(DROP_REASONS, 0))

    def to_dict(self) -> Dict[str, Any]:
        return {
            "buffered": self.buffered,
            "in_flight": self.in_flight,
            "pending": self.pending,
            "sent": self.sent,
            "requests": self.requests,
            "retries": self.retries,
            "sampled_out": self.sampled_out,
            "spooled": self.spooled,
            "replayed": self.replayed,
            "dropped": self.dropped,
            "dropped_by_reason": dict(self.dropped_by_reason),
        }

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def keys(self) -> Any:
        return self.to_dict().keys()


@dataclass(frozen=True)
class FlushResult:
    """What ``flush``/``shutdown`` achieved while it ran: spans ``sent``, ``dropped`` and (shutdown only)
    ``spooled`` for the next process, and spans still ``pending`` in memory when it returned;
    ``ok`` when nothing is pending."""

    sent: int
    dropped: int
    pending: int
    timed_out: bool
    spooled: int = 0

    @property
    def ok(self) -> bool:
        return self.pending == 0

    def __bool__(self) -> bool:
        return self.ok


class _Encoded:
    """A span in wire form, after a first attempt (or read from a spool file)."""

    __slots__ = ("data", "deadline", "_qsize")

    def __init__(self, data: bytes, deadline: Optional[float]) -> None:
        self.data = data
        self.deadline = deadline
        self._qsize = len(data)

    def _to_wire(self) -> bytes:
        return self.data


# All live transports, for the fork hooks and the exit hook.
_LIVE: "weakref.WeakSet[Transport]" = weakref.WeakSet()
_REGISTRY_LOCK = threading.RLock()


def live_transports() -> "List[Transport]":
    with _REGISTRY_LOCK:
        return list(_LIVE)


def _before_fork() -> None:
    _REGISTRY_LOCK.acquire()
    for t in list(_LIVE):
        t._lock.acquire()


def _after_fork_parent() -> None:
    for t in list(_LIVE):
        try:
            t._lock.release()
        except RuntimeError:  # pragma: no cover - defensive
            pass
    _REGISTRY_LOCK.release()


def _after_fork_child() -> None:
    global _REGISTRY_LOCK
    _REGISTRY_LOCK = threading.RLock()
    for t in list(_LIVE):
        t._reinit_after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_parent, after_in_child=_after_fork_child)


class Transport:
    # Internal limits and timings (not options: the API's limits, and what the contract fixes). Tests
    # may shorten them on an instance.
    max_batch_size = 1000
    max_batch_bytes = 4_000_000  # as the TypeScript SDK (clients/testdata/options.json), within the API's 5 MB
    max_buffer_bytes = 64 * 1024 * 1024
    request_timeout = 10.0
    retry_base_delay = 0.5
    max_retry_delay = 30.0

    def __init__(
        self,
        *,
        endpoint: str,
        api_key: Optional[str],
        flush_at: int,
        flush_interval: float,
        max_buffer_size: int,
        max_retry_duration: float,
        shutdown_timeout: float,
        spool: Optional[Spool],
        on_drop: Optional[Callable[[DropEvent], Any]],
        enabled: bool = True,
    ) -> None:
        self.endpoint = endpoint
        self._api_key = api_key
        self.flush_at = flush_at
        self.flush_interval = flush_interval
        self.max_buffer_size = max_buffer_size
        self.max_retry_duration = max_retry_duration
        self.shutdown_timeout = shutdown_timeout
        self.spool = spool
        self.on_drop = on_drop
        self.enabled = enabled
        self._init_state()
        with _REGISTRY_LOCK:
            _LIVE.add(self)
        if self.enabled:
            self._start_worker()

    # -- state (also rebuilt in a forked child) ----------------------------------------------------

    def _init_state(self) -> None:
        # Reentrant: the SIGTERM handler runs in the main thread, possibly while it holds this lock.
        self._lock = threading.RLock()
        self._work = threading.Condition(self._lock)  # the worker waits here
        self._done = threading.Condition(self._lock)  # flush() and shutdown() wait here
        self._stop = threading.Event()
        self._queue: deque = deque()
        self._queue_bytes = 0
        # recording spans not ended yet, by id (a forked child starts with none: those are the parent's)
        self.open_spans: Dict[int, Any] = {}
        self._inflight: List[Any] = []  # the live spans of the request being made
        self._gen = 0  # bumped when shutdown takes over the in-flight spans
        self._flush_waiters = 0
        self._poke = False  # flush/shutdown asked for an attempt now, even during a backoff
        self._closing = False
        self._closed = False
        self._closing_failed = False  # an attempt made while closing failed: spool the rest now
        self._failures = 0  # consecutive failed attempts
        self._retry_at = 0.0
        self._retry_after_block = False
        self._outage_since: Optional[float] = None
        self._next_send = time.monotonic() + self.flush_interval
        self._replay: List[str] = []
        self._replay_claimed: Optional[str] = None
        self._replaying = False  # a spool file's request is under way (flush waits for it too)
        self._last_scan = 0.0
        self._split_limit = 0  # after a 413: the smaller batch size to use ...
        self._split_left = 0  # ... for this many more spans
        self._thread: Optional[threading.Thread] = None
        self._http: Optional[httpx.Client] = None
        self._warn_at: Dict[str, float] = {}
        self._warn_pending: Dict[str, int] = {}
        # counters
        self._enqueued = 0
        self._live_done = 0  # live spans settled: sent, dropped or spooled
        self._sent = 0
        self._requests = 0
        self._retries = 0
        self._sampled_out = 0
        self._spooled = 0
        self._replayed = 0
        self._dropped: Dict[str, int] = dict.fromkeys(DROP_REASONS, 0)

    def _reinit_after_fork(self) -> None:
        closed = getattr(self, "_closed", False)
        self._init_state()  # fresh locks; the parent's buffer, counters and connections are the parent's
        self._closed = self._closing = closed
        if self.enabled and not closed:
            self._start_worker()

    def _start_worker(self) -> None:
        t = threading.Thread(target=self._run, name=_THREAD_NAME, daemon=True)
        self._thread = t
        t.start()

    # -- caller side ---------------------------------------------------------------------------

    def enqueue(self, item: Any) -> None:
        """Called when a span ends. O(1), never blocks on I/O, never raises."""
        if not self.enabled:
            return
        try:
            if type(item) is Span:
                size = 600 + len(item.name)
                if item.input_json is not None:
                    size += len(item.input_json)
                if item.output_json is not None:
                    size += len(item.output_json)
                item._qsize = size
            else:
                size = item._qsize
            dropped = 0
            with self._lock:
                self._enqueued += 1
                if self._closed:
                    self._dropped["shutdown_timeout"] += 1
                    self._live_done += 1
                    late = True
                else:
                    late = False
                    q = self._queue
                    q.append(item)
                    self._queue_bytes += size
                    n = len(q)
                    if n + len(self._inflight) > self.max_buffer_size or self._queue_bytes > self.max_buffer_bytes:
                        dropped = self._drop_oldest()
                        if dropped and self.on_drop is None:
                            # the common case under a dead API: count for the next warning, no call out
                            now = time.monotonic()
                            if now - self._warn_at.get("buffer_full", -_WARN_EVERY) < _WARN_EVERY:
                                self._warn_pending["buffer_full"] = self._warn_pending.get("buffer_full", 0) + dropped
                                dropped = 0
                    elif n >= self.flush_at and not self._failures:
                        self._work.notify()  # a batch is ready (during a backoff the worker waits anyway)
            if late:
                self._after_drop("shutdown_timeout", 1, " (a span ended after shutdown)")
            elif dropped:
                self._after_drop("buffer_full", dropped, "")
        except Exception:  # pragma: no cover - defensive: tracing never breaks the caller
            logger.debug("agentobs: enqueue failed", exc_info=True)

    def _drop_oldest(self) -> int:
        # lock held
        q = self._queue
        limit = self.max_buffer_size - len(self._inflight)
        dropped = 0
        while q and (len(q) > limit or self._queue_bytes > self.max_buffer_bytes):
            old = q.popleft()
            self._queue_bytes -= old._qsize
            dropped += 1
        if dropped:
            self._dropped["buffer_full"] += dropped
            self._live_done += dropped
            if self._flush_waiters or self._closing:
                self._done.notify_all()
        return dropped

    def count_sampled_out(self) -> None:
        with self._lock:
            self._sampled_out += 1

    def stats(self) -> Stats:
        with self._lock:
            buffered = len(self._queue)
            in_flight = len(self._inflight)
            by_reason = dict(self._dropped)
            return Stats(
                buffered=buffered,
                in_flight=in_flight,
                pending=buffered + in_flight,
                sent=self._sent,
                requests=self._requests,
                retries=self._retries,
                sampled_out=self._sampled_out,
                spooled=self._spooled,
                replayed=self._replayed,
                dropped=sum(by_reason.values()),
                dropped_by_reason=by_reason,
            )

    def _dropped_total(self) -> int:
        return sum(self._dropped.values())

    def flush(self, timeout: Optional[float]) -> FlushResult:
        """Wait until every span enqueued before this call is sent or dropped, or ``timeout`` passes."""
        deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)
        with self._lock:
            target = self._enqueued
            sent0, dropped0, spooled0 = self._sent, self._dropped_total(), self._spooled
            timed_out = False
            if self.enabled and (self._live_done < target or self._replaying) and not self._closed:
                self._flush_waiters += 1
                self._poke = True
                self._work.notify_all()
                try:
                    while (self._live_done < target or self._replaying) and not self._closed:
                        if self._thread is None or not self._thread.is_alive():
                            break
                        if deadline is None:
                            self._done.wait(1.0)
                            continue
                        remaining = deadline - time.monotonic()
                        if remaining <= 0:
                            timed_out = True
                            break
                        self._done.wait(remaining)
                finally:
                    self._flush_waiters -= 1
            return FlushResult(
                sent=self._sent - sent0,
                dropped=self._dropped_total() - dropped0,
                pending=len(self._queue) + len(self._inflight),
                timed_out=timed_out,
                spooled=self._spooled - spooled0,
            )

    def shutdown(self, timeout: Optional[float], reason: str = "shutdown") -> FlushResult:
        """End spans still open (``agentobs.unfinished = reason``), flush for at most ``timeout`` seconds,
        stop the worker, and spool what is left."""
        timeout = self.shutdown_timeout if timeout is None else max(0.0, timeout)
        deadline = time.monotonic() + timeout
        with self._lock:
            if self._closing:
                return FlushResult(sent=0, dropped=0, pending=len(self._queue) + len(self._inflight), timed_out=False)
        for span in sorted(list(self.open_spans.values()), key=lambda s: -s.start_ns):  # newest (innermost) first
            try:
                span._abandon(reason)
            except Exception:  # pragma: no cover - defensive
                logger.debug("agentobs: could not end an open span", exc_info=True)
        with self._lock:
            if self._closing:
                return FlushResult(sent=0, dropped=0, pending=len(self._queue) + len(self._inflight), timed_out=False)
            self._closing = True
            self._poke = True
            self._work.notify_all()
            target = self._enqueued
            sent0, dropped0 = self._sent, self._dropped_total()
            timed_out = False
            while self.enabled and self._live_done < target:
                if self._thread is None or not self._thread.is_alive() or self._closing_failed:
                    break
                now = time.monotonic()
                if self._retry_after_block and self._retry_at > deadline:
                    break  # the API asked us to wait longer than we may: spool now
                if now >= deadline:
                    timed_out = True
                    break
                self._done.wait(deadline - now)
            # Take over whatever is not settled: the buffer and the request still running (a hung
            # API); a late answer to that request is ignored (the generation changes).
            left = list(self._inflight) + list(self._queue)
            self._queue.clear()
            self._queue_bytes = 0
            self._inflight = []
            self._gen += 1
            self._closed = True
            self._stop.set()
            self._work.notify_all()
            replay_claimed, self._replay_claimed = self._replay_claimed, None
        if replay_claimed is not None:
            Spool.release(replay_claimed)  # the next process sends it
        spooled = self._spool_or_drop(left) if left else 0
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(0.05)
        http = self._http
        if http is not None and (t is None or not t.is_alive()):
            self._http = None
            try:
                http.close()
            except Exception:  # pragma: no cover
                pass
        with _REGISTRY_LOCK:
            _LIVE.discard(self)
        with self._lock:
            return FlushResult(
                sent=self._sent - sent0,
                dropped=self._dropped_total() - dropped0,
                pending=0,
                timed_out=timed_out,
                spooled=spooled,
            )

    def _spool_or_drop(self, items: List[Any]) -> int:
        """Write ``items`` to the spool (one file per request body); count them as spooled, or as dropped
        (``shutdown_timeout``) when there is no spool or it cannot be written."""
        limit = self.max_batch_bytes - _BODY_OVERHEAD
        wire: List[bytes] = []
        too_large = 0
        for item in items:
            try:
                data = item._to_wire()
            except Exception:  # pragma: no cover - defensive
                logger.debug("agentobs: could not encode span", exc_info=True)
                continue
            if len(data) > limit:
                too_large += 1
            else:
                wire.append(data)
        if too_large:
            self._count_drop("too_large", too_large, live=True)
        spooled = 0
        if wire and self.spool is not None:
            chunks = _pack(wire, self.max_batch_size, limit)
            try:
                for chunk in chunks:
                    self.spool.write(b'{"spans":[' + b",".join(chunk) + b"]}")
                    spooled += len(chunk)
                evicted = self.spool.enforce_limit()
            except Exception as exc:
                logger.warning("agentobs: could not write the spool at %s: %r", self.spool.dir, exc)
                evicted = 0
            with self._lock:
                self._spooled += spooled
                self._live_done += spooled
                self._done.notify_all()
            if evicted:
                self._count_drop("buffer_full", evicted, live=False, detail=" (the spool directory exceeded 50 MB)")
            if spooled:
                logger.info(
                    "agentobs: %d unsent span(s) written to the spool %s; the next process with this key sends them",
                    spooled,
                    self.spool.dir,
                )
        lost = len(wire) - spooled
        if lost:
            self._count_drop("shutdown_timeout", lost, live=True)
        return spooled

    # -- drops ------------------------------------------------------------------------------------

    def _count_drop(self, reason: str, count: int, live: bool, detail: str = "") -> None:
        with self._lock:
            self._dropped[reason] += count
        self._after_drop(reason, count, detail)  # before flush() returns: it has been told when flush says so
        if live:
            with self._lock:
                self._live_done += count
                self._done.notify_all()

    def _after_drop(self, reason: str, count: int, detail: str) -> None:
        """Tell ``on_drop`` and log (one warning per reason per minute, with the count since the last)."""
        callback = self.on_drop
        if callback is not None:
            try:
                callback(DropEvent(reason, count))
            except Exception:
                logger.debug("agentobs: on_drop raised", exc_info=True)
        now = time.monotonic()
        with self._lock:
            total = self._warn_pending.get(reason, 0) + count
            last = self._warn_at.get(reason)
            if last is not None and now - last < _WARN_EVERY:
                self._warn_pending[reason] = total
                return
            self._warn_at[reason] = now
            self._warn_pending[reason] = 0
        logger.warning(
            "agentobs: dropped %d span(s): %s%s [stats()['dropped_by_reason']['%s']; this warning repeats at most "
            "once a minute]",
            total,
            _REASON_TEXT[reason],
            detail,
            reason,
        )

    # -- worker side -----------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._scan_spool()
        except Exception:  # pragma: no cover - defensive
            logger.debug("agentobs: spool scan failed", exc_info=True)
        while True:
            try:
                job = self._next_job()
                if job is None:
                    return
                kind, payload, gen = job
                if kind == "live":
                    self._send_live(payload, gen)
                else:
                    self._send_replay(payload)
            except Exception:  # pragma: no cover - defensive: the worker must survive anything
                logger.warning("agentobs: unexpected error in the sender thread", exc_info=True)
                with self._lock:
                    lost = self._inflight
                    self._inflight = []
                    self._done.notify_all()
                if lost:
                    self._count_drop("rejected", len(lost), live=True, detail=" (an internal error; please report it)")
                time.sleep(0.1)

    def _next_job(self) -> Optional[Tuple[str, Any, int]]:
        with self._lock:
            while True:
                if self._stop.is_set():
                    return None
                now = time.monotonic()
                if now < self._retry_at and not (self._poke and not self._retry_after_block):
                    self._work.wait(self._retry_at - now)
                    continue
                urgent = self._poke or self._flush_waiters > 0 or self._closing
                q = self._queue
                if q and (urgent or self._failures or len(q) >= self.flush_at or now >= self._next_send):
                    self._poke = False
                    return ("live", self._take_batch(), self._gen)
                if self._closing:
                    self._poke = False
                    self._work.wait(0.5)
                    continue
                if self._replay_claimed is not None or self._replay:
                    self._poke = False
                    target = self._replay_claimed or self._replay.pop(0)
                    return ("replay", target, self._gen)
                self._poke = False
                if now >= self._next_send:
                    self._next_send = now + self.flush_interval
                self._work.wait(self._next_send - now if q else self.flush_interval)

    def _take_batch(self) -> List[Any]:
        # lock held: take up to a batch by count and (estimated) size; it becomes the in-flight set
        q = self._queue
        limit = self.max_batch_size
        if self._split_left > 0:
            limit = min(limit, self._split_limit)
        budget = self.max_batch_bytes
        batch: List[Any] = []
        size = 0
        while q and len(batch) < limit:
            item = q[0]
            if batch and size + item._qsize > budget:
                break
            q.popleft()
            self._queue_bytes -= item._qsize
            size += item._qsize
            batch.append(item)
        self._inflight = batch
        return batch

    def _send_live(self, batch: List[Any], gen: int) -> None:
        now = time.monotonic()
        limit = self.max_batch_bytes - _BODY_OVERHEAD
        encoded: List[_Encoded] = []
        too_large = expired = 0
        for item in batch:
            if type(item) is _Encoded:
                if item.deadline is not None and item.deadline <= now:
                    expired += 1
                    continue
                enc = item
            else:
                try:
                    enc = _Encoded(item._to_wire(), None)
                except Exception:  # pragma: no cover - defensive
                    logger.warning("agentobs: could not encode a span", exc_info=True)
                    too_large += 1
                    continue
            if len(enc.data) > limit:
                too_large += 1
                continue
            encoded.append(enc)
        # Pack under the byte limit (the estimate may have been low): the rest goes back to the front.
        body_size = 0
        keep = 0
        for enc in encoded:
            if keep and body_size + len(enc.data) + 1 > limit:
                break
            body_size += len(enc.data) + 1
            keep += 1
        rest = encoded[keep:]
        encoded = encoded[:keep]
        with self._lock:
            if gen != self._gen:
                return
            if rest:
                self._queue.extendleft(reversed(rest))
                self._queue_bytes += sum(e._qsize for e in rest)
            self._inflight = list(encoded)
        if expired:
            self._count_drop("retry_expired", expired, live=True)
        if too_large:
            self._count_drop("too_large", too_large, live=True, detail=" (a single span over 4 MB)")
        if not encoded:
            return
        leftover = self._deliver(encoded, gen, replay=False)
        with self._lock:
            if gen != self._gen:
                return
            self._inflight = []
            if leftover:
                deadline = time.monotonic() + self.max_retry_duration
                for enc in leftover:
                    if enc.deadline is None:
                        enc.deadline = deadline
                self._queue.extendleft(reversed(leftover))
                self._queue_bytes += sum(e._qsize for e in leftover)
                over = len(self._queue) > self.max_buffer_size or self._queue_bytes > self.max_buffer_bytes
                dropped = self._drop_oldest() if over else 0
            else:
                dropped = 0
            self._next_send = time.monotonic() + self.flush_interval
            self._done.notify_all()
        if dropped:
            self._after_drop("buffer_full", dropped, "")

    def _send_replay(self, name: str) -> None:
        spool = self.spool
        if spool is None:
            return
        with self._lock:
            claimed = self._replay_claimed
        if claimed is None:
            claimed = spool.claim(name)
            if claimed is None:
                return  # another process took it
            with self._lock:
                if self._closing:
                    Spool.release(claimed)
                    return
                self._replay_claimed = claimed
        wire = Spool.read(claimed)
        if wire is None:
            logger.warning("agentobs: ignoring an unreadable spool file %s", claimed)
            Spool.delete(claimed)
            with self._lock:
                self._replay_claimed = None
            return
        items = [_Encoded(data, None) for data in wire]
        with self._lock:
            self._replaying = True
        try:
            leftover = self._deliver(items, None, replay=True)
        finally:
            with self._lock:
                self._replaying = False
                self._done.notify_all()
        with self._lock:
            if self._replay_claimed != claimed:
                return  # shutdown released it meanwhile
            if leftover:
                if len(leftover) < len(items):
                    try:
                        spool.rewrite(claimed, [e.data for e in leftover])
                    except OSError:
                        logger.debug("agentobs: could not rewrite %s", claimed, exc_info=True)
                return  # retried after the backoff
            self._replay_claimed = None
        Spool.delete(claimed)

    def _scan_spool(self) -> None:
        spool = self.spool
        if spool is None:
            return
        self._last_scan = time.monotonic()
        names = spool.pending()
        with self._lock:
            known = set(self._replay)
            self._replay.extend(n for n in names if n not in known)

    # -- one request -------------------------------------------------------------------------------

    def _deliver(self, items: List[_Encoded], gen: Optional[int], replay: bool) -> List[_Encoded]:
        """POST ``items`` (one request; halves on a 413) and settle them; returns the items that failed
        with a retryable error (and remain to send)."""
        n = len(items)
        status, retry_after, body = self._post(items)
        if status is not None and 200 <= status < 300:
            self._on_success(items, body, gen, replay)
            return []
        if status == 413:
            if n == 1:
                self._settle(items, gen, replay, reason="too_large", detail=" (HTTP 413)")
                return []
            with self._lock:
                self._split_limit = max(1, n // 2)
                self._split_left = max(self._split_left, n)
            mid = n // 2
            left = self._deliver(items[:mid], gen, replay)
            if left:
                return left + items[mid:]
            return self._deliver(items[mid:], gen, replay)
        if status is not None and 400 <= status < 500 and status not in _RETRYABLE_4XX:
            self._settle(items, gen, replay, reason="rejected", detail=f" (HTTP {status}: {_problem_detail(body)})")
            return []
        self._on_failure(status, retry_after, n)
        return items

    def _post(self, items: List[_Encoded]) -> Tuple[Optional[int], Optional[float], bytes]:
        body = b'{"spans":[' + b",".join(e.data for e in items) + b"]}"
        payload = gzip.compress(body, compresslevel=6, mtime=0)
        headers = {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Accept": "application/json",
            "User-Agent": f"agentobs-python/{__version__}",
        }
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        with self._lock:
            self._requests += 1
            if self._failures:
                self._retries += 1
            self._poke = False
        try:
            resp = self._client().post(self.endpoint, content=payload, headers=headers)
            return resp.status_code, _parse_retry_after(resp.headers.get("retry-after")), resp.content
        except Exception as exc:  # network errors, timeouts: retryable (httpx discards the broken connection;
            # the client and its TLS context are kept: building them anew per retry costs CPU and memory)
            logger.debug("agentobs: ingest request failed: %r", exc)
            return None, None, repr(exc).encode()

    def _on_success(self, items: List[_Encoded], body: bytes, gen: Optional[int], replay: bool) -> None:
        n = len(items)
        errors: List[Any] = []
        accepted = n
        try:
            data = json.loads(body) if body else {}
            if isinstance(data, dict):
                errs = data.get("errors")
                if isinstance(errs, list):
                    errors = errs
                acc = data.get("accepted")
                accepted = int(acc) if isinstance(acc, int) else n - len(errors)
        except Exception:
            pass
        accepted = max(0, min(n, accepted))
        rejected = n - accepted
        recovered = None
        with self._lock:
            if self._outage_since is not None:
                recovered = time.monotonic() - self._outage_since
                self._outage_since = None
            self._failures = 0
            self._retry_at = 0.0
            self._retry_after_block = False
        if recovered is not None:
            logger.warning("agentobs: the API is reachable again after %.0f s; sending the buffered spans", recovered)
        with self._lock:
            if self._split_left > 0:
                self._split_left -= n
            current = gen is None or gen == self._gen
            if current:
                if replay:
                    self._replayed += accepted
                else:
                    self._sent += accepted
                    self._live_done += accepted
                    if len(items) != len(self._inflight):
                        ids = {id(e) for e in items}
                        self._inflight = [e for e in self._inflight if id(e) not in ids]
                    else:
                        self._inflight = []
                self._done.notify_all()
        if rejected and current:
            first = errors[0] if errors and isinstance(errors[0], dict) else {}
            self._count_drop(
                "rejected",
                rejected,
                live=not replay,
                detail=f" (first: {first.get('code', '?')}: {first.get('message', '?')})",
            )
        if not replay and time.monotonic() - self._last_scan > _RESCAN_EVERY:
            try:
                self._scan_spool()
            except Exception:  # pragma: no cover - defensive
                logger.debug("agentobs: spool scan failed", exc_info=True)

    def _settle(self, items: List[_Encoded], gen: Optional[int], replay: bool, reason: str, detail: str) -> None:
        with self._lock:
            if gen is not None and gen != self._gen:
                return
            if not replay:
                ids = {id(e) for e in items}
                self._inflight = [e for e in self._inflight if id(e) not in ids]
            if self._split_left > 0:
                self._split_left -= len(items)
        self._count_drop(reason, len(items), live=not replay, detail=detail)

    def _on_failure(self, status: Optional[int], retry_after: Optional[float], n: int) -> None:
        with self._lock:
            self._failures += 1
            failures = self._failures
            if retry_after is not None:
                delay = retry_after + random.uniform(0, min(1.0, retry_after * 0.1))
                self._retry_after_block = True
            else:
                delay = self._backoff(failures)
                self._retry_after_block = False
            self._retry_at = time.monotonic() + delay
            first = self._outage_since is None
            if first:
                self._outage_since = time.monotonic()
            if self._closing:
                self._closing_failed = True
            self._done.notify_all()
        if first:
            logger.warning(
                "agentobs: could not send %d span(s) to %s (%s); keeping them buffered and retrying for up to %g s",
                n,
                self.endpoint,
                f"HTTP {status}" if status is not None else "network error",
                self.max_retry_duration,
            )

    def _backoff(self, attempt: int) -> float:
        cap = min(self.max_retry_delay, self.retry_base_delay * (2 ** min(attempt - 1, 30)))
        return random.uniform(cap / 2, cap)  # "equal jitter"

    def _client(self) -> httpx.Client:
        http = self._http
        if http is None:
            http = httpx.Client(timeout=httpx.Timeout(self.request_timeout), follow_redirects=False)
            self._http = http
        return http


def _pack(wire: List[bytes], max_count: int, max_bytes: int) -> List[List[bytes]]:
    chunks: List[List[bytes]] = []
    chunk: List[bytes] = []
    size = 0
    for data in wire:
        if chunk and (len(chunk) >= max_count or size + len(data) + 1 > max_bytes):
            chunks.append(chunk)
            chunk, size = [], 0
        chunk.append(data)
        size += len(data) + 1
    if chunk:
        chunks.append(chunk)
    return chunks


_DELTA_SECONDS = re.compile(r"^\d+(\.\d+)?$")


def _parse_retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    if _DELTA_SECONDS.match(value):  # as in TypeScript (clients/testdata/retry-after.json): "-4", "1e3" are not
        secs = float(value)
    else:
        try:
            dt = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if dt is None:
            return None
        secs = dt.timestamp() - time.time()
    if secs != secs:  # NaN
        return None
    return min(max(0.0, secs), _MAX_RETRY_AFTER)


def _problem_detail(body: bytes) -> str:
    try:
        data = json.loads(body)
        if isinstance(data, dict):
            parts = [str(data[k]) for k in ("code", "detail", "title") if data.get(k)]
            if parts:
                return " - ".join(parts)[:300]
    except Exception:
        pass
    return body[:200].decode("utf-8", "replace") if body else ""
