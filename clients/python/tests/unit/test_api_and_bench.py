"""obs.api (the generated client), retry timing helpers, and the benchmark's output."""

from __future__ import annotations

import asyncio
import email.utils
import re
import time

from agentobs import AgentObs
from agentobs._generated import AuthenticatedClient
from agentobs._transport import _parse_retry_after


def test_api_is_the_generated_authenticated_client(make_obs, collector):
    obs = make_obs()
    api = obs.api
    assert isinstance(api, AuthenticatedClient)
    assert obs.api is api  # cached
    assert api.token == "ao_sk_unit_test"
    sync_client = api.get_httpx_client()
    assert str(sync_client.base_url).rstrip("/") == collector.url
    assert sync_client.headers["Authorization"] == "Bearer ao_sk_unit_test"

    async def check_async():
        async_client = api.get_async_httpx_client()
        assert async_client.headers["Authorization"] == "Bearer ao_sk_unit_test"
        assert str(async_client.base_url).rstrip("/") == collector.url

    asyncio.run(check_async())


def test_repr_never_shows_the_key(make_obs):
    obs = make_obs(api_key="ao_sk_secret_value")
    assert "ao_sk_secret_value" not in repr(obs)


def test_parse_retry_after():
    assert _parse_retry_after("3") == 3.0
    assert _parse_retry_after(" 1.5 ") == 1.5
    assert _parse_retry_after("-4") is None  # not delta-seconds: the normal backoff applies (as in TypeScript)
    assert _parse_retry_after(None) is None
    assert _parse_retry_after("soon") is None
    assert _parse_retry_after("99999") == 300.0  # capped
    http_date = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= _parse_retry_after(http_date) <= 31


def test_retry_after_is_read_as_in_typescript():
    import json
    from pathlib import Path

    cases = json.loads((Path(__file__).resolve().parents[3] / "testdata" / "retry-after.json").read_text())["cases"]
    got = [(c["value"], None if (s := _parse_retry_after(c["value"])) is None else round(s * 1000)) for c in cases]
    assert got == [(c["value"], c["ms"]) for c in cases]


def test_backoff_is_exponential_with_jitter_and_capped(make_obs):
    obs: AgentObs = make_obs()
    t = obs._transport
    t.retry_base_delay, t.max_retry_delay = 0.5, 30.0  # the real timings
    for attempt, cap in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (6, 16.0), (7, 30.0), (40, 30.0)]:
        delays = [t._backoff(attempt) for _ in range(50)]
        assert all(cap / 2 <= d <= cap for d in delays)
        assert len(set(delays)) > 1  # jittered


def test_bench_prints_a_ratio_line(capsys):
    from agentobs import bench

    assert bench.main(["--spans", "2000", "--rounds", "1"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.search(r"ratio=\d+\.\d+$", last), last
