import { vi } from 'vitest';

/**
 * A fake API at the fetch boundary: the app's real generated client sends real requests, this answers
 * them from a route table and records them. Routes: "METHOD /path" (path without the query string).
 */
export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}
type Reply =
  | { status?: number; body?: unknown }
  | ((call: Call) => { status?: number; body?: unknown } | Promise<{ status?: number; body?: unknown }>);

export function fakeApi(routes: Record<string, Reply>) {
  const calls: Call[] = [];
  const fetchStub = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://app.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const call: Call = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: new Headers(init.headers),
    };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    const reply = typeof route === 'function' ? await route(call) : route;
    if (!reply) return problemResponse(404, 'not_found', `no fake route for ${method} ${url.pathname}`);
    const status = reply.status ?? 200;
    if (status === 204 || reply.body === undefined) return new Response(null, { status: status === 200 ? 204 : status });
    const problem = status >= 400;
    return new Response(JSON.stringify(reply.body), {
      status,
      headers: { 'content-type': problem ? 'application/problem+json' : 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchStub);
  return {
    calls,
    find: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}

export function problem(status: number, code: string, detail: string, errors?: { field: string; message: string }[]) {
  return {
    status,
    body: {
      type: `https://docs.agentobs.dev/errors/${code}`,
      title: code.replace(/_/g, ' '),
      status,
      detail,
      code,
      requestId: 'req-1',
      ...(errors ? { errors } : {}),
    },
  };
}

function problemResponse(status: number, code: string, detail: string) {
  const p = problem(status, code, detail);
  return new Response(JSON.stringify(p.body), { status, headers: { 'content-type': 'application/problem+json' } });
}

export const page = <T>(data: T[], nextCursor: string | null = null) => ({ body: { data, nextCursor } });
