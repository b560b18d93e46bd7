"""Delivery: batching, retries, Retry-After, 413 splitting, overflow, flush timeouts, fork, exit."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from agentobs import AgentObs, FlushResult, observe

from .conftest import API_KEY, wait_until


def _spans(obs, names, **kwargs):
    for name in names:
        with obs.span(name, **kwargs):
            pass


def test_flush_sends_and_reports_counts(obs, collector):
    _spans(obs, [f"s{i}" for i in range(5)])
    result = obs.flush(timeout=5)
    assert isinstance(result, FlushResult)
    assert result.ok and result.sent == 5 and result.dropped == 0 and result.pending == 0
    assert not result.timed_out
    stats = obs.stats()
    assert stats.sent == 5 and stats.buffered == 0 and stats.pending == 0 and stats.requests >= 1
    assert stats["sent"] == 5 and stats.to_dict()["dropped"] == 0
    assert set(stats.to_dict()) == {
        "buffered", "in_flight", "pending", "sent", "requests", "retries", "sampled_out", "spooled", "replayed",
        "dropped", "dropped_by_reason",
    }  # fmt: skip
    assert stats.dropped_by_reason == dict.fromkeys(
        ["buffer_full", "retry_expired", "too_large", "rejected", "shutdown_timeout"], 0
    )
    assert not callable(stats)  # stats() is a method returning a snapshot, not a callable property


def test_background_thread_sends_without_flush(make_obs, collector):
    obs = make_obs(flush_interval=0.05)
    _spans(obs, ["timer"])
    collector.wait_for_spans(1)  # sent by the interval timer
    obs2 = make_obs(flush_at=3, flush_interval=30)
    _spans(obs2, ["a", "b", "c"])  # reaching flush_at wakes the sender
    collector.wait_for_spans(4)


def test_batches_respect_the_count_limit(make_obs, collector):
    obs = make_obs(flush_at=10_000, max_buffer_size=5000, flush_interval=30)
    _spans(obs, [f"s{i}" for i in range(2500)])
    assert obs.flush(timeout=10).sent == 2500
    sizes = [len(r.spans) for r in collector.requests]
    assert max(sizes) <= 1000 and sum(sizes) == 2500


def test_batches_respect_the_byte_limit(make_obs, collector):
    obs = make_obs(flush_at=10_000, flush_interval=30, max_batch_bytes=5000)
    for i in range(20):
        with obs.span(f"s{i}", input="x" * 800):
            pass
    assert obs.flush(timeout=10).sent == 20
    assert len(collector.requests) > 1
    for r in collector.requests:
        import gzip

        assert len(gzip.decompress(r.raw)) <= 5000


def test_single_span_over_the_byte_limit_is_dropped_and_counted(make_obs, collector):
    drops = []
    obs = make_obs(
        flush_at=10_000, flush_interval=30, max_batch_bytes=3000, max_field_size=10_000, on_drop=drops.append
    )
    with obs.span("huge", input="x" * 8000):
        pass
    with obs.span("small"):
        pass
    result = obs.flush(timeout=5)
    assert result.sent == 1 and result.dropped == 1
    assert obs.stats().dropped_by_reason["too_large"] == 1
    assert [(d.reason, d.count) for d in drops] == [("too_large", 1)]
    assert [s["name"] for s in collector.spans] == ["small"]


def test_retry_honours_retry_after(make_obs, collector):
    def responder(req, index):
        if index == 0:
            return 429, {"Retry-After": "1"}, {"code": "rate_limited"}
        return None

    collector.responder = responder
    obs = make_obs()
    _spans(obs, ["s"])
    result = obs.flush(timeout=10)
    assert result.sent == 1
    first, second = collector.requests
    assert second.at - first.at >= 1.0  # waited what the server asked, not the 10 ms backoff
    assert first.spans == second.spans
    stats = obs.stats()
    assert stats.retries == 1 and stats.requests == 2 and stats.sent == 1


def test_retries_5xx_and_network_errors_with_backoff(make_obs, collector):
    def responder(req, index):
        return (503, {}, {"code": "upstream_unavailable"}) if index < 2 else None

    collector.responder = responder
    obs = make_obs()
    _spans(obs, ["s"])
    assert obs.flush(timeout=10).sent == 1
    assert len(collector.requests) == 3


def test_gives_up_after_max_retry_duration(make_obs, closed_port, caplog):
    drops = []
    obs = make_obs(base_url=f"http://127.0.0.1:{closed_port}", max_retry_duration=0.5, on_drop=drops.append)
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        _spans(obs, ["s1", "s2"])
        result = obs.flush(timeout=10)
    assert result.dropped == 2 and result.pending == 0
    stats = obs.stats()
    assert stats.dropped_by_reason["retry_expired"] == 2 and stats.dropped == 2
    assert stats.requests >= 3 and stats.retries == stats.requests - 1  # it kept trying for 0.5 s
    assert [(d.reason, d.count) for d in drops] == [("retry_expired", 2)]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("keeping them buffered and retrying" in m for m in messages) == 1
    assert sum("dropped 2 span(s)" in m and "retry_expired" in m for m in messages) == 1


def test_413_splits_the_batch_and_drops_a_single_oversized_span(make_obs, collector, caplog):
    def responder(req, index):
        names = [s["name"] for s in req.spans]
        if "huge" in names or len(names) > 3:
            return 413, {}, {"code": "payload_too_large"}
        return None

    collector.responder = responder
    obs = make_obs(flush_at=10_000, flush_interval=30)
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        _spans(obs, [f"s{i}" for i in range(6)] + ["huge"] + [f"t{i}" for i in range(5)])
        result = obs.flush(timeout=10)
    assert result.sent == 11 and result.dropped == 1
    assert obs.stats().dropped_by_reason["too_large"] == 1
    delivered = sorted(s["name"] for s in collector.spans)
    assert delivered == sorted([f"s{i}" for i in range(6)] + [f"t{i}" for i in range(5)])
    assert collector.requests[0].status == 413 and len(collector.requests[0].spans) == 12
    assert sum("too_large" in r.getMessage() for r in caplog.records) == 1


def test_permanent_4xx_drops_with_one_warning(make_obs, collector, caplog):
    collector.responder = lambda req, index: (401, {}, {"code": "unauthenticated", "detail": "bad key"})
    obs = make_obs(flush_at=2)
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        for i in range(3):
            _spans(obs, [f"a{i}", f"b{i}"])
            obs.flush(timeout=5)
    assert len(collector.requests) == 3  # never retried
    assert obs.stats().dropped_by_reason["rejected"] == 6 and obs.stats().sent == 0
    warnings = [r for r in caplog.records if "HTTP 401" in r.getMessage()]  # one warning a minute
    assert len(warnings) == 1
    assert "unauthenticated" in warnings[0].getMessage()
    assert API_KEY not in caplog.text


def test_per_span_errors_in_a_200_are_counted(make_obs, collector, caplog):
    def responder(req, index):
        n = len(req.spans)
        return 200, {}, {"accepted": n - 1, "errors": [{"index": 0, "code": "validation_failed", "message": "bad"}]}

    collector.responder = responder
    obs = make_obs(flush_at=10_000, flush_interval=30)
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        _spans(obs, ["a", "b", "c"])
        result = obs.flush(timeout=5)
    assert result.sent == 2 and result.dropped == 1
    assert obs.stats().dropped_by_reason["rejected"] == 1
    assert "validation_failed" in caplog.text


def test_buffer_overflow_drops_the_oldest_and_counts(make_obs, collector):
    drops = []
    obs = make_obs(max_buffer_size=10, flush_at=10_000, flush_interval=30, on_drop=drops.append)
    _spans(obs, [f"s{i}" for i in range(25)])
    stats = obs.stats()
    assert stats.buffered == 10 and stats.dropped_by_reason["buffer_full"] == 15
    result = obs.flush(timeout=5)
    assert result.sent == 10
    assert sorted(int(s["name"][1:]) for s in collector.spans) == list(range(15, 25))
    assert obs.stats().dropped == 15
    assert {d.reason for d in drops} == {"buffer_full"} and sum(d.count for d in drops) == 15


def test_dead_server_never_blocks_and_memory_stays_bounded(make_obs, closed_port):
    obs = make_obs(base_url=f"http://127.0.0.1:{closed_port}", max_buffer_size=100, flush_at=10)
    start = time.perf_counter()
    _spans(obs, [f"s{i}" for i in range(5000)])
    per_span = (time.perf_counter() - start) / 5000
    assert per_span < 200e-6  # generous bound for slow CI machines; the benchmark measures the real cost
    stats = obs.stats()
    assert stats.buffered + stats.in_flight <= 100
    assert stats.pending + stats.dropped == 5000 and stats.dropped == stats.dropped_by_reason["buffer_full"]


def test_flush_returns_within_its_timeout_when_the_server_never_answers():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # accepts TCP connections (backlog) but never answers
    try:
        obs = AgentObs(
            api_key=API_KEY,
            base_url=f"http://127.0.0.1:{silent.getsockname()[1]}",
            flush_interval=0.05,
            spool_dir=None,
        )
        with obs.span("s"):
            pass
        start = time.monotonic()
        result = obs.flush(timeout=0.3)
        elapsed = time.monotonic() - start
        assert 0.25 <= elapsed < 1.0
        assert result.timed_out and not result.ok and result.pending == 1 and result.sent == 0
        assert obs.stats().in_flight == 1  # the request hangs (the 10 s request timeout is far away)
        start = time.monotonic()
        result = obs.shutdown(timeout=0.2)
        assert time.monotonic() - start < 1.0
        # no spool: the span is dropped, counted, and no longer "in flight" forever
        assert result.dropped == 1 and result.pending == 0
        stats = obs.stats()
        assert stats.in_flight == 0 and stats.pending == 0 and stats.dropped_by_reason["shutdown_timeout"] == 1
    finally:
        silent.close()


def test_shutdown_is_idempotent_and_later_spans_are_counted(obs, collector):
    _spans(obs, ["before"])
    assert obs.shutdown(timeout=5).sent == 1
    assert obs.shutdown().sent == 0
    _spans(obs, ["after"])  # must not raise
    assert obs.stats().dropped_by_reason["shutdown_timeout"] == 1
    assert [s["name"] for s in collector.spans] == ["before"]


def test_no_api_key_warns_and_sends_nothing(monkeypatch, collector, caplog):
    monkeypatch.delenv("AGENTOBS_API_KEY", raising=False)
    with caplog.at_level(logging.WARNING, logger="agentobs"):
        obs = AgentObs(base_url=collector.url)
    try:
        assert "no API key" in caplog.text
        with obs.span("s") as span:
            span.set_output(1)
        assert obs.flush(timeout=1).ok
        assert collector.requests == []
    finally:
        obs.shutdown()


def test_observe_without_a_client_builds_one_from_the_environment(monkeypatch, collector):
    import agentobs

    monkeypatch.setenv("AGENTOBS_API_KEY", "ao_sk_from_env")
    monkeypatch.setenv("AGENTOBS_BASE_URL", collector.url + "/")

    @observe(kind="tool")
    def work():
        return "ok"

    assert agentobs._client._default is None
    work()
    obs = agentobs.get_client()
    try:
        assert obs.base_url == collector.url
        assert obs.flush(timeout=5).sent == 1
        assert collector.requests[0].headers["Authorization"] == "Bearer ao_sk_from_env"
    finally:
        obs.shutdown()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_restarts_the_sender_in_the_child(make_obs, collector):
    obs = make_obs(flush_at=10_000, flush_interval=30)
    _spans(obs, ["parent-before-fork"])  # still queued at fork time
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            with obs.span("in-child"):
                pass
            result = obs.flush(timeout=5)
            stats = obs.stats()
            ok = result.sent == 1 and stats.sent == 1 and stats.pending == 0
            code = 0 if ok else 3
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    _spans(obs, ["parent-after-fork"])
    assert obs.flush(timeout=5).sent == 2
    names = sorted(s["name"] for s in collector.spans)
    # the child sent only its own span; the parent's queued span was sent once, by the parent
    assert names == ["in-child", "parent-after-fork", "parent-before-fork"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_while_other_threads_create_spans(make_obs, collector):
    obs = make_obs(flush_at=5)
    stop = threading.Event()

    def busy():
        while not stop.is_set():
            with obs.span("busy"):
                pass
            time.sleep(0.0005)  # busy, but leave the machine some air

    threads = [threading.Thread(target=busy, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        children = []
        for i in range(5):
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    with obs.span(f"child-{i}"):
                        pass
                    result = obs.flush(timeout=10)
                    code = 0 if result.ok and result.sent == 1 else 3
                except BaseException:
                    code = 2
                finally:
                    os._exit(code)
            children.append(pid)
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
        assert codes == [0] * 5
    finally:
        stop.set()
        for t in threads:
            t.join()
    obs.flush(timeout=5)
    names = {s["name"] for s in collector.spans}
    assert {f"child-{i}" for i in range(5)} <= names


def test_spans_are_flushed_at_interpreter_exit(collector, tmp_path):
    script = tmp_path / "app.py"
    script.write_text(
        textwrap.dedent(
            f"""
            from agentobs import AgentObs, observe
            obs = AgentObs(api_key="{API_KEY}", base_url="{collector.url}", flush_interval=60, flush_at=10_000)

            @observe(kind="tool")
            def step(i):
                return i

            with obs.span("exit-root", kind="agent"):
                for i in range(3):
                    step(i)
            # no flush, no shutdown: the atexit hook sends the buffer
            """
        )
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert sorted(s["name"] for s in collector.spans) == ["exit-root", "step", "step", "step"]


def test_worker_survives_garbage_responses(make_obs, collector):
    collector.responder = lambda req, index: (200, {}, b"not json")
    obs = make_obs()
    _spans(obs, ["a", "b"])
    assert obs.flush(timeout=5).sent == 2
    collector.responder = None
    _spans(obs, ["c"])
    assert obs.flush(timeout=5).sent == 1
    wait_until(lambda: obs.stats().sent == 3)
