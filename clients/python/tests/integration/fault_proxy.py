"""A fault-injecting HTTP proxy in front of the real API, for the SDK's failure-path tests.

Modes (switch at any time with ``proxy.set(mode, ...)``):

* ``pass``: forward the request to the API and relay its answer;
* ``refuse``: nothing listens on the port any more (connection refused), as when the API is down;
* ``hang``: read the request and never answer (until the mode changes, then drop the connection);
* ``status``: answer ``status`` (503 by default) with an optional ``Retry-After`` without forwarding;
* ``slow``: wait ``delay`` seconds, then forward.

``outage(seconds)`` refuses for that long, then passes again. Every forwarded ingest request is recorded
(spans as ``traceId:spanId`` keys), so tests can tell how often each span reached the API.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional

import httpx

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "content-encoding"}


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.mode = "pass"
        self.status = 503
        self.retry_after: Optional[str] = None
        self.delay = 0.0
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.forwarded: List[Dict[str, Any]] = []  # {"status", "keys"} per forwarded ingest request
        self.seen = 0  # requests received in any mode
        self._http = httpx.Client(timeout=60)
        self._connections: set = set()
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._listen()

    # -- control -----------------------------------------------------------------------------------

    def set(self, mode: str, *, status: int = 503, retry_after: Optional[str] = None, delay: float = 0.0) -> None:
        assert mode in ("pass", "refuse", "hang", "status", "slow"), mode
        with self.lock:
            previous = self.mode
            self.mode, self.status, self.retry_after, self.delay = mode, status, retry_after, delay
            self.changed.notify_all()
        if mode == "refuse" and previous != "refuse":
            self._close_listener()
        elif mode != "refuse" and previous == "refuse":
            self._listen()

    def outage(self, seconds: float) -> threading.Thread:
        """Refuse connections for ``seconds``, then pass again (in the background)."""
        self.set("refuse")

        def end() -> None:
            time.sleep(seconds)
            self.set("pass")

        t = threading.Thread(target=end, daemon=True)
        t.start()
        return t

    def keys(self) -> List[str]:
        """Every span key the API was sent (and answered 2xx), once per time it was sent."""
        with self.lock:
            return [k for r in self.forwarded if 200 <= r["status"] < 300 for k in r["keys"]]

    def close(self) -> None:
        with self.lock:
            self.mode = "closed"
            self.changed.notify_all()
        self._close_listener()
        self._http.close()

    # -- server ------------------------------------------------------------------------------------

    def _listen(self) -> None:
        deadline = time.monotonic() + 5
        while True:
            try:
                server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def _close_listener(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        with self.lock:  # kept-alive connections too: a refusing API answers nothing at all
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _handler(self) -> type:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                with proxy.lock:
                    proxy._connections.add(self.connection)

            def finish(self) -> None:
                with proxy.lock:
                    proxy._connections.discard(self.connection)
                try:
                    super().finish()
                except OSError:
                    pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with proxy.lock:
                    proxy.seen += 1
                    mode = proxy.mode
                    if mode == "hang":
                        while proxy.mode == "hang":
                            proxy.changed.wait()
                        self.close_connection = True
                        return  # dropped without an answer
                    status, retry_after, delay = proxy.status, proxy.retry_after, proxy.delay
                if mode in ("refuse", "closed"):  # arrived on a connection opened before: drop it
                    self.close_connection = True
                    return
                if mode == "status":
                    payload = json.dumps({"code": "unavailable", "title": "injected by the test proxy"}).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/problem+json")
                    if retry_after is not None:
                        self.send_header("Retry-After", retry_after)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if mode == "slow":
                    time.sleep(delay)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                if self.headers.get("Content-Encoding"):
                    headers["Content-Encoding"] = self.headers["Content-Encoding"]
                resp = proxy._http.request(self.command, proxy.upstream + self.path, content=body, headers=headers)
                if self.command == "POST" and self.path.startswith("/api/v1/ingest"):
                    raw = gzip.decompress(body) if self.headers.get("Content-Encoding") == "gzip" else body
                    try:
                        spans = json.loads(raw).get("spans") or []
                    except ValueError:
                        spans = []
                    keys = [f"{s.get('traceId')}:{s.get('spanId')}" for s in spans if isinstance(s, dict)]
                    with proxy.lock:
                        proxy.forwarded.append({"status": resp.status_code, "keys": keys})
                self.send_response(resp.status_code)
                for k, v in resp.headers.items():
                    if k.lower() not in _HOP_BY_HOP:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(resp.content)))
                self.end_headers()
                self.wfile.write(resp.content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
