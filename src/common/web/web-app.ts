import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The settings web page (web/, a Vite build in web/dist) served by the API process at `/`.
 * Only the built files and the app's own routes are served: every other path, `/api/**` included,
 * keeps Nest's 404 problem+json, and /docs, /health/*, /metrics, /v1/traces stay the API's.
 */

/** Client-side routes answered with index.html (the SPA decides what to show). */
export const WEB_APP_ROUTES = ['/', '/login', '/traces', '/traces/*', '/alerts', '/dashboard', '/dashboard/*', '/invitations/*'] as const;

/** web/dist from the source tree (ts-node/jest: src/common/web) or the build (dist/src/common/web). */
export function webDistDir(): string | null {
  for (const up of ['../../..', '../../../..']) {
    const dir = resolve(__dirname, up, 'web/dist');
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

export async function serveWebApp(app: NestFastifyApplication, root: string | null = webDistDir()): Promise<boolean> {
  if (!root) return false;
  await app.register(fastifyStatic as never, {
    root,
    prefix: '/',
    // One route per built file (no catch-all), so unknown paths still reach Nest's 404 handler.
    wildcard: false,
    index: false,
    serveDotFiles: false,
    setHeaders: (reply: { header(name: string, value: string): void }, path: string) => {
      // Vite's assets have content hashes in their names; everything else is revalidated.
      reply.header('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  for (const url of WEB_APP_ROUTES) {
    fastify.get(url, (_req, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html', root, { maxAge: 0 }));
  }
  return true;
}
