import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CreatedApiKeyDto } from '@api';
import { api } from '../../api/client';
import { useMe } from '../../api/hooks';
import { Button } from '../../components/ui/Button';
import { CopyButton } from '../../components/ui/CopyButton';
import { Notice, ProblemAlert } from '../../components/ui/States';
import { atLeast } from '../../lib/roles';

/** The SDK quick start (clients/typescript/README.md) for this server and, once created, this key. */
export function quickStartSnippet(baseUrl: string, key: string | null) {
  return `// npm install /path/to/agent-monitoring/clients/typescript   (the @agentobs/sdk package)
import { AgentObs } from '@agentobs/sdk';

const obs = new AgentObs({
  apiKey: ${key ? `'${key}'` : 'process.env.AGENTOBS_API_KEY'},
  baseUrl: '${baseUrl}',
});

const answer = await obs.span('support-agent', { kind: 'agent', input: 'Where is my order 42?' }, async (span) => {
  const docs = await obs.span('retrieve', { kind: 'retrieval' }, async () => [{ title: 'Shipping times' }]);
  span.setUsage({ inputTokens: 812, outputTokens: 95 }).setModel('gpt-4o-mini');
  return \`See "\${docs[0].title}".\`;
});

console.log(answer);
await obs.shutdown(); // sends what is buffered
`;
}

/**
 * The empty state of the trace explorer: how to send the first trace. An admin can create an API key
 * for it here (shown once, put into the snippet, which is copied); the list appears by itself (the page
 * polls) as soon as the first trace arrives.
 */
export function QuickStart() {
  const me = useMe().data;
  const qc = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const baseUrl = window.location.origin;
  const snippet = quickStartSnippet(baseUrl, created?.key ?? null);
  const create = useMutation({
    // an ingest-only key: it can send traces and nothing else (safe to paste into an agent's environment)
    mutationFn: () => api.apiKeys.createApiKey({ requestBody: { name: 'Quick start (ingest)', scope: 'ingest' } }),
    onSuccess: async (key) => {
      setCreated(key);
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
      try {
        await navigator.clipboard.writeText(quickStartSnippet(baseUrl, key.key));
        setCopied('yes');
      } catch {
        setCopied('no');
      }
    },
  });
  const canCreate = !!me && atLeast(me.role, 'admin');
  return (
    <section className="card quickstart" aria-labelledby="quickstart-heading">
      <h2 id="quickstart-heading">Send your first trace</h2>
      <p className="muted">
        This workspace has no traces yet. Instrument your agent with the SDK (TypeScript below; Python and OpenTelemetry work too, see the
        README): each run becomes a trace with its spans, and shows up here within seconds.
      </p>
      <ol className="quickstart-steps">
        <li>
          {canCreate ? (
            <div className="quickstart-key">
              <span>Create an ingest-only API key for the SDK:</span>
              {!created && (
                <Button variant="primary" onClick={() => create.mutate()} busy={create.isPending}>
                  Create API key and copy snippet
                </Button>
              )}
            </div>
          ) : (
            <span>Ask an admin of this workspace for an API key and set it as AGENTOBS_API_KEY.</span>
          )}
          {create.error && <ProblemAlert error={create.error} compact />}
          {created && (
            <Notice tone="success">
              <strong>Key “{created.name}” created.</strong> It is shown this once and is in the snippet below
              {copied === 'yes' ? ', which is copied to your clipboard' : copied === 'no' ? ' (copy it with the button)' : ''}.
              <div className="secret-row">
                <code className="mono-soft" data-testid="quickstart-key">
                  {created.key}
                </code>
              </div>
            </Notice>
          )}
        </li>
        <li>
          <span>Run this (Node 20+, as an ES module):</span>
          <div className="code-block">
            <pre aria-label="Quick start snippet">
              <code>{snippet}</code>
            </pre>
            <div className="code-block-actions">
              <CopyButton value={snippet} label="Copy snippet" />
            </div>
          </div>
        </li>
      </ol>
      <p className="muted quickstart-waiting" role="status">
        <span className="spinner" aria-hidden="true" /> Waiting for the first trace…
      </p>
    </section>
  );
}
