"""SDK.md "Trust": outages, exits, the spool, loud drops — against a local fake ingestion server.

The same paths run against the real API through a fault-injecting proxy in tests/integration.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from agentobs import AgentObs

from .conftest import API_KEY, fast_retries, wait_until

SPOOL_NAME = re.compile(r"^\d{13}-\d+-[0-9a-f]{8}\.json$")


def _spans(obs, names, **kwargs):
    for name in names:
        with obs.span(name, **kwargs):
            pass


def key_dir(spool_root: Path, base_url: str, api_key: str = API_KEY) -> Path:
    return spool_root / hashlib.sha256(f"{base_url}\n{api_key}".encode()).hexdigest()[:16]


def spool_files(directory: Path):
    return sorted(p for p in directory.iterdir()) if directory.exists() else []


class Switch:
    """A responder for the collector: ``mode`` is "ok", "down" (503), "hang" (never answers until released)."""

    def __init__(self, mode="ok"):
        self.mode = mode
        self.release = threading.Event()

    def __call__(self, req, index):
        if self.mode == "down":
            return 503, {}, {"code": "unavailable"}
        if self.mode == "hang":
            self.release.wait(30)
            return 503, {}, {"code": "released"}
        return None


@pytest.fixture
def switch(collector):
    s = Switch()
    collector.responder = s
    yield s
    s.release.set()


# -- outages ---------------------------------------------------------------------------------------------


def test_an_outage_longer_than_the_old_retry_budget_loses_nothing(make_obs, collector, switch, caplog):
    """Spans stay buffered through an outage and all arrive once the API is back."""
    switch.mode = "down"
    obs = make_obs(retry_base_delay=0.05, max_retry_delay=0.2)
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        for i in range(300):
            _spans(obs, [f"s{i}"])
        wait_until(lambda: obs.stats().retries >= 10, timeout=10)  # it keeps retrying
        assert obs.stats().pending == 300 and obs.stats().dropped == 0
        switch.mode = "ok"
        result = obs.flush(timeout=10)
    assert result.ok and obs.stats().sent == 300 and obs.stats().dropped == 0
    assert sorted(s["name"] for s in collector.spans) == sorted(f"s{i}" for i in range(300))
    messages = [r.getMessage() for r in caplog.records]
    assert sum("keeping them buffered and retrying for up to 300 s" in m for m in messages) == 1
    assert sum("reachable again" in m for m in messages) == 1


def test_backoff_is_capped_at_30_seconds_and_retry_after_is_honoured(make_obs, collector):
    obs = make_obs()
    t = obs._transport
    t.retry_base_delay, t.max_retry_delay = 0.5, 30.0
    assert max(t._backoff(n) for n in range(1, 60) for _ in range(20)) <= 30.0
    assert min(t._backoff(20) for _ in range(50)) >= 15.0

    answers = iter([(503, {"Retry-After": "1"}, {}), None])
    collector.responder = lambda req, index: next(answers)
    _spans(obs, ["s"])
    assert obs.flush(timeout=10).sent == 1
    first, second = collector.requests
    assert second.at - first.at >= 1.0


def test_the_buffer_stays_bounded_during_an_outage_oldest_dropped_first(make_obs, collector, switch):
    switch.mode = "down"
    drops = []
    obs = make_obs(max_buffer_size=50, flush_at=10, on_drop=drops.append)
    for i in range(200):
        _spans(obs, [f"s{i:03d}"])
        stats = obs.stats()
        assert stats.buffered + stats.in_flight <= 50
    stats = obs.stats()
    assert stats.dropped_by_reason["buffer_full"] == 150 and stats.dropped == 150
    assert sum(d.count for d in drops) == 150 and {d.reason for d in drops} == {"buffer_full"}
    switch.mode = "ok"
    assert obs.flush(timeout=10).ok
    names = sorted(s["name"] for s in collector.spans)
    # What is kept: the spans of a request in flight when the loop ended (it cannot be recalled; if the API is
    # back by the time it is answered they are delivered) plus the newest of the rest; every other span was
    # dropped oldest first and counted above.
    assert len(names) == len(set(names)) == 50
    newest = [n for n in names if int(n[1:]) >= 150]
    assert newest == [f"s{i:03d}" for i in range(200 - len(newest), 200)]


def test_drops_are_logged_once_per_reason_per_minute(make_obs, collector, caplog):
    obs = make_obs(max_buffer_size=5, flush_at=10_000, flush_interval=30)
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        _spans(obs, [f"s{i}" for i in range(30)])  # 25 drops
        warnings = [r.getMessage() for r in caplog.records if "buffer_full" in r.getMessage()]
        assert len(warnings) == 1 and "dropped 1 span(s)" in warnings[0]
        obs._transport._warn_at["buffer_full"] -= 61  # a minute later
        _spans(obs, ["late"])
    warnings = [r.getMessage() for r in caplog.records if "buffer_full" in r.getMessage()]
    assert len(warnings) == 2 and "dropped 25 span(s)" in warnings[1]  # the 24 held back + this one
    assert obs.stats().dropped_by_reason["buffer_full"] == 26


def test_on_drop_failures_never_reach_the_caller(make_obs, collector):
    def broken(event):
        raise RuntimeError("callback bug")

    obs = make_obs(max_buffer_size=1, flush_at=10_000, flush_interval=30, on_drop=broken)
    _spans(obs, ["a", "b", "c"])  # must not raise
    assert obs.stats().dropped_by_reason["buffer_full"] == 2


def test_every_reason_is_reported_to_on_drop(make_obs, collector):
    drops = []

    def responder(req, index):
        names = [s["name"] for s in req.spans]
        if "refused" in names:
            return 400, {}, {"code": "validation_failed", "detail": "no"}
        if "huge" in names:
            return 413, {}, {}
        return None

    collector.responder = responder
    obs = make_obs(flush_at=10_000, flush_interval=30, on_drop=drops.append)
    _spans(obs, ["refused"])
    obs.flush(timeout=5)
    _spans(obs, ["huge"])
    obs.flush(timeout=5)
    obs.shutdown(timeout=5)
    _spans(obs, ["late"])  # after shutdown
    by_reason = {d.reason: d.count for d in drops}
    assert by_reason == {"rejected": 1, "too_large": 1, "shutdown_timeout": 1}
    assert obs.stats().dropped_by_reason == {
        "buffer_full": 0, "retry_expired": 0, "too_large": 1, "rejected": 1, "shutdown_timeout": 1,
    }  # fmt: skip
    assert obs.stats().dropped == 3


# -- shutdown and the spool ---------------------------------------------------------------------------------


def test_shutdown_with_a_hung_api_returns_in_time_and_spools(make_obs, collector, switch, tmp_path):
    switch.mode = "hang"
    spool = tmp_path / "spool"
    obs = make_obs(spool_dir=str(spool), shutdown_timeout=1.0)
    _spans(obs, ["a", "b", "c"])
    wait_until(lambda: obs.stats().in_flight == 3)
    start = time.monotonic()
    result = obs.shutdown()
    elapsed = time.monotonic() - start
    assert 0.9 <= elapsed < 1.8, elapsed
    assert result.spooled == 3 and result.pending == 0 and result.dropped == 0
    stats = obs.stats()
    assert stats.spooled == 3 and stats.in_flight == 0 and stats.pending == 0 and stats.dropped == 0
    directory = key_dir(spool, collector.url)
    (path,) = spool_files(directory)
    assert SPOOL_NAME.match(path.name), path.name
    assert path.name.split("-")[1] == str(os.getpid())
    body = json.loads(path.read_text())
    assert set(body) == {"spans"} and sorted(s["name"] for s in body["spans"]) == ["a", "b", "c"]
    assert all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", s["startTime"]) for s in body["spans"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert not list(directory.glob("*.tmp"))


def test_shutdown_with_a_refusing_api_spools_without_waiting_out_the_timeout(make_obs, closed_port, tmp_path):
    spool = tmp_path / "spool"
    base = f"http://127.0.0.1:{closed_port}"
    obs = make_obs(base_url=base, spool_dir=str(spool), shutdown_timeout=5.0)
    fast_retries(obs, retry_base_delay=2.0, max_retry_delay=2.0)  # in a backoff when shutdown starts
    _spans(obs, ["a", "b"])
    wait_until(lambda: obs.stats().requests >= 1)
    start = time.monotonic()
    result = obs.shutdown()
    assert time.monotonic() - start < 2.0  # one more attempt, refused, then straight to the spool
    assert result.spooled == 2
    assert len(spool_files(key_dir(spool, base))) == 1


def test_a_retry_after_beyond_the_shutdown_deadline_spools_at_once(make_obs, collector, tmp_path):
    collector.responder = lambda req, index: (429, {"Retry-After": "120"}, {"code": "rate_limited"})
    spool = tmp_path / "spool"
    obs = make_obs(spool_dir=str(spool), shutdown_timeout=5.0)
    _spans(obs, ["a"])
    wait_until(lambda: len(collector.requests) == 1)
    start = time.monotonic()
    assert obs.shutdown().spooled == 1
    assert time.monotonic() - start < 1.0
    assert len(collector.requests) == 1  # the server's wish was respected


def test_without_a_spool_unsent_spans_are_dropped_and_counted(make_obs, collector, switch, caplog):
    switch.mode = "down"
    drops = []
    obs = make_obs(spool_dir=None, shutdown_timeout=0.5, on_drop=drops.append)
    _spans(obs, ["a", "b"])
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        result = obs.shutdown()
    assert result.dropped == 2 and result.spooled == 0
    assert obs.stats().dropped_by_reason["shutdown_timeout"] == 2
    assert [(d.reason, d.count) for d in drops] == [("shutdown_timeout", 2)]
    assert "shutdown_timeout" in caplog.text


def test_the_default_spool_dir_is_per_user_under_the_temp_dir(collector, switch, _private_temp_dir):
    import getpass

    switch.mode = "down"
    obs = AgentObs(api_key=API_KEY, base_url=collector.url, shutdown_timeout=0.3)  # spool_dir not given
    expected = key_dir(_private_temp_dir / f"agentobs-spool-{getpass.getuser()}", collector.url)
    assert obs.spool_dir == str(expected)
    _spans(obs, ["a"])
    assert obs.shutdown().spooled == 1
    assert len(spool_files(expected)) == 1
    assert stat.S_IMODE(expected.parent.stat().st_mode) == 0o700


def test_a_spool_dir_owned_by_someone_else_is_refused(collector, tmp_path, caplog, monkeypatch):
    spool = tmp_path / "spool"
    directory = key_dir(spool, collector.url)
    directory.mkdir(parents=True)
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)  # the directory now belongs to "someone else"
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        obs = AgentObs(api_key=API_KEY, base_url=collector.url, spool_dir=str(spool))
    try:
        assert obs.spool_dir is None and "no spool" in caplog.text
    finally:
        obs.shutdown(timeout=1)


def test_the_next_process_with_the_same_key_replays_the_spool(make_obs, collector, switch, tmp_path):
    switch.mode = "down"
    spool = tmp_path / "spool"
    first = make_obs(spool_dir=str(spool), shutdown_timeout=0.3)
    _spans(first, [f"s{i}" for i in range(5)])
    assert first.shutdown().spooled == 5
    directory = key_dir(spool, collector.url)
    assert len(spool_files(directory)) == 1

    other_key = make_obs(api_key="ao_sk_other", spool_dir=str(spool))  # another key: another directory
    switch.mode = "ok"
    second = make_obs(spool_dir=str(spool))
    wait_until(lambda: second.stats().replayed == 5)
    assert spool_files(directory) == []  # deleted once accepted
    names = sorted(s["name"] for s in collector.spans)
    # Exactly once, unless the first process's request was still unanswered at its shutdown deadline and the
    # collector answered it late (under load, after the switch to "ok"): what is unconfirmed is spooled too
    # (at least once), and the API stores a span once per id (test_resending_a_span_does_not_duplicate_it).
    assert names == [f"s{i}" for i in range(5)] or names == sorted([f"s{i}" for i in range(5)] * 2), names
    assert second.stats().sent == 0 and other_key.stats().replayed == 0


def test_replay_waits_out_an_outage_and_gives_the_file_back_at_exit(make_obs, collector, switch, tmp_path):
    spool = tmp_path / "spool"
    directory = key_dir(spool, collector.url)
    directory.mkdir(parents=True)
    body = {"spans": [{"traceId": "1" * 32, "spanId": "2" * 16, "name": "old", "kind": "tool",
                       "startTime": "2026-01-01T00:00:00.000001Z", "status": "ok"}]}  # fmt: skip
    (directory / "1700000000000-1-deadbeef.json").write_text(json.dumps(body))
    switch.mode = "down"
    obs = make_obs(spool_dir=str(spool))
    wait_until(lambda: obs.stats().requests >= 2)
    claimed = spool_files(directory)
    assert [p.name for p in claimed] == [f"1700000000000-1-deadbeef.json.claimed-{os.getpid()}"]
    obs.shutdown(timeout=0.2)
    assert [p.name for p in spool_files(directory)] == ["1700000000000-1-deadbeef.json"]  # released
    switch.mode = "ok"
    nxt = make_obs(spool_dir=str(spool))
    wait_until(lambda: nxt.stats().replayed == 1)
    assert [s["name"] for s in collector.spans] == ["old"]
    assert spool_files(directory) == []


def test_a_refused_spool_file_is_deleted_and_counted(make_obs, collector, tmp_path):
    collector.responder = lambda req, index: (400, {}, {"code": "validation_failed", "detail": "bad span"})
    spool = tmp_path / "spool"
    directory = key_dir(spool, collector.url)
    directory.mkdir(parents=True)
    (directory / "1700000000000-1-00000001.json").write_text(json.dumps({"spans": [{"name": "x"}, {"name": "y"}]}))
    (directory / "1700000000001-1-00000002.json").write_text("not json")
    drops = []
    obs = make_obs(spool_dir=str(spool), on_drop=drops.append)
    wait_until(lambda: spool_files(directory) == [])
    assert [(d.reason, d.count) for d in drops] == [("rejected", 2)]
    assert obs.stats().replayed == 0


def test_claims_stale_only_when_old_and_their_process_is_gone(make_obs, collector, tmp_path):
    spool = tmp_path / "spool"
    directory = key_dir(spool, collector.url)
    directory.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    old = time.time() - 11 * 60

    def put(name, span_name, mtime=None):
        body = {"spans": [{"traceId": "1" * 32, "spanId": f"{len(span_name):016x}", "name": span_name,
                           "kind": "tool", "startTime": "2026-01-01T00:00:00.000001Z", "status": "ok"}]}  # fmt: skip
        path = directory / name
        path.write_text(json.dumps(body))
        if mtime is not None:
            os.utime(path, (mtime, mtime))

    put(f"1700000000000-1-00000001.json.claimed-{dead.pid}", "stale", old)  # dead and old: taken over
    put(f"1700000000001-1-00000002.json.claimed-{dead.pid}", "recent")  # dead but recent: left alone
    put(f"1700000000002-1-00000003.json.claimed-{os.getppid()}", "alive-owner", old)  # its owner lives
    put("1700000000003-1-00000004.json.tmp", "half-written", old)  # a writer died: removed
    obs = make_obs(spool_dir=str(spool))
    wait_until(lambda: obs.stats().replayed == 1)
    time.sleep(0.2)  # nothing else is sent (bounded: the scan happened before the first replay)
    assert [s["name"] for s in collector.spans] == ["stale"]
    left = sorted(p.name for p in spool_files(directory))
    assert left == [
        f"1700000000001-1-00000002.json.claimed-{dead.pid}",
        f"1700000000002-1-00000003.json.claimed-{os.getppid()}",
    ]


@pytest.mark.timeout(120)
def test_processes_starting_at_once_send_each_spool_file_once(collector, tmp_path):
    spool = tmp_path / "spool"
    directory = key_dir(spool, collector.url)
    directory.mkdir(parents=True)
    expected = []
    for f in range(40):
        spans = []
        for i in range(5):
            name = f"f{f}-s{i}"
            expected.append(name)
            spans.append({"traceId": f"{f + 1:032x}", "spanId": f"{i + 1:016x}", "name": name, "kind": "tool",
                          "startTime": "2026-01-01T00:00:00.000001Z", "status": "ok"})  # fmt: skip
        (directory / f"17000000{f:05d}-1-{f:08x}.json").write_text(json.dumps({"spans": spans}))
    script = textwrap.dedent(
        f"""
        import sys, time
        from agentobs import AgentObs
        sys.stdin.readline()  # start together
        obs = AgentObs(api_key={API_KEY!r}, base_url={collector.url!r}, spool_dir={str(spool)!r})
        deadline = time.monotonic() + 20
        import os
        d = {str(directory)!r}
        while os.listdir(d) and time.monotonic() < deadline:
            time.sleep(0.05)
        obs.shutdown()
        print(obs.stats().replayed)
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    replayed = [int(o.strip().splitlines()[-1]) for o in outputs]
    received = [s["name"] for s in collector.spans]
    assert sorted(received) == sorted(expected)  # every span once: no file was sent twice
    assert sum(replayed) == len(expected)
    assert spool_files(directory) == []


