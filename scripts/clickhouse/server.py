#!/usr/bin/env python3
"""A local ClickHouse for development and tests: the real ClickHouse engine (PyPI `chdb-core`, ClickHouse
26.9 in-process) behind the subset of ClickHouse's HTTP interface that `@clickhouse/client` speaks.

    python scripts/clickhouse/server.py --path var/clickhouse --port 8123 [--host 127.0.0.1]

Served: `GET /ping` and `GET /` ("Ok."), queries by GET (`?query=`, read-only) or POST (the query is the
`query` URL parameter followed by the body, as on a ClickHouse server, so `INSERT … FORMAT JSONEachRow` sends
its rows as the body), `param_<name>` typed query parameters in the URL or in a multipart/form-data body,
settings as URL parameters (unknown ones → UNKNOWN_SETTING), `default_format`, `query_id`, `session_id` (a
session keeps `SET`s and temporary tables; one request at a time per session, SESSION_IS_LOCKED otherwise),
gzip/deflate request bodies (`Content-Encoding`) and gzip responses (`enable_http_compression=1` with
`Accept-Encoding: gzip`), errors as ClickHouse sends them (`Code: N. DB::Exception: … (NAME) (version …)`,
`X-ClickHouse-Exception-Code`, the HTTP status ClickHouse maps that code to), and the `X-ClickHouse-Summary`,
`X-ClickHouse-Query-Id`, `X-ClickHouse-Format` and `X-ClickHouse-Timezone` headers.

Not served (not used by this project): authentication (it listens on loopback only and accepts any user),
streaming of results while they are computed (a result is sent when complete), progress headers, the native
TCP protocol. Results are the engine's own bytes, so every ClickHouse format works.

One process per data directory (the engine is bound to one path per process): a lock file refuses a second.
Requests run on connections of that engine (they run in parallel and keep their settings and current database to
themselves), reused between requests with the same settings and database; one connection stays open for the life
of the process so the engine, its background merges and TTL moves keep running between requests.
"""

import argparse
import fcntl
import gzip
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import urllib.parse
import uuid
import zlib
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

os.environ.setdefault("TZ", "UTC")
import chdb  # noqa: E402  (TZ first: the engine reads it once)

# URL parameters of the HTTP interface that are not settings.
HTTP_PARAMS = {
    "query",
    "query_id",
    "database",
    "default_format",
    "session_id",
    "session_timeout",
    "session_check",
    "user",
    "password",
    "quota_key",
    "role",
    "compress",
    "decompress",
    "buffer_size",
    "wait_end_of_query",
    "stacktrace",
    "enable_http_compression",
    "http_zlib_compression_level",
    "http_native_compression_disable_checksumming_on_decompress",
    "send_progress_in_http_headers",
    "http_headers_progress_interval_ms",
}

