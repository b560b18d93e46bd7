"""Context propagation: nesting in sync code, asyncio, generators and threads."""

from __future__ import annotations

import asyncio
import threading

import pytest

from agentobs import AgentObs, ContextThreadPoolExecutor, observe


def _by_name(spans):
    out = {}
    for s in spans:
        assert s["name"] not in out, f"duplicate span name {s['name']}"
        out[s["name"]] = s
    return out


def test_sync_nesting_builds_a_tree(obs, collector):
    assert obs.current_span() is None
    with obs.span("root", kind="agent") as root:
        assert obs.current_span() is root
        with obs.span("child", kind="chain") as child:
            assert obs.current_span() is child
            with obs.span("grandchild", kind="tool") as grandchild:
                assert obs.current_span() is grandchild
            assert obs.current_span() is child
        with obs.span("sibling", kind="llm"):
            pass
        assert obs.current_span() is root
    assert obs.current_span() is None
    assert obs.flush(timeout=5).ok

    spans = _by_name(collector.spans)
    assert set(spans) == {"root", "child", "grandchild", "sibling"}
    trace_id = spans["root"]["traceId"]
    assert all(s["traceId"] == trace_id for s in spans.values())
    assert "parentSpanId" not in spans["root"]
    assert spans["child"]["parentSpanId"] == spans["root"]["spanId"]
    assert spans["grandchild"]["parentSpanId"] == spans["child"]["spanId"]
    assert spans["sibling"]["parentSpanId"] == spans["root"]["spanId"]
    assert spans["root"]["kind"] == "agent" and spans["grandchild"]["kind"] == "tool"
    assert all(s["status"] == "ok" for s in spans.values())


def test_observe_nesting_and_io(obs, collector):
    @observe(kind="tool")
    def lookup(order_id, *, verbose=False):
        return {"order": order_id, "state": "shipped"}

    @observe(name="support-agent", kind="agent")
    def agent(question):
        return lookup(42, verbose=True)["state"]

    assert agent("where is my order?") == "shipped"
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert spans["lookup"]["parentSpanId"] == spans["support-agent"]["spanId"]
    assert spans["support-agent"]["input"] == {"question": "where is my order?"}
    assert spans["support-agent"]["output"] == "shipped"
    assert spans["lookup"]["input"] == {"order_id": 42, "verbose": True}
    assert spans["lookup"]["output"] == {"order": 42, "state": "shipped"}
    assert spans["lookup"]["kind"] == "tool"


def test_observe_method_skips_self_and_supports_bare_decorator(obs, collector):
    class Agent:
        @observe
        def plan(self, goal, *steps):
            return len(steps)

    assert Agent().plan("ship", "a", "b") == 2
    obs.flush(timeout=5)
    (span,) = collector.spans
    assert span["name"] == "plan" and span["kind"] == "other"
    assert span["input"] == {"goal": "ship", "steps": ["a", "b"]}
    assert span["output"] == 2


def test_observe_uses_the_most_recently_created_client(make_obs, collector):
    @observe
    def work():
        return 1

    first = make_obs()
    second = make_obs()
    work()
    second.flush(timeout=5)
    assert len(collector.spans) == 1
    assert first.stats().sent == 0 and first.stats().pending == 0 and second.stats().sent == 1


def test_observe_captures_can_be_disabled(obs, collector):
    @observe(capture_input=False, capture_output=False)
    def secret(password):
        return "token"

    secret("hunter2")
    obs.flush(timeout=5)
    (span,) = collector.spans
    assert "input" not in span and "output" not in span


def test_asyncio_gather_children_follow_their_tasks(obs, collector):
    @observe(kind="tool")
    async def tool(i):
        await asyncio.sleep(0.01 * (3 - i))  # finish out of order
        with obs.span(f"inner-{i}"):
            await asyncio.sleep(0)
        return i

    async def main():
        async with obs.span("root", kind="agent") as root:
            results = await asyncio.gather(*(tool(i) for i in range(3)))
            assert obs.current_span() is root
            return results

    assert asyncio.run(main()) == [0, 1, 2]
    obs.flush(timeout=5)
    spans = collector.spans
    root = next(s for s in spans if s["name"] == "root")
    tools = [s for s in spans if s["name"] == "tool"]
    assert len(tools) == 3
    assert all(t["parentSpanId"] == root["spanId"] for t in tools)
    tool_by_input = {t["input"]["i"]: t for t in tools}
    for i in range(3):
        inner = next(s for s in spans if s["name"] == f"inner-{i}")
        assert inner["parentSpanId"] == tool_by_input[i]["spanId"]
        assert tool_by_input[i]["output"] == i
    assert len({s["traceId"] for s in spans}) == 1


