import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { domainRouteHandlers } from '../../../test/support/routes';
import { uuidPipe } from './uuid.pipe';

/** openapi.ts documents every `{id}` path parameter as a UUID: true only while each `:id` goes through uuidPipe. */
describe('path ids', () => {
  const routes = domainRouteHandlers()
    .filter((r) => r.paths.some((p) => p.includes(':id')))
    .map((r) => ({
      name: `${r.controller.name}.${r.name}`,
      args: Object.values(
        (Reflect.getMetadata(ROUTE_ARGS_METADATA, r.controller, r.name) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>,
      ),
    }));

  it('finds the routes with an :id', () => {
    expect(routes.length).toBeGreaterThanOrEqual(6);
  });

  it('every :id is parsed by uuidPipe', () => {
    const unchecked = routes.filter((r) => !r.args.some((a) => a.data === 'id' && a.pipes?.includes(uuidPipe))).map((r) => r.name);
    expect(unchecked).toEqual([]);
  });
});
