"""Background delivery of ended spans to ``POST {base_url}/api/v1/ingest``.

The caller only appends to a bounded in-memory queue (dropping and counting the oldest span when
it is full); a daemon worker thread takes batches (by count and by bytes, under the API's limits
of 1000 spans / 5 MB per request), gzips them and posts them. 429, 5xx and network errors are
retried with exponential backoff and jitter, honouring ``Retry-After``; a 413 splits the batch in
halves (a single span too large is dropped and counted); other 4xx drop the batch with one
warning. Nothing here ever raises into the caller.

Fork safety: locks are held across ``os.fork`` and the child gets fresh locks, an empty queue
(the parent still owns and sends what was queued) and a new worker thread.
"""

from __future__ import annotations

import email.utils
import gzip
import json
import logging
import os
import random
import threading
import time
import weakref
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any, Callable, Dict, List, Optional

import httpx

from ._serialize import encode_span
from ._version import __version__

__all__ = ["Transport", "Stats", "FlushResult"]

logger = logging.getLogger("agentobs")
_THREAD_NAME = "agentobs-sender"


class _QuietSender(logging.Filter):
    """httpx logs every request at INFO; the sender's own requests are not the application's business."""

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.current_thread().name != _THREAD_NAME


logging.getLogger("httpx").addFilter(_QuietSender())

_BODY_OVERHEAD = len(b'{"spans":[]}')
_RETRYABLE_4XX = frozenset({408, 409, 425, 429})
_MAX_RETRY_AFTER = 600.0


@dataclass(frozen=True)
class Stats:
    """Counters of one client since it started (or since ``os.fork`` in a child process).

    ``queued``: spans waiting in the buffer now; ``in_flight``: spans being sent now;
    ``sent``: accepted by the server; ``rejected``: refused by the server (per-span errors or a
    permanent 4xx); ``dropped_overflow``: oldest spans dropped because the buffer was full;
    ``dropped_too_large``: single spans larger than a request may be; ``failed``: given up after the
    retries, or still unsent at shutdown; ``sampled_out``: traces not recorded because of
    ``sample_rate``; ``requests``/``retries``: HTTP requests made / of which retries.
    """

    queued: int = 0
    in_flight: int = 0
    enqueued: int = 0
    sent: int = 0
    rejected: int = 0
    dropped_overflow: int = 0
    dropped_too_large: int = 0
    failed: int = 0
    sampled_out: int = 0
    requests: int = 0
    retries: int = 0

    @property
    def dropped(self) -> int:
        """Every span that will never reach the server, whatever the reason."""
        return self.rejected + self.dropped_overflow + self.dropped_too_large + self.failed

    def to_dict(self) -> Dict[str, int]:
        d = asdict(self)
        d["dropped"] = self.dropped
        return d

    def __getitem__(self, key: str) -> int:
        return self.to_dict()[key]

    def __call__(self) -> Stats:  # lets ``obs.stats()`` work as well as ``obs.stats``
        return self


@dataclass(frozen=True)
class FlushResult:
    """What ``flush``/``shutdown`` achieved: spans ``sent`` and ``dropped`` while waiting, and spans
    still ``pending`` (queued or in flight) when it returned; ``ok`` when nothing is pending."""

    sent: int
    dropped: int
    pending: int
    timed_out: bool

    @property
    def ok(self) -> bool:
        return self.pending == 0

    def __bool__(self) -> bool:
        return self.ok


class _Counters:
    __slots__ = (
        "enqueued",
        "sent",
        "rejected",
        "dropped_overflow",
        "dropped_too_large",
        "failed",
        "sampled_out",
        "requests",
        "retries",
    )

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, 0)

    @property
    def done(self) -> int:
        return self.sent + self.rejected + self.dropped_overflow + self.dropped_too_large + self.failed

    @property
    def dropped(self) -> int:
        return self.rejected + self.dropped_overflow + self.dropped_too_large + self.failed


# All live transports, for the fork hooks and the exit hook.
_LIVE: weakref.WeakSet[Transport] = weakref.WeakSet()
_REGISTRY_LOCK = threading.Lock()


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
    _REGISTRY_LOCK = threading.Lock()
    for t in list(_LIVE):
        t._reinit_after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_parent, after_in_child=_after_fork_child)


