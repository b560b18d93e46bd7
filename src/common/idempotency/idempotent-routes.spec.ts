import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { domainRouteHandlers, RouteHandler } from '../../../test/support/routes';
import { OtelController } from '../../modules/otel/otel.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** API.md: every POST takes `Idempotency-Key` — except the OTLP receivers (exports are idempotent by span id). */
describe('@Idempotent() on POST routes', () => {
  const routes = domainRouteHandlers();
  const posts = routes.filter((r) => r.method === RequestMethod.POST);
  const idempotent = (r: RouteHandler) =>
    ((Reflect.getMetadata(INTERCEPTORS_METADATA, r.handler) ?? []) as unknown[]).includes(IdempotencyInterceptor);

  it('finds the POST routes', () => {
    expect(posts.length).toBeGreaterThanOrEqual(10);
  });

  it('every POST route but OTLP declares it', () => {
    const missing = posts.filter((r) => r.controller !== OtelController && !idempotent(r)).map((r) => `${r.controller.name}.${r.name}`);
    expect(missing).toEqual([]);
  });

  it('no other route pays for the interceptor', () => {
    const extra = routes.filter((r) => idempotent(r) && (r.method !== RequestMethod.POST || r.controller === OtelController));
    expect(extra.map((r) => `${r.controller.name}.${r.name}`)).toEqual([]);
    for (const c of new Set(routes.map((r) => r.controller)))
      expect(Reflect.getMetadata(INTERCEPTORS_METADATA, c) ?? []).not.toContain(IdempotencyInterceptor);
  });
});
