"""Every code block of clients/python/README.md runs as written.

Python blocks run in order in one Python session (a child process, as a user's script would) against the real
API; the traces they make are then read back. Shell blocks run from the repository root with a fresh virtualenv
first on PATH (so ``pip install`` installs the package there, as a reader's would).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import read_trace, spans_of

README = Path(__file__).resolve().parents[2] / "README.md"
REPO = Path(__file__).resolve().parents[4]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)

DRIVER = """
import json, sys
blocks = json.load(open(sys.argv[1]))
namespace = {"__name__": "__main__"}
for i, code in enumerate(blocks):
    exec(compile(code, f"README.md python block {i + 1}", "exec"), namespace)
obs = namespace["obs"]
print("README-RESULT " + json.dumps({
    "quickstart": namespace["span"].trace_id,
    "otel": namespace["agent"].trace_id,
    "flush": obs.flush(timeout=15).ok,
    "stats": obs.stats().to_dict(),
}), flush=True)
"""


def blocks():
    return [(lang, code) for lang, code in FENCE.findall(README.read_text())]


def test_the_readme_has_python_and_shell_blocks_only():
    langs = [lang for lang, _ in blocks()]
    assert set(langs) == {"python", "bash"}, langs
    assert langs.count("python") >= 6 and langs.count("bash") >= 2


def test_every_python_block_runs_as_written(stack, tmp_path):
    python = [code for lang, code in blocks() if lang == "python"]
    (tmp_path / "blocks.json").write_text(json.dumps(python))
    (tmp_path / "driver.py").write_text(DRIVER)
    env = dict(os.environ, AGENTOBS_API_KEY=stack["api_key"], AGENTOBS_BASE_URL=stack["base_url"], TMPDIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, str(tmp_path / "driver.py"), str(tmp_path / "blocks.json")],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.startswith("README-RESULT "))
    result = json.loads(line[len("README-RESULT ") :])
    assert result["flush"] and result["stats"]["dropped"] == 0 and result["stats"]["sent"] > 0, result
    assert "Your order shipped. Ships in 2 days." in proc.stdout  # the streaming block's output

    from agentobs import AgentObs

    reader = AgentObs(api_key=stack["api_key"], base_url=stack["base_url"], spool_dir=None)
    try:
        quick = spans_of(read_trace(reader, result["quickstart"], 4))
        otel = spans_of(read_trace(reader, result["otel"], 3))
    finally:
        reader.shutdown(timeout=1)
    by_name = {s["name"]: s for s in quick}
    assert set(by_name) == {"support-agent", "retrieve", "fetch_order", "draft"}
    root = by_name["support-agent"]
    assert all(by_name[n]["parentSpanId"] == root["spanId"] for n in ("retrieve", "fetch_order", "draft"))
    assert by_name["draft"]["usage"] == {"inputTokens": 812, "outputTokens": 95, "totalTokens": 907}
    assert root["output"].startswith("Your order 42 is shipped.")
    names = {s["name"]: s for s in otel}
    assert names["support-agent"]["parentSpanId"] == names["POST /chat"]["spanId"]
    assert names["vector-search"]["parentSpanId"] == names["support-agent"]["spanId"]
    assert names["vector-search"]["kind"] == "retrieval"


@pytest.mark.timeout(600)  # a pip install from the package index, and the benchmark
def test_every_shell_block_runs_as_written(tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    env = dict(os.environ, PATH=f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}", VIRTUAL_ENV=str(env_dir))
    env.pop("PYTHONPATH", None)
    for i, (lang, code) in enumerate(b for b in blocks() if b[0] == "bash"):
        proc = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", code], capture_output=True, text=True, timeout=600, env=env, cwd=REPO
        )
        assert proc.returncode == 0, f"shell block {i + 1} failed:\n{code}\n{proc.stdout}\n{proc.stderr}"
        if "pip install" in code:
            assert "agentobs 0." in proc.stdout or "agentobs 1." in proc.stdout, proc.stdout
            # installed into the fresh virtualenv, not picked up from the test's own
            assert str(env_dir) in subprocess.run(
                [str(env_dir / "bin" / "python"), "-c", "import agentobs; print(agentobs.__file__)"],
                capture_output=True, text=True, env=env, cwd=tmp_path,
            ).stdout  # fmt: skip
        if "agentobs.bench" in code:
            assert re.search(r"ratio=\d+\.\d+$", proc.stdout.strip()), proc.stdout
