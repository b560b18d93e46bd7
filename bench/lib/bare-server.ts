/**
 * The `read` benchmark's baseline: a bare Fastify + pg server doing the same primary-key lookup as
 * GET /api/v1/workspace, nothing else (no auth, rate limit, cache, logging or framework).
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

async function start() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const workspaceId = process.env.WORKSPACE_ID as string;
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ ok: true }));
  app.get('/api/v1/workspace', async () => {
    const { rows } = await pool.query('SELECT id, name, slug, timezone, settings, created_at, updated_at FROM workspaces WHERE id = $1', [
      workspaceId,
    ]);
    const w = rows[0];
    return {
      id: w.id,
      name: w.name,
      slug: w.slug,
      timezone: w.timezone,
      settings: w.settings,
      createdAt: w.created_at,
      updatedAt: w.updated_at,
    };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  const stop = () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

start().catch((err) => {
  console.error(err);
  process.exit(1);
});