def test_concurrent_traces_never_mix(obs, collector):
    async def one_trace(n):
        async with obs.span(f"root-{n}", kind="agent"):
            for step in range(5):
                await asyncio.sleep(0)
                async with obs.span(f"step-{n}-{step}"):
                    await asyncio.sleep(0)

    async def main():
        await asyncio.gather(*(one_trace(n) for n in range(10)))

    asyncio.run(main())
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert len(spans) == 10 * 6
    for n in range(10):
        root = spans[f"root-{n}"]
        for step in range(5):
            s = spans[f"step-{n}-{step}"]
            assert s["traceId"] == root["traceId"]
            assert s["parentSpanId"] == root["spanId"]
    assert len({s["traceId"] for s in spans.values()}) == 10


def test_generator_span_covers_the_whole_iteration(obs, collector):
    @observe(kind="llm")
    def stream(n):
        for i in range(n):
            with obs.span(f"chunk-{i}"):
                pass
            yield f"t{i} "

    with obs.span("root") as root:
        out = []
        for token in stream(3):
            # between items, the consumer is back in its own context
            assert obs.current_span() is root
            with obs.span(f"consumer-{len(out)}"):
                pass
            out.append(token)
    assert out == ["t0 ", "t1 ", "t2 "]
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    gen = spans["stream"]
    assert gen["parentSpanId"] == spans["root"]["spanId"]
    assert gen["output"] == "t0 t1 t2 "  # string chunks are joined
    assert gen["input"] == {"n": 3}
    for i in range(3):
        assert spans[f"chunk-{i}"]["parentSpanId"] == gen["spanId"]
        assert spans[f"consumer-{i}"]["parentSpanId"] == spans["root"]["spanId"]
    # the generator span ends after the last item was produced: after every chunk span started
    assert gen["endTime"] >= spans["chunk-2"]["endTime"]
    assert gen["startTime"] <= spans["chunk-0"]["startTime"]


def test_generator_send_return_value_and_early_close(obs, collector):
    @observe
    def echo():
        received = []
        while True:
            value = yield len(received)
            if value is None:
                return received
            received.append(value)

    g = echo()
    assert next(g) == 0
    assert g.send("a") == 1
    assert g.send("b") == 2
    with pytest.raises(StopIteration) as stop:
        g.send(None)
    assert stop.value.value == ["a", "b"]

    @observe
    def numbers():
        yield from range(100)

    for n in numbers():
        if n == 2:
            break  # the generator is closed; its span still ends, status ok

    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert spans["echo"]["output"] == [0, 1, 2]
    assert spans["numbers"]["status"] == "ok"
    assert spans["numbers"]["output"] == [0, 1, 2]


def test_generator_exception_marks_error_and_propagates(obs, collector):
    class Boom(Exception):
        pass

    @observe
    def failing():
        yield 1
        raise Boom("stream broke")

    with pytest.raises(Boom, match="stream broke"):
        list(failing())

    @observe
    def catches():
        try:
            yield 1
        except KeyError:
            yield "recovered"

    g = catches()
    assert next(g) == 1
    assert g.throw(KeyError("x")) == "recovered"
    g.close()
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert spans["failing"]["status"] == "error"
    assert spans["failing"]["statusMessage"] == "stream broke"
    assert spans["catches"]["status"] == "ok"


def test_async_generator_span_covers_the_iteration(obs, collector):
    @observe(kind="llm")
    async def stream(n):
        for i in range(n):
            async with obs.span(f"chunk-{i}"):
                await asyncio.sleep(0)
            yield i

    async def main():
        async with obs.span("root") as root:
            items = []
            async for item in stream(3):
                assert obs.current_span() is root
                items.append(item)
            return items

    assert asyncio.run(main()) == [0, 1, 2]
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    gen = spans["stream"]
    assert gen["parentSpanId"] == spans["root"]["spanId"]
    assert gen["output"] == [0, 1, 2]
    for i in range(3):
        assert spans[f"chunk-{i}"]["parentSpanId"] == gen["spanId"]


