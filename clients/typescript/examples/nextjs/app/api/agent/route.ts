/**
 * A Next.js App Router route handler (`app/api/agent/route.ts`). Serverless functions may be frozen as
 * soon as the response is returned, so the handler flushes (bounded by a timeout) before returning.
 * It is a plain `(req: Request) => Promise<Response>` function: it can be called without Next.js.
 */
import { AgentObs } from '@agentobs/sdk';

const obs = new AgentObs({ shutdownTimeoutMs: 2000 });

async function callModel(prompt: string): Promise<string> {
  return obs.span('generate', { kind: 'llm', model: 'gpt-4o-mini', input: prompt }, async (span) => {
    await new Promise((resolve) => setTimeout(resolve, 3));
    span.setUsage({ inputTokens: 42, outputTokens: 7 });
    return `You asked: ${prompt}`;
  });
}

export async function POST(req: Request): Promise<Response> {
  const body = (await req.json().catch(() => ({}))) as { prompt?: unknown };
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  let traceId: string | undefined;
  let status = 200;
  let payload: Record<string, unknown>;
  try {
    payload = await obs.span(
      'nextjs-agent',
      { kind: 'agent', input: { prompt }, traceparent: req.headers.get('traceparent') },
      async (span) => {
        traceId = span.traceId;
        if (!prompt) throw new Error('prompt is required');
        return { answer: await callModel(prompt) };
      },
    );
  } catch (err) {
    status = 400;
    payload = { error: (err as Error).message };
  }
  const flushed = await obs.flush(); // before returning: a serverless function may be frozen right after
  return new Response(JSON.stringify({ ...payload, traceId, flushed }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
