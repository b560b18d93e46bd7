"""Unit-test fixtures: a local fake ingestion server and clients pointed at it."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import agentobs
from agentobs import AgentObs

API_KEY = "ao_sk_unit_test"


def wait_until(predicate: Callable[[], Any], timeout: float = 5.0, interval: float = 0.005) -> Any:
    """Poll ``predicate`` until truthy (returns its value) or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


@dataclass
class Received:
    at: float
    path: str
    headers: Dict[str, str]
    raw: bytes
    body: Any
    status: int = 0

    @property
    def spans(self) -> List[Dict[str, Any]]:
        return self.body.get("spans", []) if isinstance(self.body, dict) else []


# A responder gets (request, index of the request) and returns (status, headers, body) or None (= 200 OK).
Responder = Callable[[Received, int], Optional[Tuple[int, Dict[str, str], Any]]]


@dataclass
class Collector:
    url: str = ""
    requests: List[Received] = field(default_factory=list)
    responder: Optional[Responder] = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def spans(self) -> List[Dict[str, Any]]:
        """Spans of requests answered with 2xx."""
        with self.lock:
            reqs = list(self.requests)
        return [s for r in reqs if 200 <= r.status < 300 for s in r.spans]

    def spans_by_name(self) -> Dict[str, Dict[str, Any]]:
        return {s["name"]: s for s in self.spans}

    def wait_for_spans(self, n: int, timeout: float = 5.0) -> List[Dict[str, Any]]:
        wait_until(lambda: len(self.spans) >= n, timeout)
        return self.spans


def _make_handler(collector: Collector) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            data = raw
            if self.headers.get("Content-Encoding") == "gzip":
                data = gzip.decompress(raw)
            try:
                body = json.loads(data)
            except ValueError:
                body = None
            rec = Received(time.monotonic(), self.path, dict(self.headers), raw, body)
            with collector.lock:
                index = len(collector.requests)
                collector.requests.append(rec)
            answer = collector.responder(rec, index) if collector.responder else None
            if answer is None:
                n = len(rec.spans)
                answer = (200, {}, {"accepted": n, "errors": []})
            status, headers, payload = answer
            rec.status = status
            out = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def collector():
    c = Collector()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(c))
    server.daemon_threads = True
    c.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield c
    server.shutdown()
    server.server_close()


INTERNALS = ("retry_base_delay", "max_retry_delay", "request_timeout", "max_batch_bytes", "max_batch_size")


def fast_retries(obs: AgentObs, **internals: Any) -> AgentObs:
    """Shorten the sender's internal retry timings (0.5 s doubling to 30 s) for a test."""
    t = obs._transport
    t.retry_base_delay = internals.get("retry_base_delay", 0.01)
    t.max_retry_delay = internals.get("max_retry_delay", 0.05)
    t.request_timeout = internals.get("request_timeout", 5.0)
    for key in ("max_batch_bytes", "max_batch_size"):
        if key in internals:
            setattr(t, key, internals[key])
    return obs


@pytest.fixture
def make_obs(collector):
    """Build AgentObs clients aimed at the collector (fast timers); all are shut down afterwards."""
    made: List[AgentObs] = []

    def make(**kwargs: Any) -> AgentObs:
        opts: Dict[str, Any] = dict(
            api_key=API_KEY,
            base_url=collector.url,
            flush_interval=0.05,
            spool_dir=None,
        )
        # internal timings (not options): shortened so retries happen within a unit test
        internals = {k: kwargs.pop(k) for k in list(kwargs) if k in INTERNALS}
        opts.update(kwargs)
        obs = AgentObs(**opts)
        fast_retries(obs, **internals)
        made.append(obs)
        return obs

    yield make
    for obs in made:
        obs.shutdown(timeout=1.0)


@pytest.fixture
def obs(make_obs):
    return make_obs()


@pytest.fixture
def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(autouse=True)
def _private_temp_dir(tmp_path, monkeypatch):
    """The default spool directory lives under the temp dir: give each test its own (child processes
    started by a test inherit it through TMPDIR)."""
    import tempfile

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    return temp


@pytest.fixture(autouse=True)
def _no_leaked_default():
    """Each test starts without a default client (observe builds/uses the newest one)."""
    yield
    agentobs._client._default = None
