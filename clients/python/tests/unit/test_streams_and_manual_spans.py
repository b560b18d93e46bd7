"""Streams returned by traced functions, manual spans, run_in_executor, kinds and unknown costs."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import math

import pytest

from agentobs import AgentObs, observe
from agentobs._span import KINDS


def _by_name(spans):
    return {s["name"]: s for s in spans}


class FakeStream:
    """Like an LLM SDK's stream object: an iterator with close(), a context manager and its own attributes."""

    def __init__(self, chunks, fail_at=None):
        self._chunks = list(chunks)
        self._i = 0
        self.fail_at = fail_at
        self.closed = False
        self.response = {"status": 200}

    def __iter__(self):
        return self

    def __next__(self):
        if self._i == self.fail_at:
            raise ConnectionError("stream cut")
        if self._i >= len(self._chunks):
            raise StopIteration
        self._i += 1
        return self._chunks[self._i - 1]

    def close(self):
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FakeAsyncStream:
    def __init__(self, chunks):
        self._chunks = list(chunks)
        self.closed = False

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0.001)
        if not self._chunks:
            raise StopAsyncIteration
        return self._chunks.pop(0)

    async def close(self):
        self.closed = True


def test_a_function_returning_a_generator_ends_its_span_when_the_stream_ends(obs, collector):
    @observe(kind="llm")
    def completion(prompt):
        def tokens():
            for t in ("Hel", "lo", "!"):
                with obs.span("token-step"):
                    pass
                yield t

        return tokens()

    with obs.span("root"):
        stream = completion("hi")
        assert obs.flush(timeout=5).ok and collector.spans == []  # not ended when it returned
        assert "".join(stream) == "Hello!"
    obs.flush(timeout=5)
    spans = collector.spans
    llm = next(s for s in spans if s["name"] == "completion")
    assert llm["output"] == "Hello!" and llm["status"] == "ok" and llm["input"] == {"prompt": "hi"}
    steps = [s for s in spans if s["name"] == "token-step"]
    assert len(steps) == 3 and all(s["parentSpanId"] == llm["spanId"] for s in steps)
    assert llm["endTime"] >= max(s["endTime"] for s in steps)


def test_a_returned_stream_object_is_traced_and_still_itself(obs, collector):
    @observe(kind="llm")
    def create(stream=True):
        return FakeStream([{"delta": "a"}, {"delta": "b"}])

    s = create()
    assert s.response == {"status": 200}  # attributes of the real stream stay reachable
    with s as same:
        chunks = list(same)
    assert chunks == [{"delta": "a"}, {"delta": "b"}] and s.closed
    obs.flush(timeout=5)
    (span,) = collector.spans
    assert span["output"] == [{"delta": "a"}, {"delta": "b"}]  # non-text chunks: the list


def test_a_returned_stream_that_fails_or_is_closed_early(obs, collector):
    @observe(name="failing")
    def failing():
        return FakeStream(["a", "b", "c"], fail_at=1)

    with pytest.raises(ConnectionError):
        list(failing())

    @observe(name="closed-early")
    def closed_early():
        return FakeStream(["a", "b", "c"])

    s = closed_early()
    assert next(s) == "a"
    s.close()

    @observe(name="abandoned")
    def abandoned():
        return FakeStream(["x", "y"])

    a = abandoned()
    next(a)
    del a
    gc.collect()  # dropped without being exhausted: the span ends when the wrapper is collected
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert spans["failing"]["status"] == "error" and spans["failing"]["statusMessage"] == "stream cut"
    assert spans["closed-early"]["status"] == "ok" and spans["closed-early"]["output"] == "a"
    assert spans["abandoned"]["output"] == "x"


def test_an_async_function_returning_an_async_stream(obs, collector):
    @observe(kind="llm")
    async def create():
        return FakeAsyncStream(["to", "ken", "s"])

    @observe(kind="llm")
    def create_agen():
        async def agen():
            for t in ("a", "b"):
                async with obs.span("inner"):
                    await asyncio.sleep(0)
                yield t

        return agen()

    async def main():
        stream = await create()
        text = "".join([c async for c in stream])
        gen_text = "".join([c async for c in create_agen()])
        return text, gen_text

    assert asyncio.run(main()) == ("tokens", "ab")
    obs.flush(timeout=5)
    spans = collector.spans
    create_span = next(s for s in spans if s["name"] == "create")
    agen_span = next(s for s in spans if s["name"] == "create_agen")
    assert create_span["output"] == "tokens" and agen_span["output"] == "ab"
    inner = [s for s in spans if s["name"] == "inner"]
    assert len(inner) == 2 and all(s["parentSpanId"] == agen_span["spanId"] for s in inner)
    start, end = create_span["startTime"], create_span["endTime"]
    assert end > start  # it lasted the stream (3 awaited chunks), not 0 µs


