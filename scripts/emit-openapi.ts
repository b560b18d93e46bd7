/** Writes openapi.json from the code, without a database or Redis (Nest preview mode). */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module';
import { createFastifyAdapter } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { buildOpenApiDocument } from '../src/openapi';

async function main() {
  const out = process.argv[2] ?? 'openapi.json';
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    REDIS_URL: 'redis://127.0.0.1:1',
    ENCRYPTION_KEYS: 'emit:' + Buffer.alloc(32).toString('base64'),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), createFastifyAdapter(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const doc = buildOpenApiDocument(app);
  writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  console.log(`wrote ${out}: ${Object.keys(doc.paths).length} paths, ${Object.keys(doc.components?.schemas ?? {}).length} schemas`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
