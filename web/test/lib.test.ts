import { describe, expect, it } from 'vitest';
import { ApiError } from '@api';
import { problemOf } from '../src/api/client';
import { parseHeaders, schemaFor, statusOf, toPutBody, defaultsFor, type Integration } from '../src/lib/integrations';
import { planAction } from '../src/lib/billing';
import { needsRole, rolesUpTo } from '../src/lib/roles';
import { apiKeySchema, inviteSchema, signupSchema, workspaceSchema } from '../src/lib/schemas';
import { filterTimeZones, isValidTimeZone, timeZones } from '../src/lib/timezones';
import { changes } from '../src/pages/settings/GeneralTab';
import { removeBlocked, roleChangeBlocked } from '../src/pages/settings/TeamTab';
import { safeNext } from '../src/pages/LoginPage';
import type { MemberDto } from '@api';

const valid = { name: 'Acme', slug: 'acme-ai', timezone: 'Europe/Kyiv', retentionDays: 30, piiMasking: false, samplingRate: 1 };
const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('workspace form rules (same as UpdateWorkspaceDto)', () => {
  it('accepts a valid workspace', () => {
    expect(workspaceSchema.safeParse(valid).success).toBe(true);
  });
  it.each([
    ['slug', 'A'],
    ['slug', 'Acme'],
    ['slug', '-acme'],
    ['slug', 'acme_ai'],
    ['slug', 'a'.repeat(64)],
    ['name', ''],
    ['name', 'x'.repeat(101)],
    ['timezone', 'Mars/Olympus'],
    ['timezone', ''],
    ['retentionDays', 0],
    ['retentionDays', 3651],
    ['retentionDays', 1.5],
    ['retentionDays', Number.NaN],
    ['samplingRate', -0.1],
    ['samplingRate', 1.01],
    ['samplingRate', Number.NaN],
  ])('refuses %s = %s', (field, value) => {
    const r = workspaceSchema.safeParse({ ...valid, [field]: value });
    expect(r.success).toBe(false);
    expect(Object.keys(issues(r))).toEqual([field]);
  });
  it.each([
    ['slug', 'ab'],
    ['slug', `a${'b'.repeat(62)}`],
    ['timezone', 'UTC'],
    ['timezone', 'America/New_York'],
    ['retentionDays', 3650],
    ['samplingRate', 0],
  ])('accepts the edge %s = %s', (field, value) => {
    expect(workspaceSchema.safeParse({ ...valid, [field]: value }).success).toBe(true);
  });
  it('explains the retention errors in words', () => {
    expect(issues(workspaceSchema.safeParse({ ...valid, retentionDays: Number.NaN })).retentionDays).toBe('Enter a number of days');
    expect(issues(workspaceSchema.safeParse({ ...valid, retentionDays: 2.5 })).retentionDays).toBe('Whole days only');
  });
  it('sends only the changed fields', () => {
    expect(changes(valid, valid)).toEqual({});
    expect(changes(valid, { ...valid, slug: 'new-slug', samplingRate: 0.5 })).toEqual({
      slug: 'new-slug',
      settings: { samplingRate: 0.5 },
    });
  });
});

describe('other forms', () => {
  it('signup needs a 12+ character password and a real-looking email', () => {
    const ok = { name: 'Ada', email: 'ada@example.com', password: 'x'.repeat(12), workspaceName: 'Acme' };
    expect(signupSchema.safeParse(ok).success).toBe(true);
    expect(issues(signupSchema.safeParse({ ...ok, password: 'x'.repeat(11) }))).toEqual({ password: 'At least 12 characters' });
    expect(Object.keys(issues(signupSchema.safeParse({ ...ok, email: 'not-an-email' })))).toEqual(['email']);
  });
  it('invites and API keys need a role from the list', () => {
    expect(inviteSchema.safeParse({ email: 'a@b.co', role: 'member' }).success).toBe(true);
    expect(inviteSchema.safeParse({ email: 'a@b.co', role: 'superuser' }).success).toBe(false);
    expect(apiKeySchema.safeParse({ name: ' ', role: 'member' }).success).toBe(false);
  });
});

describe('time zones', () => {
  it('validates with Intl like the API', () => {
    expect(isValidTimeZone('Europe/Kyiv')).toBe(true);
    expect(isValidTimeZone('Etc/GMT+5')).toBe(true);
    expect(isValidTimeZone('Nowhere/Land')).toBe(false);
  });
  it('searches by words, with current names', () => {
    const all = timeZones();
    expect(all[0]).toBe('UTC');
    expect(filterTimeZones(all, 'kyiv')).toContain('Europe/Kyiv');
    expect(filterTimeZones(all, 'new york')).toEqual(['America/New_York']);
    expect(filterTimeZones(all, 'zzzz')).toEqual([]);
    expect(filterTimeZones(['UTC'], 'US/Pacific')).toEqual(['US/Pacific']); // a valid link typed in full
  });
});

