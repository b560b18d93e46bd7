import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';

/**
 * Adds entries to a handler's Fastify route config (what `request.routeOptions.config` and the `onRoute` hooks see).
 * Nest's `@RouteConfig` replaces the whole config; these merge, so several decorators (`@RouteBody`, `@OtlpRoute`,
 * `@FastPath`) can each add theirs to the same handler in any order.
 */
export const MergeRouteConfig =
  (entries: Record<string, unknown>): MethodDecorator =>
  (_target, _key, descriptor: PropertyDescriptor) => {
    const existing = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, descriptor.value) as Record<string, unknown> | undefined) ?? {};
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...existing, ...entries }, descriptor.value);
    return descriptor;
  };
