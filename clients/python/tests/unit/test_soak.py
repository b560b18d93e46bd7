"""Memory stays bounded under a dead API: an 18-second run of scripts/soak_dead_api.py (the README has the
10-minute curve). The script exits 1 when the RSS grows past its bound once the buffer is full."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "soak_dead_api.py"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("mode", ["refuse", "hang"])
def test_rss_levels_off_once_the_buffer_is_full(mode):
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--minutes", "0.3", "--rate", "1500", "--every", "3", "--mode", mode,
         "--max-growth-mb", "12"],
        capture_output=True, text=True, timeout=110,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-1].startswith("buffer full after"), proc.stdout
    rows = [line.split() for line in lines[2:-1]]
    assert all(int(r[3]) <= 10_000 for r in rows)  # buffered + in flight never pass max_buffer_size
    assert int(rows[-1][4]) > 0  # the oldest were dropped (and counted) rather than kept
