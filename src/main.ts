import 'reflect-metadata';
import { createApiApp } from './app.factory';
import { AppLogger } from './common/logging';
import { exitOnSignals } from './common/shutdown';
import { loadConfigOrExit } from './config/config';

async function main() {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: config.host });
  const logger = app.get(AppLogger);
  // SIGTERM: new connections are refused, in-flight requests finish, then exit 0
  exitOnSignals(app, logger);
  logger.log(`API listening on http://${config.host}:${config.port} (docs at /docs)`);
}

main().catch((err) => {
  console.error('API failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
