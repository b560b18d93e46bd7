import { RequestMethod, Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DOMAIN_MODULES } from '../../modules';
import { OtelController } from '../../modules/otel/otel.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** API.md: every POST takes `Idempotency-Key` — except the OTLP receivers (exports are idempotent by span id). */
describe('@Idempotent() on POST routes', () => {
  const controllers = DOMAIN_MODULES.flatMap((m) => (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, m) ?? []) as Type[]);
  const routes = controllers.flatMap((c) => Object.getOwnPropertyNames(c.prototype)
    .map((name) => ({ controller: c, name, handler: c.prototype[name] as object }))
    .filter((r) => typeof r.handler === 'function' && Reflect.getMetadata(PATH_METADATA, r.handler) !== undefined));
  const posts = routes.filter((r) => Reflect.getMetadata(METHOD_METADATA, r.handler) === RequestMethod.POST);
  const idempotent = (r: (typeof routes)[number]) =>
    ((Reflect.getMetadata(INTERCEPTORS_METADATA, r.handler) ?? []) as unknown[]).includes(IdempotencyInterceptor);

  it('finds the POST routes', () => {
    expect(posts.length).toBeGreaterThanOrEqual(10);
  });

  it('every POST route but OTLP declares it', () => {
    const missing = posts.filter((r) => r.controller !== OtelController && !idempotent(r)).map((r) => `${r.controller.name}.${r.name}`);
    expect(missing).toEqual([]);
  });

  it('no other route pays for the interceptor', () => {
    const extra = routes.filter((r) => idempotent(r) && (Reflect.getMetadata(METHOD_METADATA, r.handler) !== RequestMethod.POST || r.controller === OtelController));
    expect(extra.map((r) => `${r.controller.name}.${r.name}`)).toEqual([]);
    for (const c of controllers) expect(Reflect.getMetadata(INTERCEPTORS_METADATA, c) ?? []).not.toContain(IdempotencyInterceptor);
  });
});
