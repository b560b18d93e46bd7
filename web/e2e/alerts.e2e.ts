import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentObsClient } from '../../clients/typescript/src/generated';
import { hex, RESULTS_DIR, startReceiver, startRealStack, waitFor, type StartedStack } from './support';

/*
 * The Alerts page end to end in Chromium against the real stack: a rule made in the editor and tested with
 * "Save and test this rule" (evaluate-now) opens an incident from real traces; the incident is acknowledged and
 * resolved from the list, and each change reaches a real webhook receiver. Steps run in order in one session.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shot = (page: Page, name: string) => page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: true });

let stack: StartedStack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const run = hex(4);
const owner = {
  name: 'Alice Alerts',
  email: `alice-${run}@example.com`,
  password: 'correct horse battery staple',
  workspace: `Alerts ${run}`,
};
const client = (token?: string) => new AgentObsClient({ BASE: stack.url, TOKEN: token });
let token = '';

beforeAll(async () => {
  receiver = await startReceiver();
  // the scheduled evaluation would race the steps below: only evaluate-now runs here
  stack = await startRealStack({ OUTBOUND_ALLOW_HOSTS: receiver.host, ALERT_EVALUATION_INTERVAL_SECONDS: '86400' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: stack.url });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
  });
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail' || !page) return;
  await shot(page, `FAILED-alerts-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
  console.error(`page at ${page.url()}; errors so far:\n${pageErrors.join('\n') || '(none)'}`);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await stack?.dropDatabase();
  await receiver?.close();
});

describe('alerts page in Chromium', () => {
  it('is served at /alerts and asks a signed-out visitor to sign in first', async () => {
    const res = await fetch(`${stack.url}/alerts`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const signed = await client().auth.signup({
      requestBody: { name: owner.name, email: owner.email, password: owner.password, workspaceName: owner.workspace },
    });
    token = signed.accessToken;
    await page.goto('/alerts');
    await page.waitForURL(/\/login\?next=%2Falerts/);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/alerts$/);
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    await page.getByText('No alert rules yet').waitFor();
    await page.getByText('No incidents').waitFor();
    // in the main navigation, between Traces and Settings
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Traces', 'Alerts', 'Settings']);
    expect(await nav.getByRole('link', { name: 'Alerts' }).getAttribute('aria-current')).toBe('page');
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/dashboard\/settings\/general$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.waitForURL(/\/alerts$/);
    await page.getByText('No alert rules yet').waitFor();
  });

  it('creates a rule in the editor (client checks first), tests it now and sees the incident it opens', async () => {
    const api = client(token);
    await api.integrations.putIntegration({
      type: 'webhook',
      requestBody: { config: { url: `${receiver.url}/alerts`, events: ['alert.triggered', 'alert.acknowledged', 'alert.resolved'] } },
    });
    const now = Date.now();
    const spans = Array.from({ length: 4 }, (_, i) => ({
      traceId: hex(16),
      spanId: hex(8),
      name: 'checkout agent',
      kind: 'agent' as const,
      startTime: new Date(now - 60_000).toISOString(),
      endTime: new Date(now - 59_000).toISOString(),
      status: (i < 3 ? 'error' : 'ok') as 'error' | 'ok',
    }));
    expect((await api.traces.ingestSpans({ requestBody: { spans } })).accepted).toBe(4);

    await page.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Checkout errors');
    await dialog.getByLabel('Window (minutes)').fill('2');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await dialog.getByText('A whole number of minutes from 5 to 1440').waitFor();
    await dialog.getByLabel('Window (minutes)').fill('15');
    await dialog.getByLabel('Metric').selectOption('error_rate');
    await dialog.getByLabel('Operator').selectOption('>');
    await dialog.getByLabel('Threshold').fill('0.5');
    await dialog.getByLabel('Name contains').fill('checkout');
    await dialog.getByLabel('Root kind').selectOption('agent');
    await dialog.getByLabel('Webhook').check();
    await dialog.getByRole('button', { name: 'Save and test this rule' }).click();
    const result = dialog.getByRole('status', { name: 'Test result' });
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Error rate is 75 % now: breached — incident open/);
    await shot(page, 'alerts-editor');
    await page.keyboard.press('Escape');

    const rules = page.getByRole('table', { name: 'Alert rules' });
    await rules.getByRole('cell', { name: 'Checkout errors', exact: true }).waitFor();
    await expect
      .poll(() => rules.getByRole('row').nth(1).textContent())
      .toMatch(/Error rate > 50 % over 15 min.*name ~ “checkout”, kind agent.*Webhook.*75 %.*Enabled/);
    const incidents = page.getByRole('table', { name: 'Incidents' });
    await incidents.getByText('open', { exact: true }).waitFor();
    const link = await incidents.getByRole('link', { name: 'Traces of Checkout errors incident' }).getAttribute('href');
    const q = new URL(link as string, stack.url).searchParams;
    expect(new URL(link as string, stack.url).pathname).toBe('/traces');
    expect(Date.parse(q.get('to') as string) - Date.parse(q.get('from') as string)).toBeGreaterThanOrEqual(15 * 60_000);
    await waitFor('alert.triggered at the webhook', () => receiver.requests.some((r) => JSON.parse(r.body).type === 'alert.triggered'));
  });

  it('acknowledges, then resolves the incident; the status filter and the webhook follow', async () => {
    const incidents = page.getByRole('table', { name: 'Incidents' });
    await incidents.getByRole('button', { name: 'Acknowledge' }).click();
    await incidents.getByText('acknowledged', { exact: true }).waitFor();
    expect(await incidents.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await incidents.getByRole('button', { name: 'Resolve' }).click();
    await incidents.getByText('resolved', { exact: true }).waitFor();
    expect(await incidents.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    await page.getByLabel('Incident status').selectOption('open');
    await page.getByText('No open incidents.').waitFor();
    await page.getByLabel('Incident status').selectOption('resolved');
    await page.getByRole('table', { name: 'Incidents' }).getByText('resolved', { exact: true }).waitFor();
    await shot(page, 'alerts');
    const types = await waitFor('three alert events', () => {
      const t = receiver.requests.map((r) => JSON.parse(r.body).type as string);
      return t.length >= 3 ? t : null;
    });
    expect(types).toEqual(['alert.triggered', 'alert.acknowledged', 'alert.resolved']);
  });

  it('edits and deletes a rule', async () => {
    await page.getByRole('button', { name: 'Edit Checkout errors' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Threshold').fill('0.9');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('table', { name: 'Alert rules' }).textContent()).toContain('Error rate > 90 % over 15 min');
    await page.getByRole('button', { name: 'Delete Checkout errors' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete rule' }).click();
    await page.getByText('No alert rules yet').waitFor();
  });

  it('raised no script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
