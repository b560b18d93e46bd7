import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, page } from './api';
import { me, workspace } from './fixtures';
import { renderApp } from './render';

const summary = (over: Record<string, unknown> = {}) => ({
  traceId: 'a'.repeat(32),
  name: 'support-agent',
  kind: 'agent',
  startTime: '2026-12-06T07:00:00.000000Z',
  endTime: '2026-12-06T07:00:02.000000Z',
  durationMs: 2000,
  status: 'ok',
  spanCount: 3,
  totalTokens: 900,
  totalCostUsd: 0.002,
  models: ['gpt-4o-mini'],
  ...over,
});
const stats = {
  from: '2026-12-05T08:00:00.000Z',
  to: '2026-12-06T08:00:00.000Z',
  bucketSeconds: 3600,
  buckets: [
    {
      start: '2026-12-06T06:00:00.000Z',
      traces: 1,
      errors: 0,
      p50DurationMs: 900,
      p95DurationMs: 1500,
      totalTokens: 100,
      totalCostUsd: null,
    },
    {
      start: '2026-12-06T07:00:00.000Z',
      traces: 3,
      errors: 1,
      p50DurationMs: 1000,
      p95DurationMs: 2000,
      totalTokens: 800,
      totalCostUsd: 0.012,
    },
  ],
};
const base = { 'GET /api/v1/auth/me': { body: me() }, 'GET /api/v1/workspace': { body: workspace } };

describe('trace explorer', () => {
  it('/ lands on the traces when the workspace has some; the list shows every column and the charts', async () => {
    const api = fakeApi({
      ...base,
      'GET /api/v1/traces': page([
        summary(),
        summary({ traceId: 'b'.repeat(32), name: 'checkout-agent', status: 'error', totalCostUsd: null, models: [] }),
      ]),
      'GET /api/v1/traces/stats': { body: stats },
    });
    renderApp('/');
    const table = await screen.findByRole('table', { name: 'Traces' });
    const rows = within(table).getAllByRole('row');
    expect(
      within(rows[1])
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['support-agent', 'agent', 'OK', expect.any(String), '2.00 s', '3', '900', '$0.0020', 'gpt-4o-mini']);
    expect(within(rows[2]).getAllByRole('cell')[7].textContent).toBe('—'); // unknown cost is not $0
    expect(await screen.findByRole('img', { name: /^Traces: 4\b/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^Error rate: 25%/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^p95 duration: ≤ 2\.00 s/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^Cost: \$0\.01/ })).toBeInTheDocument();
    const list = api.find('GET', '/api/v1/traces').find((c) => c.query.get('limit') === '50')!;
    expect(list.query.get('from')).toMatch(/Z$/);
    expect(screen.getByRole('link', { name: 'Traces', current: 'page' })).toBeInTheDocument();
  });

  it('filters come from the URL and go to the API', async () => {
    const api = fakeApi({ ...base, 'GET /api/v1/traces': page([summary()]), 'GET /api/v1/traces/stats': { body: stats } });
    renderApp('/traces?status=error&kind=llm&name=sup&model=gpt-4o&minDurationMs=250&minCostUsd=0.5&range=7d');
    await screen.findByRole('table', { name: 'Traces' });
    const q = api.find('GET', '/api/v1/traces').find((c) => c.query.get('limit') === '50')!.query;
    expect(Object.fromEntries([...q].filter(([k]) => k !== 'from'))).toEqual({
      status: 'error',
      kind: 'llm',
      name: 'sup',
      model: 'gpt-4o',
      minDurationMs: '250',
      minCostUsd: '0.5',
      limit: '50',
    });
    expect(Date.now() - Date.parse(q.get('from')!)).toBeGreaterThan(6.9 * 86_400_000);
    const s = api.find('GET', '/api/v1/traces/stats')[0].query;
    expect(s.get('kind')).toBe('llm');
    expect(s.get('to')).toMatch(/Z$/);
    expect(screen.getByRole('searchbox', { name: 'Search by name' })).toHaveValue('sup');
  });

  it('an empty workspace: /traces shows the quick start with the key button (admins)', async () => {
    const api = fakeApi({
      ...base,
      'GET /api/v1/traces': page([]),
      'POST /api/v1/api-keys': {
        status: 201,
        body: {
          id: 'k1',
          name: 'Quick start (ingest)',
          prefix: 'ao_sk_abcd',
          role: 'member',
          scope: 'ingest',
          key: 'ao_sk_abcdSECRET',
          createdAt: '2026-12-06T07:00:00.000Z',
          expiresAt: null,
        },
      },
    });
    const { user } = renderApp('/traces');
    expect(await screen.findByRole('heading', { name: 'Send your first trace' })).toBeInTheDocument();
    expect(screen.getByLabelText('Quick start snippet').textContent).toContain("baseUrl: 'http://localhost:3000'");
    await user.click(await screen.findByRole('button', { name: 'Create API key and copy snippet' }));
    expect(await screen.findByTestId('quickstart-key')).toHaveTextContent('ao_sk_abcdSECRET');
    expect(api.find('POST', '/api/v1/api-keys')[0].body).toEqual({ name: 'Quick start (ingest)', scope: 'ingest' });
    expect(screen.getByLabelText('Quick start snippet').textContent).toContain("apiKey: 'ao_sk_abcdSECRET'");
  });

  it('a viewer sees the snippet without the key button', async () => {
    fakeApi({ ...base, 'GET /api/v1/auth/me': { body: me('viewer') }, 'GET /api/v1/traces': page([]) });
    renderApp('/traces');
    expect(await screen.findByText(/Ask an admin of this workspace for an API key/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create API key and copy snippet' })).toBeNull();
  });
});