# The HTTP status ClickHouse answers for an exception, by the exception's name (ClickHouse's
# exceptionCodeToHTTPStatus); anything else is 500.
STATUS_BY_NAME = {}
for _status, _names in (
    (401, "REQUIRED_PASSWORD"),
    (403, "UNKNOWN_USER WRONG_PASSWORD AUTHENTICATION_FAILED SET_NON_GRANTED_ROLE ACCESS_DENIED"),
    (
        400,
        "BAD_ARGUMENTS CANNOT_COMPILE_REGEXP CANNOT_PARSE_TEXT CANNOT_PARSE_ESCAPE_SEQUENCE CANNOT_PARSE_QUOTED_STRING "
        "CANNOT_PARSE_DATE CANNOT_PARSE_DATETIME CANNOT_PARSE_NUMBER CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING CANNOT_PARSE_IPV4 "
        "CANNOT_PARSE_IPV6 CANNOT_PARSE_INPUT_ASSERTION_FAILED CANNOT_PARSE_UUID DUPLICATE_COLUMN ILLEGAL_COLUMN "
        "UNKNOWN_ELEMENT_IN_AST UNKNOWN_TYPE_OF_AST_NODE THERE_IS_NO_COLUMN TOO_DEEP_AST TOO_BIG_AST UNEXPECTED_AST_STRUCTURE "
        "SYNTAX_ERROR INCORRECT_DATA TYPE_MISMATCH VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE",
    ),
    (
        404,
        "UNKNOWN_TABLE UNKNOWN_FUNCTION UNKNOWN_IDENTIFIER UNKNOWN_TYPE UNKNOWN_STORAGE UNKNOWN_DATABASE UNKNOWN_SETTING "
        "UNKNOWN_DIRECTION_OF_SORTING UNKNOWN_AGGREGATE_FUNCTION UNKNOWN_FORMAT UNKNOWN_DATABASE_ENGINE UNKNOWN_TYPE_OF_QUERY "
        "UNKNOWN_ROLE",
    ),
    (413, "QUERY_IS_TOO_LARGE"),
    (501, "NOT_IMPLEMENTED"),
    (503, "SOCKET_TIMEOUT CANNOT_OPEN_FILE CANNOT_SCHEDULE_TASK"),
    (411, "HTTP_LENGTH_REQUIRED"),
    (408, "TIMEOUT_EXCEEDED"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
):
    for _name in _names.split():
        STATUS_BY_NAME[_name] = _status

# Errors this front raises itself (code, name), as a ClickHouse server would for the same request.
UNKNOWN_SETTING = (115, "UNKNOWN_SETTING")
SESSION_IS_LOCKED = (373, "SESSION_IS_LOCKED")
CANNOT_DECOMPRESS = (271, "CANNOT_DECOMPRESS")
UNKNOWN_COMPRESSION_METHOD = (638, "UNKNOWN_COMPRESSION_METHOD")
BAD_ARGUMENTS = (36, "BAD_ARGUMENTS")
READONLY = (164, "READONLY")
SYNTAX_ERROR = (62, "SYNTAX_ERROR")

ERROR_RE = re.compile(r"Code: (\d+)\..*?\(([A-Z0-9_]+)\)\s*$", re.S)
CONTENT_TYPES = {
    "JSON": "application/json; charset=UTF-8",
    "JSONCompact": "application/json; charset=UTF-8",
    "JSONEachRow": "application/x-ndjson; charset=UTF-8",
    "JSONCompactEachRow": "application/x-ndjson; charset=UTF-8",
    "JSONStringsEachRow": "application/x-ndjson; charset=UTF-8",
    "CSV": "text/csv; charset=UTF-8; header=absent",
    "CSVWithNames": "text/csv; charset=UTF-8; header=present",
    "TabSeparated": "text/tab-separated-values; charset=UTF-8",
    "TSV": "text/tab-separated-values; charset=UTF-8",
}
STATEFUL_RE = re.compile(r"\s*(SET|USE|CREATE\s+TEMPORARY|BEGIN|COMMIT|ROLLBACK)\b", re.I)
FORMAT_RE = re.compile(r"\bFORMAT\s+([A-Za-z][A-Za-z0-9]*)\s*;?\s*$", re.I)


class QueryError(Exception):
    def __init__(self, code, name, message):
        super().__init__(message)
        self.code, self.name, self.message = code, name, message


def log(msg):
    sys.stderr.write(f"[clickhouse] {time.strftime('%H:%M:%S')} {msg}\n")
    sys.stderr.flush()


class Engine:
    """The chdb engine on one data path, its known settings, and the open sessions."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        os.makedirs(self.path, exist_ok=True)
        self.lock_file = open(os.path.join(self.path, ".clickhouse-front.lock"), "w")
        try:
            fcntl.flock(self.lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SystemExit(f"another process serves {self.path} (one process per data directory)")
        self.lock_file.write(str(os.getpid()))
        self.lock_file.flush()
        self.keeper = chdb.connect(self.path)  # keeps the engine (and its background work) alive
        res = self.keeper.query("SELECT name FROM system.settings", "TabSeparated")
        self.settings = set(res.bytes().decode().split("\n")) - {""}
        self.version = self.keeper.query("SELECT version()", "TabSeparated").bytes().decode().strip()
        self.sessions = {}
        self.sessions_lock = threading.Lock()
        self.idle = {}  # (database, settings) → connections ready for reuse
        self.idle_lock = threading.Lock()

    def borrow(self, database, settings):
        """A connection with exactly these settings and current database (reused: opening one costs ~1 ms)."""
        key = (database or "", tuple(sorted(settings.items())))
        with self.idle_lock:
            free = self.idle.get(key)
            if free:
                return key, free.pop()
        conn = self.connect(settings)
        if database:
            try:
                conn.query("USE `" + database.replace("\\", "\\\\").replace("`", "\\`") + "`", "TabSeparated")
            except Exception as e:
                conn.close()
                raise as_query_error(e)
        return key, conn

    def give_back(self, key, conn, reusable):
        if reusable:
            with self.idle_lock:
                free = self.idle.setdefault(key, [])
                if len(free) < 8:
                    free.append(conn)
                    return
        conn.close()

    def connect(self, settings):
        for name in settings:
            if name not in self.settings and not name.startswith("custom_"):
                raise QueryError(*UNKNOWN_SETTING, f"Setting {name} is neither a builtin setting nor started with the prefix 'custom_'")
        target = self.path + ("?" + urllib.parse.urlencode(settings) if settings else "")
        try:
            return chdb.connect(target)
        except Exception as e:  # a bad setting value fails the connection
            raise as_query_error(e)

    def session(self, session_id, timeout, check):
        """The session's connection (created unless `check`), locked for this request."""
        now = time.monotonic()
        with self.sessions_lock:
            for sid, s in list(self.sessions.items()):
                if s["expires"] < now and not s["lock"].locked():
                    del self.sessions[sid]
                    s["conn"].close()
            s = self.sessions.get(session_id)
            if s is None:
                if check:
                    raise QueryError(372, "SESSION_NOT_FOUND", f"Session {session_id} not found")
                s = {"conn": self.connect({}), "lock": threading.Lock(), "expires": 0}
                self.sessions[session_id] = s
            if not s["lock"].acquire(blocking=False):
                raise QueryError(*SESSION_IS_LOCKED, f"Session {session_id} is locked by a concurrent client")
            s["expires"] = now + timeout
            return s

    def close(self):
        with self.sessions_lock:
            for s in self.sessions.values():
                s["conn"].close()
            self.sessions.clear()
        with self.idle_lock:
            for free in self.idle.values():
                for conn in free:
                    conn.close()
            self.idle.clear()
        self.keeper.close()


def as_query_error(e):
    text = str(e).strip()
    text = re.sub(r"^(Failed to create connection: |Streaming query failed: )", "", text)
    m = ERROR_RE.search(text)
    if m:
        return QueryError(int(m.group(1)), m.group(2), text)
    return QueryError(1001, "STD_EXCEPTION", text)


def parse_multipart(body, content_type):
    """name → value of a multipart/form-data body (what @clickhouse/client sends for long query parameters)."""
    m = re.search(r'boundary="?([^";]+)"?', content_type)
    if not m:
        raise QueryError(*BAD_ARGUMENTS, "multipart/form-data without a boundary")
    delimiter = b"--" + m.group(1).encode()
    fields = {}
    for part in body.split(delimiter)[1:]:
        if part.startswith(b"--"):
            break
        head, _, value = part.lstrip(b"\r\n").partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]*)"', head)
        if name:
            fields[name.group(1).decode()] = value[:-2] if value.endswith(b"\r\n") else value
    return fields


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ClickHouse-chdb-front"
    disable_nagle_algorithm = True  # TCP_NODELAY: small answers leave at once (else ~40 ms per request)
    engine = None  # set by main()

    def log_message(self, fmt, *args):  # access log off; errors are logged where they happen
        pass

    def do_GET(self):
        self.handle_query(readonly=True)

    def do_POST(self):
        self.handle_query(readonly=False)

    def do_HEAD(self):
        self.accept_gzip = False
        self.reply(200, b"", {"Content-Type": "text/plain; charset=UTF-8"})

    def reply(self, status, body, headers):
        if self.accept_gzip and body and headers.pop("_compressible", False):
            body = gzip.compress(body, compresslevel=3)
            headers["Content-Encoding"] = "gzip"
        headers.pop("_compressible", None)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Keep-Alive", "timeout=10")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            body = b"".join(chunks)
        else:
            body = self.rfile.read(length) if length else b""
        encoding = (self.headers.get("Content-Encoding") or "").strip().lower()
        if encoding in ("", "identity", "none"):
            return body
        try:
            if encoding == "gzip":
                return gzip.decompress(body)
            if encoding == "deflate":
                return zlib.decompress(body)
        except Exception as e:
            raise QueryError(*CANNOT_DECOMPRESS, f"Cannot decompress the request body ({encoding}): {e}")
        raise QueryError(*UNKNOWN_COMPRESSION_METHOD, f"Unknown Content-Encoding of the request body: {encoding}")

    def handle_query(self, readonly):
        url = urllib.parse.urlsplit(self.path)
        self.accept_gzip = False
        query_id = str(uuid.uuid4())
        try:
            params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
            p = dict(params)
            query_id = p.get("query_id") or query_id
            self.accept_gzip = p.get("enable_http_compression") in ("1", "true") and "gzip" in (
                self.headers.get("Accept-Encoding") or ""
            )
            body = b"" if readonly else self.read_body()
            if url.path in ("/ping", "/replicas_status") or (url.path == "/" and "query" not in p and not body):
                self.reply(200, b"Ok.\n", {"Content-Type": "text/plain; charset=UTF-8"})
                return
            if url.path != "/":
                self.reply(404, b"There is no handle " + url.path.encode() + b"\n", {"Content-Type": "text/plain; charset=UTF-8"})
                return
            query_params = {k[6:]: v for k, v in params if k.startswith("param_")}
            if body and (self.headers.get("Content-Type") or "").startswith("multipart/form-data"):
                fields = parse_multipart(body, self.headers["Content-Type"])
                body = fields.pop("query", b"")
                for k, v in fields.items():
                    if k.startswith("param_"):
                        query_params[k[6:]] = v.decode()
            sql = p.get("query", "")
            if body:
                sql = f"{sql}\n{body.decode('utf-8', 'surrogateescape')}" if sql else body.decode("utf-8", "surrogateescape")
            if not sql.strip():
                raise QueryError(*SYNTAX_ERROR, "Empty query")
            settings = {k: v for k, v in params if k not in HTTP_PARAMS and not k.startswith("param_")}
            if readonly:
                settings.setdefault("readonly", "2")
            fmt = p.get("default_format") or "TabSeparated"
            m = FORMAT_RE.search(sql.split("\n", 1)[0]) if not sql.lstrip().upper().startswith("INSERT") else None
            if m:
                fmt = m.group(1)
            status, out, summary = self.execute(sql, fmt, settings, query_params, p)
            headers = {
                "Content-Type": CONTENT_TYPES.get(fmt, "text/plain; charset=UTF-8"),
                "X-ClickHouse-Query-Id": query_id,
                "X-ClickHouse-Format": fmt,
                "X-ClickHouse-Timezone": "UTC",
                "X-ClickHouse-Server-Display-Name": "chdb-front",
                "X-ClickHouse-Summary": json.dumps(summary, separators=(",", ":")),
                "_compressible": True,
            }
            self.reply(status, out, headers)
        except QueryError as e:
            status = STATUS_BY_NAME.get(e.name, 500)
            message = e.message if e.message.startswith("Code: ") else f"Code: {e.code}. DB::Exception: {e.message}. ({e.name})"
            if status >= 500:
                log(f"query {query_id} failed: {message[:500]}")
            body = f"{message} (version {self.engine.version})\n".encode()
            self.reply(
                status,
                body,
                {
                    "Content-Type": "text/plain; charset=UTF-8",
                    "X-ClickHouse-Exception-Code": str(e.code),
                    "X-ClickHouse-Query-Id": query_id,
                    "_compressible": True,
                },
            )
        except (BrokenPipeError, ConnectionResetError):
            pass

    def execute(self, sql, fmt, settings, query_params, p):
        session_id = p.get("session_id")
        session = None
        database = p.get("database")
        if session_id:
            timeout = int(p.get("session_timeout") or 60)
            session = self.engine.session(session_id, timeout, p.get("session_check") in ("1", "true"))
            conn = session["conn"]
            try:
                for k, v in settings.items():
                    if k not in self.engine.settings and not k.startswith("custom_"):
                        raise QueryError(*UNKNOWN_SETTING, f"Setting {k} is neither a builtin setting nor started with the prefix 'custom_'")
                    conn.query(f"SET {k} = {quote(v)}", "TabSeparated")
                if database:
                    conn.query("USE `" + database.replace("\\", "\\\\").replace("`", "\\`") + "`", "TabSeparated")
            except QueryError:
                session["lock"].release()
                raise
            except Exception as e:
                session["lock"].release()
                raise as_query_error(e)
        else:
            key, conn = self.engine.borrow(database, settings)
        started = time.monotonic_ns()
        ok = False
        try:
            res = conn.query(sql, fmt, params=query_params)
            out = res.bytes() if res is not None else b""
            summary = {
                "read_rows": str(res.rows_read()),
                "read_bytes": str(res.bytes_read()),
                "written_rows": str(res.rows_written()),
                "written_bytes": str(res.bytes_written()),
                "total_rows_to_read": "0",
                "result_rows": str(res.rows_read() if out else 0),
                "result_bytes": str(len(out)),
                "elapsed_ns": str(time.monotonic_ns() - started),
            }
            ok = True
        except QueryError:
            raise
        except Exception as e:
            raise as_query_error(e)
        finally:
            if session:
                session["lock"].release()
            else:
                # a statement that changes the connection's state (SET, USE, temporary tables) does not go back
                self.engine.give_back(key, conn, ok and not STATEFUL_RE.match(sql))
        return 200, out, summary


def quote(value):
    """A setting's value as a SQL literal for SET (numbers and booleans as they are)."""
    if re.fullmatch(r"-?\d+(\.\d+)?|true|false", value, re.I):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def server_bind(self):
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        super().server_bind()


def main():
    ap = argparse.ArgumentParser(description="ClickHouse HTTP interface on the chdb engine (local development and tests)")
    ap.add_argument("--path", required=True, help="data directory (one server process per directory)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8123)
    args = ap.parse_args()
    engine = Engine(args.path)
    Handler.engine = engine
    server = Server((args.host, args.port), Handler)

    def stop(signum, _frame):
        log(f"signal {signum}: stopping")
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log(f"ClickHouse {engine.version} (chdb) on http://{args.host}:{server.server_address[1]} data {engine.path}")
    print(f"listening {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        engine.close()
        log("stopped")


if __name__ == "__main__":
    main()
