"""The spool directory is one format for both SDKs (SDK.md "Trust": sent by the next process that starts with
the same API key, whatever its language): a spool written by Python is replayed by a TypeScript process and
the other way round, and Python and TypeScript processes starting at once send each file once.

Needs Node and clients/typescript's dependencies (scripts/test-sdks.sh installs them before this suite runs).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from .conftest import API_KEY, wait_until
from .test_trust import Switch, _spans, key_dir, spool_files

TS_ROOT = Path(__file__).resolve().parents[3] / "typescript"


def _node_child(mode: str, collector_url: str, spool: Path, **popen: object) -> subprocess.Popen:
    node = shutil.which("node")
    assert node, "node is needed for the cross-SDK spool tests"
    assert (TS_ROOT / "node_modules" / "tsx").is_dir(), "run `npm ci` in clients/typescript first"
    env = dict(os.environ, AGENTOBS_BASE_URL=collector_url, AGENTOBS_API_KEY=API_KEY, SPOOL_DIR=str(spool), RUN_ID="x")
    return subprocess.Popen(
        [node, "--import", "tsx", "test/fixtures/exit-child.ts", mode], cwd=TS_ROOT, env=env, text=True, **popen
    )


def _slow_ok(req, index):
    time.sleep(0.02)
    return None


def test_a_spool_written_by_python_is_replayed_by_typescript(make_obs, collector, tmp_path):
    switch = Switch("down")
    collector.responder = switch
    spool = tmp_path / "spool"
    writer = make_obs(spool_dir=str(spool), shutdown_timeout=0.3)
    _spans(writer, [f"py-{i}" for i in range(5)], kind="tool", input={"q": "é😀"})
    assert writer.shutdown().spooled == 5
    directory = key_dir(spool, collector.url)
    assert len(spool_files(directory)) == 1
    switch.mode = "ok"

    child = _node_child("replay", collector.url, spool, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    names = sorted(s["name"] for s in collector.spans)
    expected = [f"py-{i}" for i in range(5)]
    # twice only if the writer's last request was answered late (see test_the_next_process_..._replays_the_spool)
    assert names == expected or names == sorted(expected * 2), names
    assert all(s["input"] == {"q": "é😀"} for s in collector.spans)
    assert spool_files(directory) == []  # deleted once accepted


def test_a_spool_written_by_typescript_is_replayed_by_python(make_obs, collector, tmp_path):
    spool = tmp_path / "spool"
    # process.exit(): only synchronous work can run, so the TypeScript SDK writes the spool without sending
    child = _node_child("exit", collector.url, spool, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    directory = key_dir(spool, collector.url)
    assert len(spool_files(directory)) == 1 and collector.spans == []

    reader = make_obs(spool_dir=str(spool))
    wait_until(lambda: reader.stats().replayed == 2, timeout=10)
    assert sorted(s["name"] for s in collector.spans) == ["exit-root", "exit-step"]
    assert [s["output"] for s in collector.spans if s["name"] == "exit-step"] == ["exit/x"]
    assert reader.stats().sent == 0 and spool_files(directory) == []


def test_python_and_typescript_processes_starting_at_once_send_each_file_once(collector, tmp_path):
    spool = tmp_path / "spool"
    directory = key_dir(spool, collector.url)
    directory.mkdir(parents=True)
    expected = []
    for f in range(40):
        spans = []
        for i in range(3):
            name = f"f{f}-s{i}"
            expected.append(name)
            spans.append({"traceId": f"{f + 1:032x}", "spanId": f"{i + 1:016x}", "name": name, "kind": "tool",
                          "startTime": "2026-01-01T00:00:00.000001Z", "status": "ok"})  # fmt: skip
        (directory / f"17000000{f:05d}-1-{f:08x}.json").write_text(json.dumps({"spans": spans}))
    py_script = textwrap.dedent(
        f"""
        import os, sys, time
        from agentobs import AgentObs
        sys.stdin.readline()  # start together with the TypeScript processes
        obs = AgentObs(api_key={API_KEY!r}, base_url={collector.url!r}, spool_dir={str(spool)!r})
        deadline = time.monotonic() + 20
        while os.listdir({str(directory)!r}) and time.monotonic() < deadline:
            time.sleep(0.05)
        obs.shutdown()
        print(obs.stats().replayed)
        """
    )
    py = [
        subprocess.Popen([sys.executable, "-c", py_script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    # Python starts faster: the TypeScript processes get going first (they print "ready" once their AgentObs
    # exists, i.e. their replay has begun), then the Python ones are released into the same directory.
    collector.responder = _slow_ok  # keeps the replays of both languages overlapping
    ts = [_node_child("replay", collector.url, spool, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for p in ts:
        assert p.stdout.readline().strip() == "ready"
    for p in py:
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=60) for p in ts + py]
    assert all(p.returncode == 0 for p in ts + py), outputs
    received = [s["name"] for s in collector.spans]
    assert sorted(received) == sorted(expected)  # every span once: no file was sent twice, by either SDK
    assert spool_files(directory) == []
    by_python = sum(1 for r in collector.requests if "agentobs-python" in str(r.headers))
    assert 0 < by_python < len(collector.requests), "both languages replayed some of the files"