def test_async_generator_error_and_aclose(obs, collector):
    @observe
    async def failing():
        yield 1
        raise ValueError("bad chunk")

    @observe
    async def endless():
        i = 0
        while True:
            yield i
            i += 1

    async def main():
        with pytest.raises(ValueError, match="bad chunk"):
            async for _ in failing():
                pass
        agen = endless()
        assert await agen.__anext__() == 0
        assert await agen.__anext__() == 1
        await agen.aclose()

    asyncio.run(main())
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert spans["failing"]["status"] == "error"
    assert spans["failing"]["statusMessage"] == "bad chunk"
    assert spans["endless"]["status"] == "ok"
    assert spans["endless"]["output"] == [0, 1]


def test_threads_via_wrap_and_executor(obs, collector):
    def work(label):
        with obs.span(label):
            return label

    with obs.span("root") as root:
        t = threading.Thread(target=obs.wrap(work), args=("wrapped-thread",))
        t.start()
        t.join()
        with ContextThreadPoolExecutor(max_workers=2) as pool:
            assert list(pool.map(work, ["pool-1", "pool-2"])) == ["pool-1", "pool-2"]
        with obs.executor(max_workers=1) as pool:
            assert pool.submit(work, "pool-3").result() == "pool-3"
        # a plain thread without the helper starts its own trace
        plain = threading.Thread(target=work, args=("plain-thread",))
        plain.start()
        plain.join()
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    for name in ("wrapped-thread", "pool-1", "pool-2", "pool-3"):
        assert spans[name]["parentSpanId"] == root.span_id, name
        assert spans[name]["traceId"] == root.trace_id
    assert "parentSpanId" not in spans["plain-thread"]
    assert spans["plain-thread"]["traceId"] != root.trace_id


def test_wrapped_function_can_run_in_many_threads_at_once(obs, collector):
    barrier = threading.Barrier(4)

    def work(i):
        barrier.wait(timeout=5)
        with obs.span(f"w{i}"):
            pass

    with obs.span("root") as root:
        fn = obs.wrap(work)
        threads = [threading.Thread(target=fn, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert all(spans[f"w{i}"]["parentSpanId"] == root.span_id for i in range(4))


def test_span_ids_are_w3c_shaped_and_traceparent_continues_a_trace(obs, collector):
    incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    with obs.span("server", traceparent=incoming) as server:
        assert server.trace_id == "0af7651916cd43dd8448eb211c80319c"
        assert server.parent_span_id == "b7ad6b7169203331"
        outgoing = server.traceparent
        with obs.span("child"):
            pass
    assert outgoing == f"00-{server.trace_id}-{server.span_id}-01"
    # invalid headers are ignored: a new trace starts
    with obs.span("fresh", traceparent="garbage") as fresh:
        pass
    with obs.span("zeros", traceparent="00-" + "0" * 32 + "-b7ad6b7169203331-01") as zeros:
        pass
    obs.flush(timeout=5)
    spans = _by_name(collector.spans)
    assert spans["server"]["traceId"] == "0af7651916cd43dd8448eb211c80319c"
    assert spans["server"]["parentSpanId"] == "b7ad6b7169203331"
    assert spans["child"]["parentSpanId"] == spans["server"]["spanId"]
    assert fresh.trace_id != server.trace_id and "parentSpanId" not in spans["fresh"]
    assert zeros.parent_span_id is None
    import re

    for s in spans.values():
        assert re.fullmatch(r"[0-9a-f]{32}", s["traceId"])
        assert re.fullmatch(r"[0-9a-f]{16}", s["spanId"])


def test_unsampled_traceparent_records_nothing_but_propagates(obs, collector):
    incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"
    with obs.span("server", traceparent=incoming) as span:
        assert not span.is_recording
        with obs.span("child") as child:
            assert not child.is_recording
            assert child.trace_id == "0af7651916cd43dd8448eb211c80319c"
            assert child.traceparent.endswith("-00")
    assert obs.flush(timeout=5).ok
    assert collector.spans == []


def test_span_used_without_with(obs, collector):
    span = obs.span("manual", kind="chain")
    span.set_output("done")
    span.end()
    span.end()  # idempotent
    span.set_output("ignored after end")
    obs.flush(timeout=5)
    (s,) = collector.spans
    assert s["output"] == "done" and s["status"] == "ok"


def test_client_independent_current_span():
    assert AgentObs.current_span() is None