describe('roles', () => {
  it('explains what a role may not do', () => {
    expect(needsRole('admin', 'admin', 'x')).toBeNull();
    expect(needsRole('member', 'admin', 'change workspace settings')).toBe(
      'Only admins and owners can change workspace settings. Your role is member.',
    );
    expect(needsRole('admin', 'owner', 'change the plan')).toBe('Only owners can change the plan. Your role is admin.');
    expect(rolesUpTo('admin')).toEqual(['viewer', 'member', 'admin']);
  });
  const member = (role: MemberDto['role'], status: MemberDto['status'] = 'active') =>
    ({ id: 'm', userId: 'u', email: 'e', name: 'n', role, status, joinedAt: '', removedAt: null, lastActiveAt: null }) as MemberDto;
  it('mirrors the API on role changes and removals', () => {
    expect(roleChangeBlocked('admin', member('owner'))).toBe("Only an owner can change an owner's role.");
    expect(roleChangeBlocked('owner', member('owner'))).toBeNull();
    expect(roleChangeBlocked('member', member('viewer'))).toMatch(/Only admins/);
    expect(roleChangeBlocked('admin', member('member', 'removed'))).toMatch(/Reactivate/);
    expect(removeBlocked('admin', member('owner'))).toBe('Admins cannot remove owners.');
    expect(removeBlocked('admin', member('admin'))).toBeNull();
  });
});

describe('plans', () => {
  const free = { plan: 'free' as const, status: 'active', currentPeriodStart: null, cancelAtPeriodEnd: false };
  const starter = { plan: 'starter' as const, status: 'active', currentPeriodStart: '2026-11-01T00:00:00Z', cancelAtPeriodEnd: false };
  it('upgrades from free through Checkout, changes a live subscription in place', () => {
    expect(planAction('starter', free, 'monthly')).toEqual({ kind: 'checkout', plan: 'starter', billingCycle: 'monthly' });
    expect(planAction('professional', starter, 'yearly')).toEqual({ kind: 'change', plan: 'professional', billingCycle: 'yearly' });
    expect(planAction('free', starter, 'monthly')).toEqual({ kind: 'downgrade' });
    expect(planAction('free', free, 'monthly')).toEqual({ kind: 'current' });
    expect(planAction('starter', starter, 'monthly')).toEqual({ kind: 'current' });
    expect(planAction('enterprise', free, 'monthly')).toEqual({ kind: 'contact' });
    expect(planAction('starter', { ...starter, status: 'canceled' }, 'monthly').kind).toBe('checkout');
  });
});

describe('integration forms', () => {
  const webhook = {
    type: 'webhook',
    name: 'Webhook',
    enabled: true,
    configured: true,
    autoDisabled: false,
    updatedAt: null,
    config: { url: 'https://example.com/h', events: ['trace.error'] },
    credentials: { signingSecret: '••••abcd' },
    health: { status: 'unknown', lastCheckedAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0 },
  } as Integration;
  it('requires secrets the first time only', () => {
    expect(schemaFor('datadog', false).safeParse({ name: 'D', apiKey: '', site: 'datadoghq.com' }).success).toBe(false);
    expect(schemaFor('datadog', true).safeParse({ name: 'D', apiKey: '', site: 'datadoghq.com' }).success).toBe(true);
    expect(schemaFor('datadog', true).safeParse({ name: 'D', apiKey: 'nothex', site: 'datadoghq.com' }).success).toBe(false);
    expect(
      schemaFor('pagerduty', false).safeParse({ name: 'P', routingKey: 'a'.repeat(32), region: 'eu', severity: 'error' }).success,
    ).toBe(true);
  });
  it('keeps stored credentials unless new ones are typed', () => {
    const values = defaultsFor(webhook);
    expect(values).toEqual({ name: 'Webhook', url: 'https://example.com/h', events: ['trace.error'], signingSecret: '' });
    expect(toPutBody('webhook', values, true)).toEqual({
      name: 'Webhook',
      config: { url: 'https://example.com/h', events: ['trace.error'] },
    });
    expect(toPutBody('webhook', values, false).credentials).toEqual({}); // first time: the server generates a secret
    expect(
      toPutBody(
        'custom',
        { name: 'C', url: 'https://x.io', method: 'PUT', headers: 'X-Team: ml', secretHeaders: 'Authorization: Bearer s' },
        true,
      ),
    ).toEqual({
      name: 'C',
      config: { url: 'https://x.io', method: 'PUT', headers: { 'X-Team': 'ml' } },
      credentials: { headers: { Authorization: 'Bearer s' } },
    });
  });
  it('parses header lines and names the bad one', () => {
    expect(parseHeaders('A: 1\n\nB-c:  two words ')).toEqual({ A: '1', 'B-c': 'two words' });
    expect(() => parseHeaders('no colon here')).toThrow(/no colon here/);
  });
  it('labels the card state', () => {
    expect(statusOf(webhook)).toEqual({ label: 'Enabled', tone: 'success' });
    expect(statusOf({ ...webhook, autoDisabled: true, enabled: false }).label).toBe('Auto-disabled');
    expect(statusOf({ ...webhook, configured: false }).label).toBe('Not configured');
  });
});

describe('misc', () => {
  it('follows only same-site paths after login', () => {
    expect(safeNext('/dashboard/settings/team')).toBe('/dashboard/settings/team');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
  it('reads problem+json, and turns network failures into a readable problem', () => {
    const err = new ApiError(
      { method: 'GET', url: '/x' },
      {
        url: '/x',
        ok: false,
        status: 402,
        statusText: 'Payment Required',
        body: { status: 402, title: 'Plan limit exceeded', detail: 'Seats limit (5) reached', code: 'plan_limit_exceeded' },
      },
      'x',
    );
    expect(problemOf(err)).toMatchObject({ status: 402, detail: 'Seats limit (5) reached', code: 'plan_limit_exceeded' });
    expect(problemOf(new TypeError('fetch failed'))).toMatchObject({ status: 0, title: 'Network error' });
  });
});
