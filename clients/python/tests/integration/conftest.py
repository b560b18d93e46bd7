"""Integration fixtures: a running stack (AGENTOBS_BASE_URL) and a member+ API key (AGENTOBS_API_KEY).

These tests FAIL (they do not skip) when the variables are missing or the server is unreachable:
running this suite explicitly means the stack is expected to be there.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import time
from types import ModuleType
from typing import Any, Dict, List, Optional

import httpx
import pytest

from agentobs import AgentObs

READ_TIMEOUT = float(os.environ.get("AGENTOBS_IT_READ_TIMEOUT", "30"))


@pytest.fixture(scope="session")
def stack() -> Dict[str, str]:
    base_url = os.environ.get("AGENTOBS_BASE_URL", "").rstrip("/")
    api_key = os.environ.get("AGENTOBS_API_KEY", "")
    missing = [name for name, value in (("AGENTOBS_BASE_URL", base_url), ("AGENTOBS_API_KEY", api_key)) if not value]
    if missing:
        pytest.fail(f"integration tests need {' and '.join(missing)} (a running stack and a member+ API key)")
    try:
        httpx.get(f"{base_url}/health/live", timeout=5).raise_for_status()
    except Exception as exc:
        pytest.fail(f"the server at {base_url} is not reachable/healthy: {exc!r}")
    return {"base_url": base_url, "api_key": api_key}


@pytest.fixture
def obs(stack):
    client = AgentObs(api_key=stack["api_key"], base_url=stack["base_url"], flush_interval=0.2)
    yield client
    client.shutdown(timeout=5)


_GET_TRACE: Optional[ModuleType] = None


def get_trace_operation() -> ModuleType:
    """The generated endpoint module for GET /api/v1/traces/{traceId}, whatever its operationId."""
    global _GET_TRACE
    if _GET_TRACE is not None:
        return _GET_TRACE
    import agentobs._generated.api as api_pkg

    probe = "0123456789abcdef0123456789abcdef"
    for info in pkgutil.walk_packages(api_pkg.__path__, api_pkg.__name__ + "."):
        module = importlib.import_module(info.name)
        get_kwargs = getattr(module, "_get_kwargs", None)
        if get_kwargs is None or not hasattr(module, "sync_detailed"):
            continue
        params = [p for p in inspect.signature(get_kwargs).parameters.values() if p.default is p.empty]
        if len(params) != 1:
            continue
        try:
            kwargs = get_kwargs(probe)
        except TypeError:
            continue
        if str(kwargs.get("method", "")).lower() == "get" and kwargs.get("url") == f"/api/v1/traces/{probe}":
            _GET_TRACE = module
            return module
    pytest.fail("the generated client has no operation for GET /api/v1/traces/{traceId}; regenerate it")


def read_trace(obs: AgentObs, trace_id: str, expected_spans: int, timeout: float = READ_TIMEOUT) -> Dict[str, Any]:
    """GET the stored trace through ``obs.api`` until it has ``expected_spans`` spans (ingestion may be async)."""
    op = get_trace_operation()
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        response = op.sync_detailed(trace_id, client=obs.api)
        status = int(response.status_code)
        if status == 200:
            last = json.loads(response.content)
            if len(last.get("spans") or []) >= expected_spans:
                assert last["traceId"] == trace_id
                return last
        elif status != 404:
            pytest.fail(f"GET /api/v1/traces/{trace_id} answered {status}: {response.content[:500]!r}")
        else:
            last = f"404 {response.content[:200]!r}"
        if time.monotonic() >= deadline:
            pytest.fail(f"trace {trace_id} did not reach {expected_spans} spans within {timeout}s; last: {last!r}")
        time.sleep(0.25)


def spans_of(trace: Dict[str, Any]) -> List[Dict[str, Any]]:
    return list(trace["spans"])
