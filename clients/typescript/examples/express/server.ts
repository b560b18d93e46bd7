/**
 * Run:  AGENTOBS_BASE_URL=http://127.0.0.1:8000 AGENTOBS_API_KEY=ao_sk_... PORT=3000 npx tsx examples/express/server.ts
 * Then: curl -s localhost:3000/chat -H 'content-type: application/json' -d '{"message":"hi"}'
 */
import { AgentObs } from '@agentobs/sdk';
import { createApp } from './app';

const obs = new AgentObs();
const port = Number(process.env['PORT'] ?? 3000);
const server = createApp(obs).listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${port}`);
});
// SIGTERM/SIGINT: the SDK flushes buffered spans, then the process ends as usual.
process.once('SIGTERM', () => server.close());
