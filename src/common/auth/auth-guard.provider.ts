import { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';

/**
 * The one global guard, registered by the module that provides `CREDENTIAL_RESOLVER` (auth), which must also import
 * RateLimitModule: a guard's dependencies resolve in the module that declares it, so no module needs to be global.
 */
export const AUTH_GUARD_PROVIDER: Provider = { provide: APP_GUARD, useClass: AuthGuard };
