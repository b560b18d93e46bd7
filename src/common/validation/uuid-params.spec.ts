import { Type } from '@nestjs/common';
import { MODULE_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DOMAIN_MODULES } from '../../modules';
import { uuidPipe } from './uuid.pipe';

/** openapi.ts documents every `{id}` path parameter as a UUID: true only while each `:id` goes through uuidPipe. */
describe('path ids', () => {
  const controllers = DOMAIN_MODULES.flatMap((m) => (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, m) ?? []) as Type[]);
  const routes = controllers.flatMap((c) => Object.getOwnPropertyNames(c.prototype)
    .filter((name) => typeof c.prototype[name] === 'function' && String(Reflect.getMetadata(PATH_METADATA, c.prototype[name]) ?? '').includes(':id'))
    .map((name) => ({ name: `${c.name}.${name}`, args: Object.values((Reflect.getMetadata(ROUTE_ARGS_METADATA, c, name) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>) })));

  it('finds the routes with an :id', () => {
    expect(routes.length).toBeGreaterThanOrEqual(6);
  });

  it('every :id is parsed by uuidPipe', () => {
    const unchecked = routes.filter((r) => !r.args.some((a) => a.data === 'id' && a.pipes?.includes(uuidPipe))).map((r) => r.name);
    expect(unchecked).toEqual([]);
  });
});
