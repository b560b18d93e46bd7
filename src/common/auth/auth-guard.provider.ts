import { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';

/**
 * The one global guard, registered by the module that provides `CREDENTIAL_RESOLVER` (auth), which must also import
 * RateLimitModule: a guard's dependencies resolve in the module that declares it, so no module needs to be global.
 * Also a provider of its own, so that the fast path (common/http/fast-path.ts) calls the same instance.
 */
export const AUTH_GUARD_PROVIDERS: Provider[] = [AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }];
