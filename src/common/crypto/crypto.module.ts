import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { KEY_RING, KeyRing } from './encryption';

/**
 * The process's encryption key ring (ENCRYPTION_KEYS), for secrets at rest: integration credentials and
 * the responses kept for Idempotency-Key replays. Built at start: in production a missing ENCRYPTION_KEYS
 * stops the API and the worker here.
 */
@Global()
@Module({
  providers: [
    {
      provide: KEY_RING,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => KeyRing.fromConfig(config, (m) => new Logger('Encryption').warn(m)),
    },
  ],
  exports: [KEY_RING],
})
export class CryptoModule {}
