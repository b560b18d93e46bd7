"""The options, stats keys and limits the TypeScript SDK shares (clients/testdata/options.json)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from agentobs import AgentObs
from agentobs._serialize import MAX_ATTRIBUTE_KEY_LENGTH, MAX_ATTRIBUTE_KEYS, MAX_DEPTH
from agentobs._spool import SPOOL_MAX_BYTES
from agentobs._transport import DROP_REASONS, Stats, Transport

VECTOR = json.loads((Path(__file__).resolve().parents[3] / "testdata" / "options.json").read_text())


def test_the_same_options_in_the_same_order_with_the_same_defaults():
    params = inspect.signature(AgentObs).parameters
    assert list(params) == [o["py"] for o in VECTOR["options"]]
    for o in VECTOR["options"]:
        default = params[o["py"]].default
        if "default" in o:
            assert default == o["default"], o["py"]
        if "defaultMs" in o:  # durations: ms in TypeScript (said in the name), seconds here
            assert o["ts"].endswith("Ms") and not o["py"].endswith("_ms")
            assert default == o["defaultMs"] / 1000, o["py"]


@pytest.mark.parametrize("option", [o for o in VECTOR["options"] if o.get("invalid")], ids=lambda o: o["py"])
def test_the_same_out_of_range_values_are_refused(option):
    for bad in option["invalid"]:
        value = bad / 1000 if "defaultMs" in option else bad
        with pytest.raises(ValueError):
            AgentObs(api_key="k", spool_dir=None, **{option["py"]: value})


def test_the_boundaries_are_accepted():
    obs = AgentObs(
        api_key="k", spool_dir=None, sample_rate=0, max_retry_duration=0, shutdown_timeout=0, max_field_size=64,
        flush_at=1, max_buffer_size=1,
    )  # fmt: skip
    obs.shutdown(timeout=0.1)


def test_the_same_stats_keys_and_drop_reasons():
    assert list(Stats().to_dict()) == [py for _, py in VECTOR["stats"]]
    assert list(DROP_REASONS) == [py for _, py in VECTOR["dropReasons"]]


def test_the_same_fixed_limits():
    i = VECTOR["internals"]
    assert {
        "maxBatchSize": Transport.max_batch_size,
        "maxBatchBytes": Transport.max_batch_bytes,
        "requestTimeoutMs": Transport.request_timeout * 1000,
        "retryBaseDelayMs": Transport.retry_base_delay * 1000,
        "retryMaxDelayMs": Transport.max_retry_delay * 1000,
        "spoolMaxBytes": SPOOL_MAX_BYTES,
        "maxAttributeKeys": MAX_ATTRIBUTE_KEYS,
        "maxAttributeKeyLength": MAX_ATTRIBUTE_KEY_LENGTH,
        "maxDepth": MAX_DEPTH,
    } == i
