/**
 * A two-step support agent: step 1 plans with an LLM, step 2 acts with tools and drafts the answer.
 * The model and the tools are fakes so the example runs anywhere; the spans are real:
 *
 *   support-agent (agent)
 *   ├─ plan (llm, usage)
 *   ├─ search-docs (retrieval)
 *   ├─ lookup-order (tool)
 *   │  ├─ orders-api (tool, error: the first attempt times out)
 *   │  └─ orders-api (tool, the retry succeeds)
 *   └─ draft-answer (llm, usage)
 *
 * Run:  AGENTOBS_BASE_URL=http://127.0.0.1:8000 AGENTOBS_API_KEY=ao_sk_... npx tsx examples/basic/index.ts
 * It prints `traceId=<id>`: open it in the dashboard or GET /api/v1/traces/<id>.
 */
import { AgentObs } from '@agentobs/sdk';

const obs = new AgentObs(); // reads AGENTOBS_API_KEY and AGENTOBS_BASE_URL

const ORDERS: Record<string, { status: string; eta: string }> = { '42': { status: 'shipped', eta: 'Friday' } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Planner {
  /** Step 1: an LLM call that decides what to look up. */
  @obs.trace({ kind: 'llm', name: 'plan', model: 'gpt-4o-mini' })
  async plan(question: string): Promise<{ orderId: string | undefined }> {
    await sleep(5);
    obs.currentSpan()?.setUsage({ inputTokens: 812, outputTokens: 95 }).setCost(0.000179);
    return { orderId: /\d+/.exec(question)?.[0] };
  }
}

const searchDocs = obs.observe(
  async (query: string) => {
    await sleep(2);
    return [{ id: 'kb-7', title: 'Shipping times', score: 0.92, query }];
  },
  { name: 'search-docs', kind: 'retrieval' },
);

let ordersApiCalls = 0;
const callOrdersApi = obs.observe(
  async (orderId: string) => {
    await sleep(2);
    if (++ordersApiCalls === 1) throw new Error('orders API timed out');
    return ORDERS[orderId] ?? null;
  },
  { name: 'orders-api', kind: 'tool' },
);

const lookupOrder = obs.observe(
  async (orderId: string) => {
    try {
      return await callOrdersApi(orderId);
    } catch {
      return callOrdersApi(orderId); // one retry
    }
  },
  { name: 'lookup-order', kind: 'tool' },
);

async function main(): Promise<void> {
  const question = process.argv[2] ?? 'Where is my order 42?';
  const { traceId, answer } = await obs.span('support-agent', { kind: 'agent', input: { question } }, async (span) => {
    span.setAttributes({ 'user.tier': 'pro', 'agent.version': '1.0' });
    const plan = await new Planner().plan(question);
    // Step 2: act.
    const docs = await searchDocs(question);
    const order = plan.orderId === undefined ? null : await lookupOrder(plan.orderId);
    const reply = await obs.span('draft-answer', { kind: 'llm', model: 'gpt-4o-mini' }, async (draft) => {
      await sleep(3);
      draft.setUsage({ inputTokens: 1200, outputTokens: 60 }).setCost(0.000216);
      return order
        ? `Your order is ${order.status} and should arrive ${order.eta} (see "${docs[0]!.title}").`
        : `I could not find that order; see "${docs[0]!.title}".`;
    });
    return { traceId: span.traceId, answer: reply };
  });

  const result = await obs.shutdown(); // flushes; also runs by itself when the process exits
  console.log(`traceId=${traceId}`);
  console.log(answer);
  console.log(`sent=${result.sent} dropped=${result.dropped} pending=${result.pending}`);
  if (result.sent === 0) process.exitCode = 1;
}

void main();
