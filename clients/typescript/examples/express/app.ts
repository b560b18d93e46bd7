/**
 * An Express app traced per request: the middleware opens one `agent` span per request (continuing an
 * incoming W3C `traceparent`), everything the route does nests under it, and the response carries the
 * request span's `traceparent` so a caller can find its trace.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { AgentObs } from '@agentobs/sdk';

export function agentObsMiddleware(obs: AgentObs): RequestHandler {
  return (req, res, next) => {
    void obs.span(
      `${req.method} ${req.path}`,
      {
        kind: 'agent',
        traceparent: req.get('traceparent'),
        attributes: { 'http.method': req.method, 'http.target': req.originalUrl },
      },
      (span) =>
        new Promise<void>((resolve) => {
          res.setHeader('traceparent', span.traceparent);
          const done = (): void => {
            span.setAttribute('http.status_code', res.statusCode);
            if (res.statusCode >= 500) span.setStatus('error', `HTTP ${res.statusCode}`);
            resolve();
          };
          res.once('finish', done);
          res.once('close', done);
          next(); // the rest of the request runs inside the span
        }),
    );
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createApp(obs: AgentObs): express.Express {
  const app = express();
  app.use(agentObsMiddleware(obs));
  app.use(express.json());

  const retrieve = obs.observe(
    async (query: string) => {
      await sleep(2);
      return [`doc about ${query}`];
    },
    { name: 'retrieve', kind: 'retrieval' },
  );

  app.post('/chat', async (req, res) => {
    const message = String((req.body as { message?: unknown } | undefined)?.message ?? '');
    const docs = await retrieve(message);
    const answer = await obs.span('llm-call', { kind: 'llm', model: 'gpt-4o-mini', input: { message, docs } }, async (span) => {
      await sleep(3);
      span.setUsage({ inputTokens: 150, outputTokens: 20 });
      return `echo: ${message}`;
    });
    res.json({ answer, traceId: obs.currentSpan()?.traceId });
  });

  app.post('/fail', async () => {
    await obs.span('flaky-tool', { kind: 'tool' }, async () => {
      throw new Error('tool exploded');
    });
  });

  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => {
    res.status(500).json({ error: err.message, traceId: obs.currentSpan()?.traceId });
  };
  app.use(onError);
  return app;
}