class Transport:
    def __init__(
        self,
        *,
        endpoint: str,
        api_key: Optional[str],
        flush_at: int,
        flush_interval: float,
        max_queue_size: int,
        max_queue_bytes: int,
        max_batch_size: int,
        max_batch_bytes: int,
        timeout: float,
        max_retries: int,
        retry_base_delay: float,
        max_retry_delay: float,
        enabled: bool = True,
        http_client_factory: Optional[Callable[[], httpx.Client]] = None,
    ) -> None:
        self.endpoint = endpoint
        self._api_key = api_key
        self.flush_at = flush_at
        self.flush_interval = flush_interval
        self.max_queue_size = max_queue_size
        self.max_queue_bytes = max_queue_bytes
        self.max_batch_size = max_batch_size
        self.max_batch_bytes = max_batch_bytes
        self.timeout = timeout
        self.max_retries = max_retries
        self.retry_base_delay = retry_base_delay
        self.max_retry_delay = max_retry_delay
        self.enabled = enabled
        self._http_client_factory = http_client_factory
        self._warned: set = set()
        self._init_state()
        with _REGISTRY_LOCK:
            _LIVE.add(self)
        if self.enabled:
            self._start_worker()

    # -- state (also rebuilt in a forked child) ----------------------------------------------------

    def _init_state(self) -> None:
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)  # the worker waits here
        self._done = threading.Condition(self._lock)  # flush() waits here
        self._stop = threading.Event()
        self._queue: deque = deque()
        self._queue_bytes = 0
        self._in_flight = 0
        self._flush_waiters = 0
        self._closed = False
        self._thread: Optional[threading.Thread] = None
        self._http: Optional[httpx.Client] = None
        self.c = _Counters()

    def _reinit_after_fork(self) -> None:
        closed = getattr(self, "_closed", False)
        self._init_state()  # fresh locks; parent's queue, counters and connections are the parent's
        self._closed = closed
        if self.enabled and not closed:
            self._start_worker()

    def _start_worker(self) -> None:
        t = threading.Thread(target=self._run, name=_THREAD_NAME, daemon=True)
        self._thread = t
        t.start()

    # -- caller side ---------------------------------------------------------------------------

    def enqueue(self, span: Any) -> None:
        """Called by ``Span.end``. O(1), never blocks on I/O, never raises."""
        if not self.enabled:
            return
        try:
            size = 600 + len(span.name)
            if span.input_json is not None:
                size += len(span.input_json)
            if span.output_json is not None:
                size += len(span.output_json)
            span._qsize = size
            dropped = 0
            with self._lock:
                if self._closed:
                    self.c.enqueued += 1
                    self.c.failed += 1
                    return
                q = self._queue
                q.append(span)
                self._queue_bytes += size
                self.c.enqueued += 1
                if len(q) > self.max_queue_size or self._queue_bytes > self.max_queue_bytes:
                    dropped = self._drop_oldest()
                if len(q) >= self.flush_at:
                    self._work.notify()
            if dropped:  # log outside the lock
                self._warn_once(
                    "overflow",
                    "agentobs: span buffer full (max_queue_size=%d, max_queue_bytes=%d); dropping the oldest spans",
                    self.max_queue_size,
                    self.max_queue_bytes,
                )
        except Exception:  # pragma: no cover - defensive: tracing never breaks the caller
            logger.debug("agentobs: enqueue failed", exc_info=True)

    def _drop_oldest(self) -> int:
        # lock held; keeps at least the newest span
        q = self._queue
        dropped = 0
        while len(q) > 1 and (len(q) > self.max_queue_size or self._queue_bytes > self.max_queue_bytes):
            old = q.popleft()
            self._queue_bytes -= old._qsize
            dropped += 1
        if dropped:
            self.c.dropped_overflow += dropped
            self._done.notify_all()
        return dropped

    def count_sampled_out(self) -> None:
        with self._lock:
            self.c.sampled_out += 1

    def stats(self) -> Stats:
        with self._lock:
            c = self.c
            return Stats(
                queued=len(self._queue),
                in_flight=self._in_flight,
                enqueued=c.enqueued,
                sent=c.sent,
                rejected=c.rejected,
                dropped_overflow=c.dropped_overflow,
                dropped_too_large=c.dropped_too_large,
                failed=c.failed,
                sampled_out=c.sampled_out,
                requests=c.requests,
                retries=c.retries,
            )

    def flush(self, timeout: Optional[float]) -> FlushResult:
        """Wait until every span enqueued before this call is sent or dropped, or ``timeout`` passes."""
        deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)
        with self._lock:
            c = self.c
            target = c.enqueued
            sent0, dropped0 = c.sent, c.dropped
            timed_out = False
            if self.enabled and c.done < target:
                self._flush_waiters += 1
                self._work.notify()
                try:
                    while c.done < target:
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
                sent=c.sent - sent0,
                dropped=c.dropped - dropped0,
                pending=len(self._queue) + self._in_flight,
                timed_out=timed_out,
            )

    def shutdown(self, timeout: Optional[float]) -> FlushResult:
        """Flush (bounded by ``timeout``), stop the worker, and count what is left as failed."""
        start = time.monotonic()
        with self._lock:
            already = self._closed
        if already:
            return FlushResult(sent=0, dropped=0, pending=0, timed_out=False)
        result = self.flush(timeout)
        with self._lock:
            self._closed = True
            self._stop.set()
            self._work.notify_all()
        t = self._thread
        if t is not None and t is not threading.current_thread():
            remaining = 0.2 if timeout is None else max(0.05, timeout - (time.monotonic() - start))
            t.join(min(remaining, 2.0))
        with self._lock:
            left = len(self._queue)
            if left:
                self._queue.clear()
                self._queue_bytes = 0
                self.c.failed += left
                self._done.notify_all()
        http = self._http
        if http is not None and (t is None or not t.is_alive()):
            self._http = None
            try:
                http.close()
            except Exception:  # pragma: no cover
                pass
        with _REGISTRY_LOCK:
            _LIVE.discard(self)
        return FlushResult(
            sent=result.sent,
            dropped=result.dropped + left,
            pending=self._in_flight,
            timed_out=result.timed_out,
        )

    # -- worker side -----------------------------------------------------------------------------

    def _run(self) -> None:
        interval = self.flush_interval
        next_send = time.monotonic() + interval
        while True:
            with self._lock:
                while True:
                    if self._stop.is_set():
                        return
                    n = len(self._queue)
                    now = time.monotonic()
                    if n and (n >= self.flush_at or self._flush_waiters or now >= next_send):
                        break
                    if now >= next_send:  # an idle tick
                        next_send = now + interval
                    self._work.wait(max(0.0, next_send - now))
                batch = []
                q = self._queue
                take = min(len(q), self.max_batch_size)
                for _ in range(take):
                    span = q.popleft()
                    self._queue_bytes -= span._qsize
                    batch.append(span)
                self._in_flight = take
            next_send = time.monotonic() + interval
            try:
                self._process(batch)
            except Exception:  # pragma: no cover - defensive: the worker must survive anything
                logger.debug("agentobs: unexpected error while sending", exc_info=True)
                self._settle(failed=self._in_flight)
            finally:
                with self._lock:
                    self._in_flight = 0
                    self._done.notify_all()

    def _settle(self, sent: int = 0, rejected: int = 0, too_large: int = 0, failed: int = 0) -> None:
        with self._lock:
            c = self.c
            c.sent += sent
            c.rejected += rejected
            c.dropped_too_large += too_large
            c.failed += failed
            self._in_flight = max(0, self._in_flight - (sent + rejected + too_large + failed))
            self._done.notify_all()

    def _process(self, batch: List[Any]) -> None:
        limit = self.max_batch_bytes - _BODY_OVERHEAD
        encoded: List[bytes] = []
        too_large = failed = 0
        for span in batch:
            try:
                data = encode_span(span)
            except Exception:  # pragma: no cover - defensive
                logger.debug("agentobs: could not encode span", exc_info=True)
                failed += 1
                continue
            if len(data) > limit:
                too_large += 1
                continue
            encoded.append(data)
        if too_large:
            self._warn_once(
                "too_large_local", "agentobs: dropping span(s) larger than max_batch_bytes=%d", self.max_batch_bytes
            )
        if too_large or failed:
            self._settle(too_large=too_large, failed=failed)
        # Pack into requests under the byte limit.
        chunk: List[bytes] = []
        size = 0
        for data in encoded:
            if chunk and size + len(data) + 1 > limit:
                self._send(chunk)
                chunk, size = [], 0
            chunk.append(data)
            size += len(data) + 1
        if chunk:
            self._send(chunk)

    def _client(self) -> httpx.Client:
        http = self._http
        if http is None:
            if self._http_client_factory is not None:
                http = self._http_client_factory()
            else:
                http = httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=False)
            self._http = http
        return http

    def _send(self, chunk: List[bytes]) -> None:
        """Send one request's worth of spans, with retries, 413 splitting and accounting."""
        body = b'{"spans":[' + b",".join(chunk) + b"]}"
        payload = gzip.compress(body, compresslevel=6, mtime=0)
        headers = {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Accept": "application/json",
            "User-Agent": f"agentobs-python/{__version__}",
        }
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        n = len(chunk)
        attempt = 0
        while True:
            status: Optional[int] = None
            retry_after: Optional[float] = None
            response_body = b""
            try:
                with self._lock:
                    self.c.requests += 1
                    if attempt:
                        self.c.retries += 1
                resp = self._client().post(self.endpoint, content=payload, headers=headers)
                status = resp.status_code
                response_body = resp.content
                retry_after = _parse_retry_after(resp.headers.get("retry-after"))
            except Exception as exc:  # network errors, timeouts: retryable
                logger.debug("agentobs: ingest request failed: %r", exc)
                self._drop_connection()

            if status is not None and 200 <= status < 300:
                self._on_success(n, response_body)
                return
            if status == 413:
                if n == 1:
                    self._warn_once("too_large_413", "agentobs: the server refused a span as too large (413); dropped")
                    self._settle(too_large=1)
                    return
                mid = n // 2
                self._send(chunk[:mid])
                self._send(chunk[mid:])
                return
            if status is not None and 400 <= status < 500 and status not in _RETRYABLE_4XX:
                self._warn_once(
                    f"http_{status}",
                    "agentobs: the server refused %d span(s) with HTTP %d; dropping them (further refusals with "
                    "this status are not logged): %s",
                    n,
                    status,
                    _problem_detail(response_body),
                )
                self._settle(rejected=n)
                return
            # retryable: network error, 408/409/425/429, 5xx
            attempt += 1
            if attempt > self.max_retries or self._stop.is_set():
                self._warn_once(
                    "gave_up",
                    "agentobs: could not deliver %d span(s) to %s after %d attempt(s) (last: %s); dropping them",
                    n,
                    self.endpoint,
                    attempt,
                    f"HTTP {status}" if status is not None else "network error",
                )
                self._settle(failed=n)
                return
            delay = self._backoff(attempt, retry_after)
            if self._stop.wait(delay):
                self._settle(failed=n)
                return

    def _backoff(self, attempt: int, retry_after: Optional[float]) -> float:
        if retry_after is not None:
            # honour the server's delay; add a little jitter so clients do not return in lockstep
            return retry_after + random.uniform(0, min(1.0, retry_after * 0.1))
        cap = min(self.max_retry_delay, self.retry_base_delay * (2 ** (attempt - 1)))
        return random.uniform(cap / 2, cap)  # "equal jitter"

    def _on_success(self, n: int, body: bytes) -> None:
        accepted = n
        errors: List[Any] = []
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
        if rejected:
            first = errors[0] if errors and isinstance(errors[0], dict) else {}
            self._warn_once(
                "span_errors",
                "agentobs: the server rejected %d of %d span(s) (further rejections are not logged); first: %s: %s",
                rejected,
                n,
                first.get("code", "?"),
                first.get("message", "?"),
            )
        self._settle(sent=accepted, rejected=rejected)

    def _drop_connection(self) -> None:
        http = self._http
        self._http = None
        if http is not None:
            try:
                http.close()
            except Exception:  # pragma: no cover
                pass

    def _warn_once(self, key: str, msg: str, *args: Any) -> None:
        if key in self._warned:
            return
        self._warned.add(key)
        logger.warning(msg, *args)


def _parse_retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    try:
        secs = float(value)
    except ValueError:
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
