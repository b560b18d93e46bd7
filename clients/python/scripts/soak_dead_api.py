"""Memory under a dead API: the RSS curve of a process tracing steadily while the API is unreachable.

    clients/python/.venv/bin/python clients/python/scripts/soak_dead_api.py --minutes 10

Creates ``--rate`` spans a second (each with a ~1 KB input, as an LLM call's prompt would have) for
``--minutes`` with the API down (``--mode refuse``: nothing listens; ``hang``: a server that accepts
connections and never answers), and prints the process's RSS every ``--every`` seconds with the SDK's
stats. The buffer is bounded (``max_buffer_size``, default 10,000 spans; the oldest are dropped), so the
RSS levels off once it is full. Exits 1 when the RSS grew by more than ``--max-growth-mb`` between the
first sample after the buffer filled and the end.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import threading
import time
from typing import List, Optional, Tuple


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # peak, not current: only where /proc is missing

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def dead_api(mode: str) -> Tuple[str, Optional[socket.socket]]:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    if mode == "refuse":
        s.close()  # nothing listens: connection refused
        return f"http://127.0.0.1:{port}", None
    s.listen(64)
    held: List[socket.socket] = []

    def accept_and_hold() -> None:
        while True:
            try:
                conn, _ = s.accept()
            except OSError:
                return
            held.append(conn)  # never read, never answered

    threading.Thread(target=accept_and_hold, daemon=True).start()
    return f"http://127.0.0.1:{port}", s


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=int, default=500, help="spans per second (default 500)")
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples (default 30)")
    parser.add_argument("--mode", choices=("refuse", "hang"), default="refuse")
    parser.add_argument("--max-growth-mb", type=float, default=20.0)
    args = parser.parse_args(argv)

    from agentobs import AgentObs

    logging.getLogger("agentobs").setLevel(logging.ERROR)  # the dead API is the point here
    url, _server = dead_api(args.mode)
    obs = AgentObs(api_key="ao_sk_soak", base_url=url, spool_dir=None, shutdown_timeout=1.0)
    payload = "x" * 1000
    duration = args.minutes * 60
    start = time.monotonic()
    next_sample = start
    samples: List[Tuple[float, float, int]] = []
    filled_at: Optional[int] = None
    created = 0
    print(f"python {sys.version.split()[0]}, pid {os.getpid()}, API {args.mode} at {url}, {args.rate} spans/s")
    print(f"{'t (s)':>7} {'RSS (MB)':>9} {'spans':>9} {'pending':>9} {'dropped':>9} {'requests':>9}")
    while True:
        now = time.monotonic()
        elapsed = now - start
        if now >= next_sample or elapsed >= duration:
            st = obs.stats()
            rss = rss_mb()
            samples.append((elapsed, rss, st.pending))
            if filled_at is None and st.dropped > 0:
                filled_at = len(samples) - 1
            print(
                f"{elapsed:7.0f} {rss:9.1f} {created:9d} {st.pending:9d} {st.dropped:9d} {st.requests:9d}", flush=True
            )
            next_sample += args.every
            if elapsed >= duration:
                break
        # one second's worth of spans, spread over the second
        target = int(elapsed * args.rate) + 1
        while created < target:
            with obs.span("soak", kind="llm", input=payload) as span:
                span.set_usage(input_tokens=250, output_tokens=20)
            created += 1
        time.sleep(0.01)
    obs.shutdown()
    base = samples[filled_at][1] if filled_at is not None else samples[0][1]
    peak_after = max(s[1] for s in samples[filled_at or 0 :])
    growth = peak_after - base
    print(
        f"buffer full after {samples[filled_at][0]:.0f} s; RSS then {base:.1f} MB, peak afterwards "
        f"{peak_after:.1f} MB (growth {growth:+.1f} MB), end {samples[-1][1]:.1f} MB"
        if filled_at is not None
        else f"the buffer never filled; RSS {samples[0][1]:.1f} -> {samples[-1][1]:.1f} MB"
    )
    return 0 if growth <= args.max_growth_mb else 1


if __name__ == "__main__":
    sys.exit(main())
