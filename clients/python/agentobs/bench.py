"""Span overhead benchmark: ``python -m agentobs.bench [--spans N] [--rounds R]``.

Measures what creating and ending a span costs the calling thread, with the ingestion server
unreachable (a closed local port), side by side with ``opentelemetry-sdk`` (TracerProvider +
BatchSpanProcessor + a no-op exporter) in the same process. Both run the same loop body —
``with <start a span named "bench">: pass`` — in alternating rounds; the best round of each is
reported (the least disturbed by the machine). The last line ends with ``ratio=<ours/otel>``.

Needs ``opentelemetry-sdk`` (in requirements-dev.txt); it is not a runtime dependency.
"""

from __future__ import annotations

import argparse
import gc
import logging
import socket
import sys
import time
from typing import Callable, List


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there any more: connections are refused
    return port


def _time_loop(body: Callable[[int], None], n: int) -> float:
    gc.collect()
    start = time.perf_counter()
    body(n)
    return (time.perf_counter() - start) / n * 1e6  # µs per span


def main(argv: List[str] = None) -> int:  # type: ignore[assignment]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spans", type=int, default=20_000, help="spans per round (default 20000)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per SDK (default 7)")
    args = parser.parse_args(argv)

    try:
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
    except ImportError:
        print("agentobs.bench needs opentelemetry-sdk: pip install opentelemetry-sdk", file=sys.stderr)
        return 2

    from agentobs import AgentObs

    logging.getLogger("agentobs").setLevel(logging.ERROR)  # the dead server is expected here

    class NoopExporter(SpanExporter):
        def export(self, spans):  # type: ignore[no-untyped-def]
            return SpanExportResult.SUCCESS

        def shutdown(self) -> None:
            pass

    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(NoopExporter()))
    tracer = provider.get_tracer("bench")

    obs = AgentObs(
        api_key="ao_sk_bench",
        base_url=f"http://127.0.0.1:{_closed_port()}",
        spool_dir=None,  # nothing of this run is worth keeping
        shutdown_timeout=0.5,
    )

    def ours(n: int) -> None:
        span = obs.span
        for _ in range(n):
            with span("bench"):
                pass

    def otel(n: int) -> None:
        start = tracer.start_as_current_span
        for _ in range(n):
            with start("bench"):
                pass

    # warm up both (imports, caches, worker threads running)
    ours(2000)
    otel(2000)

    ours_times: List[float] = []
    otel_times: List[float] = []
    for _ in range(args.rounds):
        ours_times.append(_time_loop(ours, args.spans))
        otel_times.append(_time_loop(otel, args.spans))

    best_ours, best_otel = min(ours_times), min(otel_times)
    med_ours = sorted(ours_times)[len(ours_times) // 2]
    med_otel = sorted(otel_times)[len(otel_times) // 2]
    stats = obs.stats()
    print(f"python {sys.version.split()[0]}, {args.rounds} rounds x {args.spans} spans, server unreachable")
    print(f"agentobs      : best {best_ours:.2f} us/span, median {med_ours:.2f} us/span")
    print(f"opentelemetry : best {best_otel:.2f} us/span, median {med_otel:.2f} us/span")
    print(
        f"agentobs buffer after the run: buffered={stats.buffered} in_flight={stats.in_flight} "
        f"dropped={stats.dropped_by_reason} (bounded by max_buffer_size)"
    )
    obs.shutdown(timeout=0.5)
    provider.shutdown()
    print(
        f"span create+end overhead: agentobs={best_ours:.2f}us otel={best_otel:.2f}us ratio={best_ours / best_otel:.2f}"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
