"""Every failure path of SDK.md "Trust", against the REAL API through a fault-injecting proxy.

The SDK sends through ``FaultProxy`` (refuse, hang, 503, slow, outages); the stored traces are read back
from the API directly. Exit paths run in child processes: exit codes and signals must be what they would
be without the SDK, and every span is either stored or spooled and then sent by the next process.
"""

from __future__ import annotations

import hashlib
import logging
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import List

import pytest

from agentobs import AgentObs

from .conftest import read_trace, spans_of
from .fault_proxy import FaultProxy


class Reader:
    """Reads traces straight from the API (not through the proxy)."""

    def __init__(self, stack):
        from agentobs._generated import AuthenticatedClient

        self.api = AuthenticatedClient(base_url=stack["base_url"], token=stack["api_key"])


@pytest.fixture
def reader(stack):
    return Reader(stack)


@pytest.fixture
def proxy(stack):
    p = FaultProxy(stack["base_url"])
    yield p
    p.close()


@pytest.fixture
def client_through(stack, proxy, tmp_path):
    made: List[AgentObs] = []

    def make(**kwargs) -> AgentObs:
        opts = dict(api_key=stack["api_key"], base_url=proxy.url, flush_interval=0.2, spool_dir=str(tmp_path / "spool"))
        opts.update(kwargs)
        obs = AgentObs(**opts)
        made.append(obs)
        return obs

    yield make
    for obs in made:
        obs.shutdown(timeout=2)


def trace_of(obs: AgentObs, name: str, children: int):
    with obs.span(name, kind="agent") as root:
        for i in range(children):
            with obs.span(f"{name}-step-{i}", kind="tool") as step:
                step.set_output(i)
    return root.trace_id


def assert_stored(reader, trace_id: str, n: int) -> list:
    spans = spans_of(read_trace(reader, trace_id, n))
    assert len(spans) == n
    return spans


def spool_dir_for(root: Path, base_url: str, api_key: str) -> Path:
    return root / hashlib.sha256(f"{base_url}\n{api_key}".encode()).hexdigest()[:16]


# -- the API misbehaves ----------------------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_an_outage_of_more_than_10_s_then_recovery_loses_nothing(client_through, proxy, reader):
    """Default retry settings (backoff up to 30 s, 300 s budget): every span arrives after the outage."""
    obs = client_through()
    ended = proxy.outage(12.0)
    traces = [trace_of(obs, f"outage-{i}", 4) for i in range(20)]
    time.sleep(1.0)
    assert obs.stats().pending == 100 and obs.stats().dropped == 0  # held, not lost
    ended.join()
    result = obs.flush(timeout=60)
    assert result.ok, obs.stats()
    stats = obs.stats()
    assert stats.sent == 100 and stats.dropped == 0 and stats.retries >= 3
    for tid in traces:
        assert_stored(reader, tid, 5)


@pytest.mark.timeout(90)
def test_a_hanging_api_is_retried_after_the_request_timeout(client_through, proxy, reader):
    obs = client_through()
    proxy.set("hang")
    tid = trace_of(obs, "hang", 2)
    time.sleep(11.5)  # past the 10 s request timeout: the first attempt was abandoned, a retry is under way
    assert obs.stats().requests >= 2 and obs.stats().retries >= 1 and obs.stats().pending == 3
    proxy.set("pass")
    assert obs.flush(timeout=40).ok, obs.stats()
    assert obs.stats().sent == 3
    assert_stored(reader, tid, 3)


def test_503_with_retry_after_then_recovery(client_through, proxy, reader):
    obs = client_through()
    proxy.set("status", status=503, retry_after="1")
    tid = trace_of(obs, "unavailable", 3)
    deadline = time.monotonic() + 10
    while proxy.seen < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    proxy.set("pass")
    assert obs.flush(timeout=20).ok
    assert obs.stats().retries >= 1 and obs.stats().sent == 4
    assert_stored(reader, tid, 4)


def test_429_is_retried_too(client_through, proxy, reader):
    obs = client_through()
    proxy.set("status", status=429, retry_after="1")
    tid = trace_of(obs, "rate-limited", 1)
    time.sleep(1.5)
    proxy.set("pass")
    assert obs.flush(timeout=20).ok
    assert_stored(reader, tid, 2)


def test_a_slow_api_is_waited_for(client_through, proxy, reader):
    obs = client_through()
    proxy.set("slow", delay=3.0)
    tid = trace_of(obs, "slow", 3)
    start = time.monotonic()
    assert obs.flush(timeout=20).ok
    assert time.monotonic() - start >= 2.5
    assert obs.stats().retries == 0 and obs.stats().sent == 4
    assert_stored(reader, tid, 4)


def test_refused_connections_then_recovery(client_through, proxy, reader):
    obs = client_through()
    proxy.set("refuse")
    tid = trace_of(obs, "refused", 2)
    time.sleep(2.0)
    assert obs.stats().sent == 0 and obs.stats().pending == 3
    proxy.set("pass")
    assert obs.flush(timeout=30).ok
    assert_stored(reader, tid, 3)


