import 'reflect-metadata';
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { runApiPrimary } from './common/cluster';
import { drainHttpServer, exitOnSignals, SHUTDOWN_TIMEOUT_MS, trackResponses } from './common/shutdown';
import { loadConfigOrExit } from './config/config';

/**
 * The API. With API_PROCESSES=N (N > 1) this process is a node:cluster primary that runs N API processes
 * sharing PORT (src/common/cluster.ts); each of them, like the single process of N = 1, runs `serve()`.
 */
async function serve() {
  const config = loadConfigOrExit();
  // loaded here, not at the top: a cluster primary never builds the app
  const { createApiApp } = await import('./app.factory');
  const { AppLogger } = await import('./common/logging');
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: config.host });
  const logger = app.get(AppLogger);
  // SIGTERM: new connections go elsewhere, open ones are drained, in-flight requests finish, then exit 0
  const server = app.getHttpServer() as Server;
  trackResponses(server);
  exitOnSignals(app, logger, {
    beforeClose: () => drainHttpServer(server, config.shutdownDrainMs, SHUTDOWN_TIMEOUT_MS - config.shutdownDrainMs - 3_000),
    // in a cluster only the primary's SIGTERM stops this process (Ctrl-C signals the whole group)
    signals: cluster.isWorker ? ['SIGTERM'] : ['SIGTERM', 'SIGINT'],
  });
  if (cluster.isWorker) process.on('SIGINT', () => undefined);
  logger.log(`API listening on http://${config.host}:${config.port} (docs at /docs)${cluster.isWorker ? ` (process ${process.pid})` : ''}`);
}

async function main() {
  const config = loadConfigOrExit();
  if (config.apiProcesses > 1 && cluster.isPrimary) return runApiPrimary(config.apiProcesses, config.port);
  return serve();
}

main().catch((err) => {
  console.error('API failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
