"""Flask example: one trace per request, continuing an incoming W3C ``traceparent``.

    pip install flask
    AGENTOBS_BASE_URL=http://127.0.0.1:8000 AGENTOBS_API_KEY=ao_sk_... python examples/flask/app.py
    curl -s localhost:5000/ask -H 'content-type: application/json' -d '{"question": "where is my order?"}'

``AgentObsFlask`` is a small extension: every request gets a root span (kind ``agent``, named
``"<METHOD> <route>"``) that is active while the view runs, so ``@observe``-decorated functions it
calls become children. An incoming ``traceparent`` header continues the caller's trace; the
response carries a ``traceparent`` header naming the request's span. 5xx responses and unhandled
exceptions mark the span ``error``.
"""

from __future__ import annotations

import os
from typing import Any, Optional

from flask import Flask, Response, g, jsonify, request

from agentobs import AgentObs, observe


class AgentObsFlask:
    def __init__(self, app: Optional[Flask] = None, obs: Optional[AgentObs] = None) -> None:
        self.obs = obs or AgentObs()
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        app.before_request(self._start)
        app.after_request(self._response)
        app.teardown_request(self._end)
        app.extensions["agentobs"] = self

    def _start(self) -> None:
        rule = request.url_rule.rule if request.url_rule is not None else request.path
        span = self.obs.span(
            f"{request.method} {rule}",
            kind="agent",
            traceparent=request.headers.get("traceparent"),
            attributes={"http.method": request.method, "http.route": rule, "http.target": request.full_path},
        )
        span.__enter__()
        g._agentobs_span = span

    def _response(self, response: Response) -> Response:
        span = g.get("_agentobs_span")
        if span is not None:
            span.set_attribute("http.status_code", response.status_code)
            if response.status_code >= 500:
                span.set_status("error", f"HTTP {response.status_code}")
            response.headers["traceparent"] = span.traceparent
        return response

    def _end(self, exc: Optional[BaseException]) -> None:
        span = g.pop("_agentobs_span", None)
        if span is not None:
            span.__exit__(type(exc) if exc else None, exc, exc.__traceback__ if exc else None)


# -- the application ------------------------------------------------------------------------------

obs = AgentObs()
app = Flask(__name__)
AgentObsFlask(app, obs)


@observe(kind="retrieval")
def search_docs(question: str) -> list:
    return ["Orders ship within 2 business days."]


@observe(kind="llm")
def generate(question: str, docs: list) -> str:
    span = obs.current_span()
    span.set_model("gpt-4o-mini")
    span.set_usage(input_tokens=120, output_tokens=30)
    return f"{docs[0]} (you asked: {question})"


@observe(kind="tool")
def charge_card(amount: int) -> Any:
    raise RuntimeError("payment provider unavailable")


@app.post("/ask")
def ask() -> Any:
    question = (request.get_json(silent=True) or {}).get("question", "")
    answer = generate(question, search_docs(question))
    return jsonify(answer=answer, traceId=obs.current_span().trace_id)


@app.post("/checkout")
def checkout() -> Any:
    charge_card(100)  # raises: the request's trace ends with status error (HTTP 500)
    return jsonify(ok=True)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
