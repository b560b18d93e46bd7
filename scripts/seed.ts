/**
 * Seeds the demo workspace idempotently and prints its login and a fresh API key.
 * Uses the real services (signup, API keys), so the seed goes through the same rules and audit.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/config';
import { AuthService } from '../src/modules/auth/auth.service';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { DomainError } from '../src/common/errors/domain-error';
import { actorContext } from '../src/common/auth/principal';

export const DEMO = { email: 'demo@agentobs.dev', password: 'agentobs-demo-password', name: 'Demo Owner', workspaceName: 'Demo Workspace' };

async function main() {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error', 'warn'] });
  try {
    const auth = app.get(AuthService);
    let session;
    try {
      session = await auth.login({ email: DEMO.email, password: DEMO.password });
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'unauthenticated') throw e;
      session = await auth.signup({ ...DEMO });
    }
    const principal = {
      type: 'user' as const,
      workspaceId: session.workspace.id,
      role: session.role,
      actorId: session.user.id,
      userId: session.user.id,
      apiKeyId: null,
      sessionId: null,
      membershipId: null,
      credentialId: `u:${session.user.id}`,
      scope: 'full' as const,
    };
    const key = await app
      .get(ApiKeysService)
      .create(actorContext(principal, '127.0.0.1', 'seed'), { name: `make up ${new Date().toISOString().slice(0, 16)}`, role: 'owner' });
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify({ email: DEMO.email, password: DEMO.password, workspaceId: session.workspace.id, apiKey: key.key }));
    } else {
      console.log(`Demo workspace "${session.workspace.name}" (${session.workspace.id})`);
      console.log(`  login:    ${DEMO.email} / ${DEMO.password}`);
      console.log(`  API key:  ${key.key}   (owner; shown once)`);
    }
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error('seed failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