def test_plain_return_values_are_not_treated_as_streams(obs, collector, tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("line\n")

    @observe
    def values():
        return [1, 2]

    @observe
    def iterator_of_list():
        return iter([1, 2])

    @observe
    def a_file():
        return open(path)  # noqa: SIM115 - a file is an iterator, but not a stream of output

    assert values() == [1, 2]
    assert list(iterator_of_list()) == [1, 2]
    f = a_file()
    f.close()
    obs.flush(timeout=5)
    assert sorted(s["name"] for s in collector.spans) == ["a_file", "iterator_of_list", "values"]


def test_manual_spans_for_callbacks(obs, collector):
    root = obs.start_span("request", kind="agent", input={"q": "hi"})
    assert obs.current_span() is None  # not made active
    child = obs.start_span("callback", kind="tool", parent=root)
    with obs.span("inside-child", parent=child):
        pass
    child.set_output("done")
    child.end()
    child.end()  # twice: a no-op
    child.set_output("ignored after end")
    root.end()
    other = obs.start_span("fresh", parent=None)
    other.end()
    assert obs.flush(timeout=5).ok
    spans = _by_name(collector.spans)
    assert len(collector.spans) == 4
    assert spans["callback"]["parentSpanId"] == spans["request"]["spanId"]
    assert spans["inside-child"]["parentSpanId"] == spans["callback"]["spanId"]
    assert spans["callback"]["output"] == "done"
    assert "parentSpanId" not in spans["fresh"] and spans["fresh"]["traceId"] != spans["request"]["traceId"]


def test_manual_span_in_event_handlers_across_tasks(obs, collector):
    async def main():
        span = obs.start_span("stream-session", kind="llm")
        done = asyncio.Event()

        def on_chunk(i):
            with obs.span(f"chunk-{i}", parent=span):
                pass

        def on_done():
            span.end()
            done.set()

        loop = asyncio.get_running_loop()
        for i in range(3):
            loop.call_soon(on_chunk, i)
        loop.call_later(0.01, on_done)
        await done.wait()

    asyncio.run(main())
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert all(spans[f"chunk-{i}"]["parentSpanId"] == spans["stream-session"]["spanId"] for i in range(3))


def test_context_follows_into_run_in_executor(obs, collector):
    def blocking(label):
        with obs.span(label, kind="tool"):
            return obs.current_span().trace_id

    async def main():
        loop = asyncio.get_running_loop()
        async with obs.span("root", kind="agent") as root:
            a = await loop.run_in_executor(None, blocking, "default-executor")
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                b = await loop.run_in_executor(pool, blocking, "own-executor")
            with obs.executor(2) as pool:
                c = await loop.run_in_executor(pool, blocking, "sdk-executor")
            d = await asyncio.to_thread(blocking, "to-thread")
            return root, (a, b, c, d)

    root, ids = asyncio.run(main())
    assert set(ids) == {root.trace_id}
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    for name in ("default-executor", "own-executor", "sdk-executor", "to-thread"):
        assert spans[name]["parentSpanId"] == spans["root"]["spanId"], name


def test_run_in_executor_with_a_process_pool_is_left_alone():
    async def main():
        loop = asyncio.get_running_loop()
        with concurrent.futures.ProcessPoolExecutor(1) as pool:
            return await loop.run_in_executor(pool, math.factorial, 5)  # must stay picklable

    assert asyncio.run(main()) == 120


def test_every_api_kind_is_accepted(obs, collector):
    kinds = ["agent", "llm", "tool", "retrieval", "embedding", "reranker", "guardrail", "evaluator", "chain", "other"]
    assert set(KINDS) == set(kinds)
    for kind in kinds:
        with obs.span(f"k-{kind}", kind=kind):
            pass

    @observe(kind="embedding")
    def embed(text):
        return [0.1, 0.2]

    embed("hi")
    with pytest.raises(ValueError):
        obs.span("bad", kind="retriever")
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert {spans[f"k-{k}"]["kind"] for k in kinds} == set(kinds)
    assert spans["embed"]["kind"] == "embedding"


def test_an_unknown_cost_is_left_out_never_zero(obs, collector):
    with obs.span("no-cost", kind="llm") as s:
        s.set_usage(input_tokens=10, output_tokens=5)
    with obs.span("zero-cost", kind="llm") as s:
        s.set_cost(0)
    with obs.span("nan-cost", kind="llm") as s:
        s.set_cost(float("nan"))
    with obs.span("cost", kind="llm") as s:
        s.set_cost(0.25)
        s.set_cost(None)  # unknown after all
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert "costUsd" not in spans["no-cost"]
    assert spans["zero-cost"]["costUsd"] == 0  # a known zero is sent as such
    assert "costUsd" not in spans["nan-cost"] and "costUsd" not in spans["cost"]


def test_obs_is_keyword_only_with_the_shared_option_names():
    import inspect

    params = inspect.signature(AgentObs).parameters
    assert list(params) == [
        "api_key", "base_url", "flush_at", "flush_interval", "sample_rate", "max_buffer_size", "max_retry_duration",
        "shutdown_timeout", "spool_dir", "on_drop", "mask", "max_field_size",
    ]  # fmt: skip
    defaults = {k: p.default for k, p in params.items()}
    assert defaults["flush_at"] == 100 and defaults["flush_interval"] == 1.0 and defaults["sample_rate"] == 1.0
    assert defaults["max_buffer_size"] == 10_000 and defaults["max_retry_duration"] == 300.0
    assert defaults["shutdown_timeout"] == 5.0
