import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { IntegrationType } from '@api';
import type { Integration } from '../src/lib/integrations';
import { fakeApi, page, problem } from './api';
import { me } from './fixtures';
import { renderApp } from './render';

const health = { status: 'unknown', lastCheckedAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0 } as const;
const blank = (type: IntegrationType) =>
  ({
    type,
    name: type,
    enabled: false,
    configured: false,
    autoDisabled: false,
    config: null,
    credentials: null,
    health,
    updatedAt: null,
  }) as Integration;
const all = () => (['slack', 'pagerduty', 'webhook', 'sentry', 'datadog', 'custom'] as const).map(blank);
const webhook = {
  ...blank('webhook'),
  name: 'Webhook',
  configured: true,
  enabled: true,
  updatedAt: '2026-11-25T10:00:00.000Z',
  config: { url: 'https://hooks.example.com/x', events: [] },
  credentials: { signingSecret: '••••LaSw' },
  health: { ...health, status: 'failing', lastError: 'HTTP 503', consecutiveFailures: 2, lastCheckedAt: '2026-11-25T10:00:00.000Z' },
} as Integration;

describe('Integrations tab', () => {
  it('shows a card per type with its status and health; secrets only masked', async () => {
    fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/integrations': { body: { data: all().map((i) => (i.type === 'webhook' ? webhook : i)) } },
    });
    renderApp('/dashboard/settings/integrations');
    const card = await screen.findByTestId('integration-webhook');
    expect(within(card).getByTestId('integration-status')).toHaveTextContent('Enabled');
    expect(within(card).getByText('Failing')).toBeInTheDocument();
    expect(within(card).getByText('HTTP 503 (2 failures in a row)')).toBeInTheDocument();
    expect(within(card).getByText('••••LaSw')).toBeInTheDocument();
    expect(within(screen.getByTestId('integration-slack')).getByText('Not configured')).toBeInTheDocument();
    expect(screen.getAllByRole('article')).toHaveLength(6);
  });

  it('sets up a webhook: validates, sends the per-type body, shows the generated secret once', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/integrations': { body: { data: all() } },
      'PUT /api/v1/integrations/webhook': { body: { ...webhook, signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
    });
    const { user } = renderApp('/dashboard/settings/integrations');
    await user.click(within(await screen.findByTestId('integration-webhook')).getByRole('button', { name: 'Set up' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up Webhook' });
    await user.type(within(dialog).getByLabelText('Endpoint URL'), 'ftp://nope');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Enter an absolute http(s) URL')).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText('Endpoint URL'));
    await user.type(within(dialog).getByLabelText('Endpoint URL'), 'https://hooks.example.com/x');
    await user.click(within(dialog).getByRole('checkbox', { name: /trace\.error/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    const secret = await screen.findByRole('dialog', { name: 'Copy the signing secret' });
    expect(within(secret).getByDisplayValue('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeInTheDocument();
    expect(api.find('PUT', '/api/v1/integrations/webhook')[0].body).toEqual({
      name: 'webhook',
      config: { url: 'https://hooks.example.com/x', events: ['trace.error'] },
      credentials: {},
    });
    await user.click(within(secret).getByRole('button', { name: 'I have stored the secret' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(document.body.textContent).not.toContain('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it('keeps stored secrets when the field is left blank', async () => {
    const datadog = {
      ...blank('datadog'),
      name: 'Datadog',
      configured: true,
      enabled: true,
      config: { site: 'datadoghq.eu' },
      credentials: { apiKey: '••••cdef' },
    } as Integration;
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/integrations': { body: { data: [datadog] } },
      'PUT /api/v1/integrations/datadog': { body: datadog },
    });
    const { user } = renderApp('/dashboard/settings/integrations');
    await user.click(within(await screen.findByTestId('integration-datadog')).getByRole('button', { name: 'Configure' }));
    const dialog = await screen.findByRole('dialog', { name: 'Configure Datadog' });
    expect(within(dialog).getByLabelText('API key')).toHaveValue('');
    expect(within(dialog).getByText(/Stored value ends in cdef/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.find('PUT', '/api/v1/integrations/datadog')[0]?.body).toEqual({ name: 'Datadog', config: { site: 'datadoghq.eu' } }),
    );
  });

  it('tests the connection and shows the outcome, including failures', async () => {
    let ok = true;
    fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/integrations': { body: { data: [webhook] } },
      'POST /api/v1/integrations/webhook/test': () => ({
        body: ok
          ? { ok: true, statusCode: 200, latencyMs: 42 }
          : { ok: false, statusCode: 404, latencyMs: 7, error: 'HTTP 404: no_service' },
      }),
      'GET /api/v1/integrations/webhook/deliveries': page([]),
    });
    const { user } = renderApp('/dashboard/settings/integrations');
    const card = await screen.findByTestId('integration-webhook');
    await user.click(within(card).getByRole('button', { name: 'Test connection' }));
    expect(await within(card).findByTestId('test-result')).toHaveTextContent('Connection works: HTTP 200, 42 ms.');
    ok = false;
    await user.click(within(card).getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(within(card).getByTestId('test-result')).toHaveTextContent('Test failed: HTTP 404: no_service (HTTP 404), after 7 ms.'),
    );
  });

  it('enables and disables; over the plan limit the 402 links to Billing', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/integrations': { body: { data: [{ ...webhook, enabled: false }] } },
      'POST /api/v1/integrations/webhook/enable': problem(402, 'plan_limit_exceeded', 'The free plan allows 3 enabled integrations'),
    });
    const { user } = renderApp('/dashboard/settings/integrations');
    const card = await screen.findByTestId('integration-webhook');
    await user.click(within(card).getByRole('switch', { name: 'Enabled' }));
    expect(await within(card).findByText('The free plan allows 3 enabled integrations')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: /Billing/ })).toBeInTheDocument();
    expect(api.find('POST', '/api/v1/integrations/webhook/enable')).toHaveLength(1);
  });

  it('shows the delivery log', async () => {
    fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/integrations': { body: { data: [webhook] } },
      'GET /api/v1/integrations/webhook/deliveries': page([
        {
          id: 'd-1',
          eventId: 'e',
          eventType: 'trace.error',
          status: 'failed',
          attempts: 3,
          responseStatus: 503,
          latencyMs: 120,
          lastError: 'HTTP 503',
          createdAt: '2026-11-25T10:00:00.000Z',
          deliveredAt: null,
        },
      ]),
    });
    const { user } = renderApp('/dashboard/settings/integrations');
    const card = await screen.findByTestId('integration-webhook');
    await user.click(within(card).getByRole('button', { name: 'Delivery log' }));
    const log = await within(card).findByRole('table', { name: 'Deliveries of Webhook' });
    expect(within(log).getByText('trace.error')).toBeInTheDocument();
    expect(within(log).getByText('Failed')).toBeInTheDocument();
    expect(within(log).getByText('3 attempts', { exact: false })).toBeInTheDocument();
  });

  it('viewers see the cards but no controls, with the reason', async () => {
    fakeApi({ 'GET /api/v1/auth/me': { body: me('viewer') }, 'GET /api/v1/integrations': { body: { data: [webhook] } } });
    renderApp('/dashboard/settings/integrations');
    expect(await screen.findByText(/Only admins and owners can configure, test or enable integrations/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Test connection' })).not.toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
  });
});
