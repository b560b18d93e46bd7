import { Agent, createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainHttpServer, trackResponses } from './shutdown';

/** A real server whose `/slow` answers when `release()` is called. */
async function server(): Promise<{ srv: Server; port: number; release: () => void }> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const srv = createServer((req, res) => {
    if (req.url === '/slow') void held.then(() => res.end('slow'));
    else res.end('ok');
  });
  srv.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  trackResponses(srv);
  return { srv, port: (srv.address() as AddressInfo).port, release };
}

function get(port: number, path: string, agent: Agent | false): Promise<{ status: number | string; connection?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ status: err.code ?? 'error' }));
    req.end();
  });
}

describe('drainHttpServer', () => {
  it('refuses new connections, answers on open ones with Connection: close, waits for in-flight requests', async () => {
    const { srv, port, release } = await server();
    const agent = new Agent({ keepAlive: true });
    const other = new Agent({ keepAlive: true });
    try {
      // two kept-alive connections: one idle, one with a request in flight
      expect(await get(port, '/', agent)).toEqual({ status: 200, connection: 'keep-alive' });
      const slow = get(port, '/slow', other);
      await new Promise((r) => setTimeout(r, 50));

      const started = Date.now();
      let drained = false;
      const drain = drainHttpServer(srv, 300, 5_000).then(() => (drained = true));
      expect(await get(port, '/', false)).toEqual({ status: 'ECONNREFUSED' });
      // the idle keep-alive connection still answers, and asks the client to go elsewhere next time
      expect(await get(port, '/', agent)).toEqual({ status: 200, connection: 'close' });

      await new Promise((r) => setTimeout(r, 500));
      expect(drained).toBe(false); // the slow request is still in flight
      release();
      expect(await slow).toEqual({ status: 200, connection: 'close' });
      await drain;
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      agent.destroy();
      other.destroy();
      srv.closeAllConnections();
    }
  });

  it('closes connections left idle after the drain period instead of waiting for their keep-alive timeout', async () => {
    const { srv, port } = await server();
    const agent = new Agent({ keepAlive: true });
    try {
      expect((await get(port, '/', agent)).status).toBe(200);
      const started = Date.now();
      await drainHttpServer(srv, 200, 5_000);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(190);
      expect(took).toBeLessThan(1_500);
    } finally {
      agent.destroy();
    }
  });
});