def test_the_spool_is_bounded_oldest_files_deleted_and_counted(make_obs, collector, switch, tmp_path):
    switch.mode = "down"
    spool = tmp_path / "spool"
    directory = key_dir(spool, collector.url)
    sizes = []
    drops = []
    for round_ in range(6):
        obs = make_obs(spool_dir=str(spool), shutdown_timeout=0.2, on_drop=drops.append)
        obs._transport.spool.max_bytes = 3 * 1500  # stands for the 50 MB of a real spool
        for i in range(3):
            with obs.span(f"r{round_}-s{i}", input="x" * 400):
                pass
        obs.shutdown()
        sizes.append(sum(p.stat().st_size for p in spool_files(directory)))
    assert max(sizes) <= 3 * 1500
    names = sorted(p.name for p in spool_files(directory))
    kept = [s["name"] for p in names for s in json.loads((directory / p).read_text())["spans"]]
    assert all(n.startswith(("r4-", "r5-")) or n.startswith("r3-") for n in kept)  # the newest files remain
    evicted = sum(d.count for d in drops if d.reason == "buffer_full")
    assert evicted + len(kept) == 18 and evicted > 0
    # the spool constant itself
    from agentobs._spool import SPOOL_MAX_BYTES

    assert SPOOL_MAX_BYTES == 50 * 1024 * 1024


