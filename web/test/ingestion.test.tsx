import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { IngestHealthDto } from '@api';
import { fakeApi } from './api';
import { me } from './fixtures';
import { renderApp } from './render';

const empty: IngestHealthDto = {
  from: '2026-12-05T08:00:00.000Z',
  to: '2026-12-06T08:00:00.000Z',
  accepted: 0,
  sampledOut: 0,
  rejected: { validation: 0, quota: 0, rateLimited: 0, tooLarge: 0, expiredOrRevokedKey: 0 },
  daily: [
    { date: '2026-12-05', accepted: 0, sampledOut: 0, rejected: 0 },
    { date: '2026-12-06', accepted: 0, sampledOut: 0, rejected: 0 },
  ],
  lastErrors: [],
};

describe('Ingestion tab', () => {
  it('says when nothing arrived', async () => {
    fakeApi({ 'GET /api/v1/auth/me': { body: me('viewer') }, 'GET /api/v1/ingest/health': { body: empty } });
    renderApp('/dashboard/settings/ingestion');
    expect(await screen.findByText(/Nothing arrived in this period/)).toBeInTheDocument();
    expect(screen.getByText('No refusals in this period')).toBeInTheDocument();
  });

  it('shows accepted, sampled out, refusals by reason and the latest refusals with the key prefix; the period changes the window', async () => {
    const h: IngestHealthDto = {
      ...empty,
      accepted: 1234,
      sampledOut: 56,
      rejected: { validation: 3, quota: 1, rateLimited: 2, tooLarge: 1, expiredOrRevokedKey: 4 },
      daily: [
        { date: '2026-12-05', accepted: 1000, sampledOut: 50, rejected: 5 },
        { date: '2026-12-06', accepted: 234, sampledOut: 6, rejected: 6 },
      ],
      lastErrors: [
        {
          at: '2026-12-06T07:59:00.000Z',
          source: 'otlp',
          code: 'unauthenticated',
          message: 'This API key has been revoked',
          keyPrefix: 'ao_sk_AbCdEf',
        },
        {
          at: '2026-12-06T07:58:00.000Z',
          source: 'ingest',
          code: 'payload_too_large',
          message: 'Request body is too large',
          keyPrefix: null,
        },
      ],
    };
    const api = fakeApi({ 'GET /api/v1/auth/me': { body: me('viewer') }, 'GET /api/v1/ingest/health': { body: h } });
    const { user } = renderApp('/dashboard/settings/ingestion');
    expect(await screen.findByTestId('ingest-accepted')).toHaveTextContent('1,234');
    expect(screen.getByTestId('ingest-sampled-out')).toHaveTextContent('56');
    expect(screen.getByTestId('rejected-expiredOrRevokedKey')).toHaveTextContent('4');
    expect(screen.getByTestId('rejected-validation')).toHaveTextContent('3');
    expect(screen.getByText(/56 spans were dropped by sampling/)).toBeInTheDocument();
    expect(screen.getByText(/4 requests used an expired, rotated-out or revoked API key/)).toBeInTheDocument();
    const errors = screen.getByRole('table', { name: 'Latest refusals' });
    const first = within(errors).getAllByRole('row')[1];
    expect(within(first).getByText('OTLP')).toBeInTheDocument();
    expect(within(first).getByText('ao_sk_AbCdEf…')).toBeInTheDocument();
    expect(within(first).getByText('This API key has been revoked')).toBeInTheDocument();
    expect(within(errors).getByText('user token')).toBeInTheDocument();

    const q = api.find('GET', '/api/v1/ingest/health')[0].query;
    expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBe(86_400_000);
    await user.click(screen.getByRole('combobox', { name: 'Period' }));
    await user.click(await screen.findByRole('option', { name: 'Last 7 days' }));
    await waitFor(() => expect(api.find('GET', '/api/v1/ingest/health').length).toBeGreaterThan(1));
    const last = api.find('GET', '/api/v1/ingest/health').at(-1)!.query;
    expect(Date.parse(last.get('to')!) - Date.parse(last.get('from')!)).toBe(7 * 86_400_000);
  });
});
