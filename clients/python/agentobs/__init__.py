"""agentobs: the Python SDK of Agent Monitoring.

Two layers:

* ``agentobs._generated``: the API client generated from the server's ``openapi.json`` (never edited
  by hand; regenerate with ``scripts/generate.sh``). ``AgentObs(...).api`` is its authenticated client.
* the tracing layer (this package): ``AgentObs``, ``observe``, ``Span``.

    from agentobs import AgentObs, observe

    obs = AgentObs()   # api_key / base_url from AGENTOBS_API_KEY / AGENTOBS_BASE_URL

    @observe(kind="tool")
    def fetch_order(order_id): ...

    with obs.span("support-agent", kind="agent", input="where is my order?") as span:
        span.set_output(fetch_order(42))
"""

from ._client import AgentObs, get_client, observe
from ._context import ContextThreadPoolExecutor, current_span, wrap
from ._span import NonRecordingSpan, Span
from ._transport import DROP_REASONS, DropEvent, FlushResult, Stats
from ._version import __version__

__all__ = [
    "AgentObs",
    "observe",
    "Span",
    "NonRecordingSpan",
    "Stats",
    "FlushResult",
    "DropEvent",
    "DROP_REASONS",
    "ContextThreadPoolExecutor",
    "current_span",
    "wrap",
    "get_client",
    "__version__",
]