# -- exit paths in child processes -------------------------------------------------------------------------

CHILD = """
import os, signal, sys, time
from agentobs import AgentObs, observe
obs = AgentObs(api_key={key!r}, base_url={url!r}, flush_interval=60, flush_at=10_000, shutdown_timeout={timeout},
               spool_dir={spool!r})

@observe(kind="tool")
def step(i):
    return i

with obs.span("exit-root", kind="agent"):
    for i in range(3):
        step(i)
{body}
"""


def run_child(tmp_path, collector_url, body, timeout=2.0, spool=None, signal_after_ready=None):
    script = tmp_path / "child.py"
    script.write_text(
        CHILD.format(key=API_KEY, url=collector_url, timeout=timeout, spool=spool, body=textwrap.dedent(body))
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if signal_after_ready is not None:
        line = proc.stdout.readline()
        assert line.strip() == "ready", (line, proc.stderr.read() if proc.poll() is not None else "")
        start = time.monotonic()
        proc.send_signal(signal_after_ready)
        out, err = proc.communicate(timeout=30)
        return proc.returncode, out, err, time.monotonic() - start
    out, err = proc.communicate(timeout=30)
    return proc.returncode, out, err, None


EXPECTED = ["exit-root", "step", "step", "step"]


def test_interpreter_exit_flushes(collector, tmp_path):
    code, out, err, _ = run_child(tmp_path, collector.url, "")
    assert code == 0, err
    assert sorted(s["name"] for s in collector.spans) == EXPECTED


def test_sys_exit_code_is_kept(collector, tmp_path):
    code, out, err, _ = run_child(tmp_path, collector.url, "sys.exit(3)")
    assert code == 3, err
    assert sorted(s["name"] for s in collector.spans) == EXPECTED


def test_an_uncaught_exception_keeps_its_exit_code_and_traceback(collector, tmp_path):
    code, out, err, _ = run_child(tmp_path, collector.url, "raise RuntimeError('crash')")
    assert code == 1
    assert "RuntimeError: crash" in err
    assert sorted(s["name"] for s in collector.spans) == EXPECTED


def test_sigterm_without_a_handler_flushes_then_dies_by_sigterm(collector, tmp_path):
    body = """
    print("ready", flush=True)
    time.sleep(30)
    print("not reached", flush=True)
    """
    code, out, err, elapsed = run_child(tmp_path, collector.url, body, signal_after_ready=signal.SIGTERM)
    assert code == -signal.SIGTERM, (code, err)
    assert "not reached" not in out
    assert sorted(s["name"] for s in collector.spans) == EXPECTED
    assert elapsed < 5


def test_sigterm_with_the_programs_handler_runs_it_and_flushes_at_exit(collector, tmp_path):
    body = """
    def on_term(signum, frame):
        print("handler ran", flush=True)
        with obs.span("in-handler"):
            pass
        sys.exit(7)
    signal.signal(signal.SIGTERM, on_term)  # installed after the client, as most programs do
    print("ready", flush=True)
    time.sleep(30)
    """
    code, out, err, _ = run_child(tmp_path, collector.url, body, signal_after_ready=signal.SIGTERM)
    assert code == 7, err
    assert "handler ran" in out
    assert sorted(s["name"] for s in collector.spans) == sorted(EXPECTED + ["in-handler"])


def test_sigterm_with_a_handler_installed_before_the_client_still_runs_it(collector, tmp_path):
    script = tmp_path / "child.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import signal, sys, time
            stop = []
            signal.signal(signal.SIGTERM, lambda s, f: stop.append(s))  # graceful shutdown: a flag
            from agentobs import AgentObs
            obs = AgentObs(api_key={API_KEY!r}, base_url={collector.url!r}, flush_interval=60, spool_dir=None)
            print("ready", flush=True)
            while not stop:
                time.sleep(0.01)
            with obs.span("after-graceful-stop"):
                pass
            print("exiting normally", flush=True)
            """
        )
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "exiting normally" in out
    assert [s["name"] for s in collector.spans] == ["after-graceful-stop"]


def test_an_ignored_sigterm_stays_ignored(collector, tmp_path):
    script = tmp_path / "child.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import signal, sys, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            from agentobs import AgentObs
            obs = AgentObs(api_key={API_KEY!r}, base_url={collector.url!r}, spool_dir=None)
            print("ready", flush=True)
            sys.stdin.readline()
            print("still alive", flush=True)
            """
        )
    )
    proc = subprocess.Popen(
        [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)  # a SIGTERM acted upon would end the process within this time
    out, err = proc.communicate("go\n", timeout=30)
    assert proc.returncode == 0 and "still alive" in out, err


def test_sigterm_with_a_hung_api_dies_in_time_and_the_next_process_replays(collector, switch, tmp_path):
    switch.mode = "hang"
    spool = tmp_path / "spool"
    body = """
    print("ready", flush=True)
    time.sleep(30)
    """
    code, out, err, elapsed = run_child(
        tmp_path, collector.url, body, timeout=1.0, spool=str(spool), signal_after_ready=signal.SIGTERM
    )
    assert code == -signal.SIGTERM, err
    assert elapsed < 3.0  # shutdown_timeout=1 s, even though the API never answers
    directory = key_dir(spool, collector.url)
    (path,) = spool_files(directory)
    assert sorted(s["name"] for s in json.loads(path.read_text())["spans"]) == EXPECTED
    switch.mode = "ok"
    switch.release.set()
    code, out, err, _ = run_child(tmp_path, collector.url, "time.sleep(0.5)", spool=str(spool))
    assert code == 0, err
    names = sorted(s["name"] for s in collector.spans)
    assert names == sorted(EXPECTED * 2)  # the spooled ones, then the new process's own
    assert spool_files(directory) == []


def test_interpreter_exit_with_a_hung_api_takes_shutdown_timeout_and_spools(collector, switch, tmp_path):
    switch.mode = "hang"
    spool = tmp_path / "spool"
    start = time.monotonic()
    code, out, err, _ = run_child(tmp_path, collector.url, "sys.exit(5)", timeout=1.0, spool=str(spool))
    assert code == 5, err
    assert time.monotonic() - start < 4.0
    (path,) = spool_files(key_dir(spool, collector.url))
    assert len(json.loads(path.read_text())["spans"]) == 4


def test_sigterm_during_the_exit_flush_still_ends_as_sigterm(collector, switch, tmp_path):
    switch.mode = "hang"
    spool = tmp_path / "spool"
    body = """
    print("ready", flush=True)
    """  # the script ends: the exit flush runs (and hangs) when the signal arrives
    script = tmp_path / "child.py"
    script.write_text(
        CHILD.format(key=API_KEY, url=collector.url, timeout=2.0, spool=str(spool), body=textwrap.dedent(body))
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    wait_until(lambda: len(collector.requests) >= 1, timeout=10)  # the flush is under way
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGTERM, err
    (path,) = spool_files(key_dir(spool, collector.url))
    assert len(json.loads(path.read_text())["spans"]) == 4


def test_spans_still_open_at_sigterm_or_exit_are_ended_and_marked(collector, tmp_path):
    body = """
    manual = obs.start_span("never-ended", kind="tool")  # forgotten by the program
    with obs.span("long-running", kind="agent"):
        print("ready", flush=True)
        time.sleep(30)
    """
    code, out, err, _ = run_child(tmp_path, collector.url, body, signal_after_ready=signal.SIGTERM)
    assert code == -signal.SIGTERM, err
    spans = {s["name"]: s for s in collector.spans}
    assert set(spans) == {"exit-root", "step", "long-running", "never-ended"}
    assert spans["long-running"]["attributes"]["agentobs.unfinished"] == "sigterm"
    assert spans["long-running"]["status"] == "unset" and spans["long-running"]["endTime"]
    assert spans["never-ended"]["attributes"]["agentobs.unfinished"] == "sigterm"


def test_a_manual_span_never_ended_is_sent_at_exit(collector, tmp_path):
    code, out, err, _ = run_child(tmp_path, collector.url, 'obs.start_span("forgotten")')
    assert code == 0, err
    forgotten = next(s for s in collector.spans if s["name"] == "forgotten")
    assert forgotten["attributes"] == {"agentobs.unfinished": "exit"}


def test_shutdown_ends_open_spans_innermost_first(obs, collector):
    outer = obs.span("outer").__enter__()
    inner = obs.span("inner").__enter__()
    obs.shutdown(timeout=5)
    spans = {s["name"]: s for s in collector.spans}
    assert spans["inner"]["attributes"]["agentobs.unfinished"] == "shutdown"
    assert spans["outer"]["attributes"]["agentobs.unfinished"] == "shutdown"
    assert inner.ended and outer.ended
    assert obs._transport.open_spans == {}