def test_a_full_buffer_drops_the_oldest_loudly_and_sends_the_rest(client_through, proxy, reader):
    drops = []
    obs = client_through(max_buffer_size=40, on_drop=drops.append)
    proxy.set("refuse")
    traces = [trace_of(obs, f"full-{i}", 1) for i in range(50)]  # 100 spans into a 40-span buffer
    stats = obs.stats()
    assert stats.pending <= 40 and stats.dropped_by_reason["buffer_full"] == 100 - stats.pending
    assert sum(d.count for d in drops if d.reason == "buffer_full") == stats.dropped
    proxy.set("pass")
    assert obs.flush(timeout=30).ok
    assert obs.stats().sent == stats.pending
    for tid in traces[-(stats.pending // 2) :]:  # the newest traces made it whole
        assert_stored(reader, tid, 2)


def test_a_permanent_refusal_is_dropped_loudly(stack, proxy, tmp_path, caplog):
    drops = []
    obs = AgentObs(
        api_key="ao_sk_not_a_valid_key", base_url=proxy.url, flush_interval=0.2, spool_dir=None, on_drop=drops.append
    )
    try:
        with caplog.at_level(logging.WARNING, logger="agentobs"):
            trace_of(obs, "bad-key", 1)
            result = obs.flush(timeout=10)
        assert result.dropped == 2 and result.pending == 0
        assert obs.stats().dropped_by_reason["rejected"] == 2
        assert [(d.reason, d.count) for d in drops] == [("rejected", 2)]
        assert "HTTP 401" in caplog.text and "ao_sk_not_a_valid_key" not in caplog.text
    finally:
        obs.shutdown(timeout=1)


def test_a_span_too_large_for_the_api_is_dropped_loudly_and_the_rest_arrive(client_through, reader):
    drops = []
    obs = client_through(max_field_size=6_000_000, on_drop=drops.append)
    with obs.span("too-large-root") as root:
        with obs.span("huge") as huge:
            huge.set_input("x" * 5_500_000)
        with obs.span("fine"):
            pass
    assert obs.flush(timeout=20).ok
    assert [(d.reason, d.count) for d in drops] == [("too_large", 1)]
    names = sorted(s["name"] for s in assert_stored(reader, root.trace_id, 2))
    assert names == ["fine", "too-large-root"]


# -- shutdown, the spool and the next process ---------------------------------------------------------------


@pytest.mark.timeout(120)
def test_shutdown_with_a_hung_api_spools_and_the_next_process_sends(stack, client_through, proxy, reader, tmp_path):
    obs = client_through(shutdown_timeout=2.0)
    proxy.set("hang")
    tid = trace_of(obs, "spooled", 3)
    time.sleep(0.5)
    start = time.monotonic()
    result = obs.shutdown()
    assert time.monotonic() - start < 3.0
    assert result.spooled == 4 and obs.stats().pending == 0 and obs.stats().in_flight == 0
    directory = spool_dir_for(tmp_path / "spool", proxy.url, stack["api_key"])
    assert len(list(directory.glob("*.json"))) == 1
    proxy.set("pass")
    nxt = client_through()  # the next process: same key, same base_url
    deadline = time.monotonic() + 20
    while nxt.stats().replayed < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert nxt.stats().replayed == 4
    assert_stored(reader, tid, 4)
    assert list(directory.iterdir()) == []


CHILD = """
import os, signal, sys, time
from agentobs import AgentObs
obs = AgentObs(api_key={key!r}, base_url={url!r}, flush_interval=60, flush_at=10_000, shutdown_timeout={timeout},
               spool_dir={spool!r})
with obs.span({name!r}, kind="agent") as root:
    for i in range(3):
        with obs.span("child-%d" % i, kind="tool"):
            pass
print(root.trace_id, flush=True)
{body}
"""


READY_AND_WAIT = """
print("ready", flush=True)
time.sleep(60)
"""
WAIT_FOR_REPLAY = """
deadline = time.monotonic() + 20
while obs.stats().replayed < 4 and time.monotonic() < deadline:
    time.sleep(0.05)
"""


def run_child(stack, url, tmp_path, name, body, timeout=3.0, send=None, spool=True):
    script = tmp_path / f"{name}.py"
    spool_dir = str(tmp_path / "spool") if spool else None
    script.write_text(
        CHILD.format(
            key=stack["api_key"], url=url, timeout=timeout, spool=spool_dir, name=name, body=textwrap.dedent(body)
        )
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    trace_id = proc.stdout.readline().strip()
    assert len(trace_id) == 32, proc.communicate()[1]
    if send is not None:  # the body prints "ready" once it is where the signal should find it
        ready = proc.stdout.readline().strip()
        assert ready == "ready", (ready, proc.stderr.read() if proc.poll() is not None else "")
    start = time.monotonic()
    if send is not None:
        proc.send_signal(send)
    out, err = proc.communicate(timeout=60)
    return trace_id, proc.returncode, err, time.monotonic() - start


def test_interpreter_exit_sends_everything(stack, proxy, reader, tmp_path):
    tid, code, err, _ = run_child(stack, proxy.url, tmp_path, "exit-normal", "")
    assert code == 0, err
    assert_stored(reader, tid, 4)


def test_an_uncaught_exception_exits_1_and_sends_everything(stack, proxy, reader, tmp_path):
    tid, code, err, _ = run_child(stack, proxy.url, tmp_path, "exit-crash", "raise RuntimeError('agent crashed')")
    assert code == 1 and "RuntimeError: agent crashed" in err
    assert_stored(reader, tid, 4)


def test_sys_exit_keeps_its_code(stack, proxy, reader, tmp_path):
    tid, code, err, _ = run_child(stack, proxy.url, tmp_path, "exit-code", "sys.exit(42)")
    assert code == 42, err
    assert_stored(reader, tid, 4)


def test_sigterm_without_a_handler_sends_then_ends_as_sigterm(stack, proxy, reader, tmp_path):
    tid, code, err, _ = run_child(stack, proxy.url, tmp_path, "sigterm", READY_AND_WAIT, send=signal.SIGTERM)
    assert code == -signal.SIGTERM, err
    assert_stored(reader, tid, 4)


def test_sigterm_with_a_handler_runs_it_and_sends(stack, proxy, reader, tmp_path):
    body = """
    def handler(signum, frame):
        with obs.span("graceful-stop"):
            pass
        sys.exit(0)
    signal.signal(signal.SIGTERM, handler)
    print("ready", flush=True)
    time.sleep(60)
    """
    tid, code, err, _ = run_child(stack, proxy.url, tmp_path, "sigterm-handler", body, send=signal.SIGTERM)
    assert code == 0, err
    assert_stored(reader, tid, 4)


@pytest.mark.timeout(120)
def test_sigterm_with_a_hung_api_ends_in_time_spools_and_the_next_process_sends(stack, proxy, reader, tmp_path):
    proxy.set("hang")
    tid, code, err, elapsed = run_child(
        stack, proxy.url, tmp_path, "sigterm-hung", READY_AND_WAIT, timeout=2.0, send=signal.SIGTERM
    )
    assert code == -signal.SIGTERM, err
    assert elapsed < 4.5  # shutdown_timeout (2 s) + process start-up margin, not the 10 s request timeout
    directory = spool_dir_for(tmp_path / "spool", proxy.url, stack["api_key"])
    assert len(list(directory.glob("*.json"))) == 1
    proxy.set("pass")
    tid2, code, err, _ = run_child(stack, proxy.url, tmp_path, "next-process", WAIT_FOR_REPLAY)
    assert code == 0, err
    assert_stored(reader, tid, 4)  # sent by the next process
    assert_stored(reader, tid2, 4)
    assert list(directory.iterdir()) == []


@pytest.mark.timeout(120)
def test_exit_with_an_outage_spools_and_a_serverless_warm_start_sends(stack, proxy, reader, tmp_path):
    proxy.set("refuse")
    tid, code, err, elapsed = run_child(stack, proxy.url, tmp_path, "exit-outage", "")
    assert code == 0, err
    assert elapsed < 3.5  # refused at once: no need to wait out shutdown_timeout
    proxy.set("pass")
    tid2, code, err, _ = run_child(stack, proxy.url, tmp_path, "warm-start", WAIT_FOR_REPLAY)
    assert code == 0, err
    assert_stored(reader, tid, 4)
    assert_stored(reader, tid2, 4)


@pytest.mark.timeout(180)
def test_two_processes_starting_at_once_send_each_spooled_span_once(stack, proxy, reader, tmp_path):
    proxy.set("refuse")
    spooled = [run_child(stack, proxy.url, tmp_path, f"spool-{i}", "")[0] for i in range(6)]
    directory = spool_dir_for(tmp_path / "spool", proxy.url, stack["api_key"])
    assert len(list(directory.glob("*.json"))) == 6
    proxy.set("pass")
    script = tmp_path / "replayer.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os, sys, time
            from agentobs import AgentObs
            sys.stdin.readline()
            obs = AgentObs(api_key={stack["api_key"]!r}, base_url={proxy.url!r}, spool_dir={str(tmp_path / "spool")!r})
            deadline = time.monotonic() + 30
            while os.listdir({str(directory)!r}) and time.monotonic() < deadline:
                time.sleep(0.05)
            """
        )
    )
    procs = [
        subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        assert p.wait(timeout=60) == 0, p.stderr.read()
    keys = proxy.keys()
    assert len(keys) == 24 and len(set(keys)) == 24  # 6 files x 4 spans, each sent exactly once
    for tid in spooled:
        assert_stored(reader, tid, 4)
