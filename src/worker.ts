import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from './common/logging';
import { exitOnSignals } from './common/shutdown';
import { loadConfigOrExit } from './config/config';
import { WorkerModule } from './worker.module';

async function main() {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(AppLogger));
  await app.init();
  // SIGTERM: no new jobs are taken, running ones finish (unfinished ones are retried by another worker), then exit 0
  exitOnSignals(app, app.get(AppLogger));
  app.get(AppLogger).log('worker started');
}

main().catch((err) => {
  console.error('Worker failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
