"""FastAPI example: an ASGI middleware traces each request; ``@observe`` traces async handlers.

    pip install fastapi uvicorn
    AGENTOBS_BASE_URL=http://127.0.0.1:8000 AGENTOBS_API_KEY=ao_sk_... \\
        uvicorn app:app --app-dir examples/fastapi --port 5001
    curl -s localhost:5001/ask -H 'content-type: application/json' -d '{"question": "where is my order?"}'

``AgentObsMiddleware`` is a plain ASGI middleware (not ``BaseHTTPMiddleware``, so the active span
flows into handlers through ``contextvars``): each HTTP request gets a root span of kind ``agent``
named ``"<METHOD> <route>"``, continuing an incoming ``traceparent`` header, and the response gets a
``traceparent`` header. Handlers decorated with ``@observe`` become its children.

Note: this module does not use ``from __future__ import annotations``: FastAPI resolves a decorated
handler's string annotations in the decorator's module, so keep them as real types.
"""

import asyncio
import os
from typing import Any, AsyncIterator, Callable, Dict, List, Optional

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel

from agentobs import AgentObs, observe


class AgentObsMiddleware:
    def __init__(self, app: Callable, obs: Optional[AgentObs] = None) -> None:
        self.app = app
        self.obs = obs or AgentObs()

    async def __call__(self, scope: Dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"traceparent")
        method, path = scope["method"], scope["path"]
        span = self.obs.span(
            f"{method} {path}",
            kind="agent",
            traceparent=incoming.decode("latin-1") if incoming else None,
            attributes={"http.method": method, "http.target": path},
        )

        async def send_with_trace(message: Dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                span.set_attribute("http.status_code", status)
                if status >= 500:
                    span.set_status("error", f"HTTP {status}")
                message = dict(message)
                message["headers"] = list(message.get("headers") or []) + [
                    (b"traceparent", span.traceparent.encode("ascii"))
                ]
            await send(message)

        async with span:
            try:
                await self.app(scope, receive, send_with_trace)
            finally:
                route = scope.get("route")  # set by the router once matched
                if route is not None and getattr(route, "path", None):
                    span.set_name(f"{method} {route.path}")
                    span.set_attribute("http.route", route.path)


# -- the application ------------------------------------------------------------------------------

obs = AgentObs()
app = FastAPI(title="agentobs FastAPI example")
app.add_middleware(AgentObsMiddleware, obs=obs)


class Question(BaseModel):
    question: str


class OrderServiceError(Exception):
    pass


@app.exception_handler(OrderServiceError)
async def order_service_error(request: Request, exc: OrderServiceError) -> JSONResponse:
    # answered inside the middleware: the request span gets http.status_code 502 and status error
    return JSONResponse({"detail": str(exc)}, status_code=502)


@observe(kind="retrieval")
async def search_docs(question: str) -> List[str]:
    await asyncio.sleep(0)
    return ["Orders ship within 2 business days."]


@observe(kind="llm")
async def generate(question: str, docs: List[str]) -> str:
    await asyncio.sleep(0)
    span = obs.current_span()
    span.set_model("gpt-4o-mini")
    span.set_usage(input_tokens=120, output_tokens=30)
    return f"{docs[0]} (you asked: {question})"


@observe(kind="tool")
async def lookup(order_id: int) -> Dict[str, Any]:
    await asyncio.sleep(0)
    if order_id < 0:
        raise OrderServiceError(f"order service failed for order {order_id}")
    return {"id": order_id, "state": "shipped"}


@app.post("/ask")
@observe(kind="chain")
async def ask(body: Question) -> Dict[str, str]:
    docs, order = await asyncio.gather(search_docs(body.question), lookup(42))
    answer = await generate(body.question, docs)
    return {"answer": answer, "order": order["state"], "traceId": obs.current_span().trace_id}


@app.get("/orders/{order_id}")
@observe(kind="chain")
async def order(order_id: int) -> Dict[str, Any]:
    return await lookup(order_id)  # a negative id fails: spans with status error, HTTP 502


@observe(kind="llm")
async def token_stream(question: str) -> AsyncIterator[str]:
    for word in f"streaming an answer to: {question}".split():
        await asyncio.sleep(0)
        yield word + " "


@app.get("/stream")
async def stream(q: str = "hello") -> StreamingResponse:
    return StreamingResponse(token_stream(q), media_type="text/plain")


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "5001")))
