"""Capture: serialisation, truncation, masking, exceptions, sampling and the wire format."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import decimal
import enum
import json
import re
import uuid
from pathlib import Path

import pydantic
import pytest

from agentobs import observe
from agentobs._serialize import encode_field, format_time, to_jsonable


@dataclasses.dataclass
class Order:
    id: int
    placed: dt.datetime
    tags: list


class Color(enum.Enum):
    RED = "red"


class User(pydantic.BaseModel):
    name: str
    joined: dt.date


class Unprintable:
    def __str__(self):
        raise RuntimeError("no")

    def __repr__(self):
        return "<Unprintable>"


def test_to_jsonable_handles_common_types():
    when = dt.datetime(2026, 11, 25, 12, 0, 0, 123000, tzinfo=dt.timezone.utc)
    uid = uuid.UUID("12345678-1234-5678-1234-567812345678")
    value = {
        "order": Order(7, when, ["a"]),
        "user": User(name="Ada", joined=dt.date(2026, 1, 2)),
        "when": when,
        "day": dt.date(2026, 1, 2),
        "uuid": uid,
        "dec": decimal.Decimal("1.50"),
        "color": Color.RED,
        "path": Path("/tmp/x"),
        "bytes": b"hello",
        "binary": b"\xff\xfe",
        "exc": ValueError("bad"),
        "set": {3, 1, 2},
        "tuple": (1, 2),
        "nan": float("nan"),
        "inf": float("inf"),
        "obj": object(),
        "unprintable": Unprintable(),
        1: "int key",
    }
    out = to_jsonable(value)
    json.dumps(out, allow_nan=False)  # really JSON-safe
    assert out["order"] == {"id": 7, "placed": "2026-11-25T12:00:00.123000+00:00", "tags": ["a"]}
    assert out["user"] == {"name": "Ada", "joined": "2026-01-02"}
    assert out["when"] == "2026-11-25T12:00:00.123000+00:00"
    assert out["day"] == "2026-01-02"
    assert out["uuid"] == str(uid)
    assert out["dec"] == "1.50"
    assert out["color"] == "red"
    assert out["path"] == "/tmp/x"
    assert out["bytes"] == "hello"
    assert out["binary"] == "base64://4="
    assert out["exc"] == {"type": "ValueError", "message": "bad"}
    assert out["set"] == [1, 2, 3]
    assert out["tuple"] == [1, 2]
    assert out["nan"] == "nan" and out["inf"] == "inf"
    assert out["obj"].startswith("<object object at")
    assert out["unprintable"] == "<Unprintable>"
    assert out["1"] == "int key"


def test_to_jsonable_cycles_depth_and_width():
    a = {"name": "a"}
    a["self"] = a
    out = to_jsonable(a)
    assert out == {"name": "a", "self": "[Circular]"}
    deep = current = {}
    for _ in range(50):
        current["next"] = {}
        current = current["next"]
    json.dumps(to_jsonable(deep))
    wide = list(range(5000))
    out = to_jsonable(wide)
    assert len(out) == 5000  # under MAX_ITEMS (10,000, as in TypeScript): all kept
    # the same object twice (not a cycle) is kept twice
    shared = [1]
    assert to_jsonable({"a": shared, "b": shared}) == {"a": [1], "b": [1]}


def test_encode_field_truncates_past_max_size():
    text = encode_field("x" * 10_000, 100)
    value = json.loads(text)
    assert value.startswith("xxxxxxxxxx") and value.endswith("…[truncated 10002 bytes]")
    assert len(text.encode()) <= 100
    big = {"items": [{"k": "v" * 50} for _ in range(100)]}
    value = json.loads(encode_field(big, 200))
    assert isinstance(value, str) and value.endswith(" bytes]") and len(json.dumps(value, ensure_ascii=False).encode()) <= 200
    # small values pass untouched
    assert json.loads(encode_field({"a": [1, 2]}, 200)) == {"a": [1, 2]}


def test_span_truncation_uses_max_field_size(make_obs, collector):
    obs = make_obs(max_field_size=1000)
    with obs.span("big", input="a" * 50_000) as span:
        span.set_output({"blob": "b" * 50_000})
        span.set_attributes({"long": "c" * 50_000})
    obs.flush(timeout=5)
    (s,) = collector.spans
    assert len(json.dumps(s["input"])) <= 1100
    assert len(json.dumps(s["output"])) <= 1100
    assert len(s["attributes"]["long"]) <= 1100
    assert s["input"].endswith("…[truncated 50002 bytes]")  # UTF-8 bytes of the JSON, as in TypeScript


def test_mask_applies_to_input_and_output(make_obs, collector):
    email = re.compile(r"[\w.]+@[\w.]+")

    def mask(value):
        if isinstance(value, str):
            return email.sub("[email]", value)
        if isinstance(value, dict):
            return {k: mask(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mask(v) for v in value]
        return value

    obs = make_obs(mask=mask)

    @observe(kind="tool")
    def send(to, body):
        return {"sent_to": to}

    send("ada@example.com", "hi bob@example.org")
    obs.flush(timeout=5)
    (s,) = collector.spans
    assert s["input"] == {"to": "[email]", "body": "hi [email]"}
    assert s["output"] == {"sent_to": "[email]"}


def test_failing_mask_never_leaks_the_value(make_obs, collector):
    def mask(value):
        raise RuntimeError("mask bug")

    obs = make_obs(mask=mask)
    with obs.span("s", input="secret-token"):
        pass
    obs.flush(timeout=5)
    (s,) = collector.spans
    assert "secret" not in json.dumps(s)
    assert s["input"] == "[mask failed]"  # the same text as in TypeScript


def test_exception_marks_error_and_is_reraised_untouched(obs, collector):
    class Custom(Exception):
        pass

    error = Custom("upstream timed out")

    @observe(kind="tool")
    def flaky():
        raise error

    with pytest.raises(Custom) as caught:
        with obs.span("root", kind="agent"):
            flaky()
    assert caught.value is error
    # the original traceback is intact: its last frame is the raise in flaky()
    tb = caught.value.__traceback__
    while tb.tb_next:
        tb = tb.tb_next
    assert tb.tb_frame.f_code.co_name == "flaky"

    obs.flush(timeout=5)
    spans = {s["name"]: s for s in collector.spans}
    for name in ("flaky", "root"):
        assert spans[name]["status"] == "error"
        assert spans[name]["statusMessage"] == "upstream timed out"
        assert spans[name]["attributes"]["exception.type"].endswith("Custom")
        assert "upstream timed out" in spans[name]["attributes"]["exception.stacktrace"]


def test_exception_in_coroutine(obs, collector):
    @observe
    async def fails():
        await asyncio.sleep(0)
        raise KeyError("missing")

    with pytest.raises(KeyError):
        asyncio.run(fails())
    obs.flush(timeout=5)
    (s,) = collector.spans
    assert s["status"] == "error" and s["statusMessage"] == "'missing'"


def test_explicit_status_and_setters(obs, collector):
    with obs.span("llm-call", kind="llm", model="gpt-4o-mini", attributes={"user.tier": "pro"}) as span:
        span.set_usage(input_tokens=812, output_tokens=95)
        span.set_cost(0.0012)
        span.set_attribute("temperature", 0.2)
        span.set_status("error", "content filter")
    with obs.span("usage-total") as span:
        span.set_usage(input_tokens=1, output_tokens=2, total_tokens=10)
    with pytest.raises(ValueError):
        obs.span("x", kind="nonsense")
    with pytest.raises(ValueError):
        observe(kind="nonsense")
    obs.flush(timeout=5)
    spans = {s["name"]: s for s in collector.spans}
    s = spans["llm-call"]
    assert s["model"] == "gpt-4o-mini"
    assert s["usage"] == {"inputTokens": 812, "outputTokens": 95, "totalTokens": 907}
    assert s["costUsd"] == 0.0012
    assert s["attributes"] == {"user.tier": "pro", "temperature": 0.2}
    assert s["status"] == "error" and s["statusMessage"] == "content filter"
    assert spans["usage-total"]["usage"]["totalTokens"] == 10


def test_wire_format(obs, collector):
    with obs.span("root", kind="agent", input={"q": "hi"}) as root:
        with obs.span("child", kind="retrieval") as child:
            child.set_output(["doc"])
    obs.flush(timeout=5)
    (req,) = collector.requests
    assert req.path == "/api/v1/ingest"
    assert req.headers["Authorization"] == "Bearer ao_sk_unit_test"
    assert req.headers["Content-Encoding"] == "gzip"
    assert req.headers["Content-Type"] == "application/json"
    assert set(req.body) == {"spans"}
    spans = {s["name"]: s for s in req.spans}
    iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")  # microseconds
    for s in spans.values():
        assert iso.match(s["startTime"]) and iso.match(s["endTime"])
        assert s["startTime"] <= s["endTime"]
        assert s["status"] == "ok"
        allowed = {
            "traceId", "spanId", "parentSpanId", "name", "kind", "startTime", "endTime", "status",
            "statusMessage", "input", "output", "attributes", "model", "usage", "costUsd",
        }  # fmt: skip
        assert set(s) <= allowed
    assert spans["root"]["input"] == {"q": "hi"}
    assert spans["child"]["output"] == ["doc"]
    assert spans["child"]["kind"] == "retrieval"
    assert root.trace_id == spans["root"]["traceId"]


def test_format_time():
    ns = int(dt.datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=dt.timezone.utc).timestamp() * 1e9)
    assert format_time(ns) == "2026-11-25T12:00:00.123456Z"
    assert format_time(ns + 1_000) == "2026-11-25T12:00:00.123457Z"
    assert format_time(ns - 123_456_000) == "2026-11-25T12:00:00.000000Z"
    assert format_time(ns + 877_000_000) == "2026-11-25T12:00:01.000456Z"  # the cached second moves on


def test_siblings_microseconds_apart_keep_their_order(obs, collector):
    with obs.span("parent"):
        for i in range(20):
            with obs.span(f"s{i:02d}"):
                pass
    assert obs.flush(timeout=5).ok
    spans = sorted((s for s in collector.spans if s["name"] != "parent"), key=lambda s: s["startTime"])
    assert [s["name"] for s in spans] == [f"s{i:02d}" for i in range(20)]
    assert len({s["startTime"] for s in spans}) == 20  # no two share a timestamp at µs precision


def test_sampling_zero_records_nothing(make_obs, collector):
    obs = make_obs(sample_rate=0.0)

    @observe
    def child():
        return 1

    for _ in range(20):
        with obs.span("root") as root:
            assert not root.is_recording
            child()
            root.set_output("ignored")
    assert obs.flush(timeout=5).ok
    assert collector.spans == []
    assert obs.stats().sampled_out == 40  # the roots and their children
    assert obs.stats().pending == 0 and obs.stats().sent == 0


SHARED_TESTDATA = Path(__file__).resolve().parents[3] / "testdata"


def test_sampling_decides_exactly_as_the_api_and_the_typescript_sdk():
    from agentobs._otel import trace_id_sampler
    from agentobs._span import sampled_by_trace_id

    cases = json.loads((SHARED_TESTDATA / "sampling.json").read_text())["cases"]
    assert len(cases) > 500
    assert [c for c in cases if sampled_by_trace_id(c["traceId"], c["rate"]) != c["keep"]] == []
    # the sampler of the tracer provider the SDK registers for OpenTelemetry decides the same
    samplers = {}
    wrong = []
    for c in cases:
        sampler = samplers.setdefault(c["rate"], trace_id_sampler(c["rate"]))
        decision = sampler.should_sample(None, int(c["traceId"], 16), "span").decision
        if decision.is_sampled() != c["keep"]:
            wrong.append(c)
    assert wrong == []


def test_sampling_is_per_trace_and_children_follow_the_root(make_obs, collector):
    obs = make_obs(sample_rate=0.5)
    roots = []
    for i in range(400):
        with obs.span(f"root-{i}") as root:
            with obs.span("child"):
                with obs.span("grandchild"):
                    pass
        roots.append(root)
    obs.flush(timeout=5)
    kept = {r.trace_id for r in roots if r.is_recording}
    assert 120 < len(kept) < 280  # ~200 expected
    by_trace = {}
    for s in collector.spans:
        by_trace.setdefault(s["traceId"], []).append(s["name"])
    assert set(by_trace) == kept
    for names in by_trace.values():
        assert len(names) == 3 and sorted(n for n in names if not n.startswith("root-")) == ["child", "grandchild"]
    assert obs.stats().sampled_out == 3 * (400 - len(kept))  # spans, not traces (as in TypeScript)


def test_invalid_configuration_is_refused():
    from agentobs import AgentObs

    with pytest.raises(ValueError):
        AgentObs(api_key="k", sample_rate=1.5)
    with pytest.raises(ValueError):
        AgentObs(api_key="k", max_buffer_size=0)
    with pytest.raises(ValueError):
        AgentObs(api_key="k", max_retry_duration=-1)
    with pytest.raises(TypeError):
        AgentObs(api_key="k", on_drop="not callable")
    with pytest.raises(TypeError):  # the former names are gone (SDK.md's options, the same in both SDKs)
        AgentObs(api_key="k", max_queue_size=10)
    with pytest.raises(TypeError):
        AgentObs(api_key="k", mask="not callable")


def test_capture_is_byte_for_byte_the_typescript_sdks():
    """``max_field_size`` is in UTF-8 bytes of JSON in both SDKs, with the same cut and marker."""
    cases = json.loads((SHARED_TESTDATA / "capture.json").read_text(encoding="utf-8"))["cases"]
    assert len(cases) > 90
    wrong = [c for c in cases if encode_field(c["value"], c["maxFieldSize"]) != c["expected"]]
    assert wrong == []
    for c in cases:
        assert len(c["expected"].encode("utf-8")) <= c["maxFieldSize"]


def test_large_values_are_captured_as_in_typescript():
    """Item (10,000 per container) and container (20,000 walked) limits, as in TypeScript."""
    import hashlib

    generated = json.loads((SHARED_TESTDATA / "capture.json").read_text(encoding="utf-8"))["generated"]
    assert len(generated) == 4
    for r in generated:
        if r["make"] == "ints":
            value = list(range(r["n"]))
        elif r["make"] == "wideObject":
            value = {f"k{i}": i for i in range(r["n"])}
        else:
            value = [[{} for _ in range(r["m"])] for _ in range(r["n"])]
        text = encode_field(value, r["maxFieldSize"])
        assert text[-60:] == r["expectedTail"], r["make"]
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == r["expectedSha256"], r["make"]


def test_attributes_follow_the_typescript_sdks_limits():
    """Attribute strings cut to max_field_size UTF-8 bytes, 256 keys of 256 characters, the rest counted."""
    from agentobs._serialize import attributes_wire

    cases = json.loads((SHARED_TESTDATA / "attributes.json").read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 10
    for c in cases:
        assert attributes_wire(c["attributes"], c["maxFieldSize"]) == c["expected"], c["expected"]


def test_attribute_limits_on_a_real_span(make_obs, collector):
    obs = make_obs(max_field_size=100)
    with obs.span("many-attributes") as span:
        span.set_attributes({f"k{i}": i for i in range(300)})
        span.set_attribute("x" * 300, 1)
        span.set_attribute("note", "é" * 100)
    obs.flush(timeout=5)
    (s,) = collector.spans
    attrs = s["attributes"]
    assert len(attrs) == 256 and attrs["agentobs.dropped_attributes_count"] == 47
    assert "note" not in attrs  # past the 255 kept keys, as in TypeScript
    obs2 = make_obs(max_field_size=100)
    with obs2.span("long-attribute") as span:
        span.set_attribute("note", "é" * 100)
    obs2.flush(timeout=5)
    note = [x for x in collector.spans if x["name"] == "long-attribute"][0]["attributes"]["note"]
    assert note.endswith("…[truncated 200 bytes]") and len(note.encode()) <= 100
