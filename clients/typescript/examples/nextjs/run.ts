/**
 * Calls the route handler the way Next.js would, without Next.js:
 *
 *   AGENTOBS_BASE_URL=http://127.0.0.1:8000 AGENTOBS_API_KEY=ao_sk_... npx tsx examples/nextjs/run.ts "What is a span?"
 */
import { POST } from './app/api/agent/route';

const prompt = process.argv[2] ?? 'What is a span?';
const res = await POST(
  new Request('http://localhost:3000/api/agent', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt }),
  }),
);
const body = (await res.json()) as { traceId?: string };
console.log(`status=${res.status}`);
console.log(`traceId=${body.traceId}`);
console.log(JSON.stringify(body));
