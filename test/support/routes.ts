import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DOMAIN_MODULES } from '../../src/modules';

export interface RegisteredRoute {
  method: string;
  /** full path in the router's syntax, e.g. `/api/v1/api-keys/:id` */
  path: string;
  controller: string;
  handler: string;
}

const join = (...parts: (string | undefined)[]) =>
  '/' +
  parts
    .flatMap((p) => (p ?? '').split('/'))
    .filter(Boolean)
    .join('/');

/** One route handler of a controller class, from its decorator metadata. */
export interface RouteHandler {
  controller: Type;
  /** the handler's method name */
  name: string;
  handler: object;
  method: RequestMethod;
  /** the handler's own path(s), without the controller's prefix */
  paths: string[];
}

/** The route handlers of one controller class (the metadata Nest's router is built from). */
export function controllerRoutes(controller: Type): RouteHandler[] {
  const routes: RouteHandler[] = [];
  for (const name of Object.getOwnPropertyNames(controller.prototype)) {
    if (name === 'constructor') continue;
    const handler = (controller.prototype as Record<string, unknown>)[name];
    if (typeof handler !== 'function') continue;
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (path === undefined || method === undefined) continue;
    routes.push({ controller, name, handler, method, paths: [path].flat() });
  }
  return routes;
}

/** Every route handler of the domain modules' controllers, without building an app (for unit tests). */
export function domainRouteHandlers(): RouteHandler[] {
  return DOMAIN_MODULES.flatMap((m) => (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, m) ?? []) as Type[]).flatMap(controllerRoutes);
}

/**
 * Every route the Nest router registered, read from the controllers of every module of the running app
 * (the same metadata the router is built from). Fastify-only routes (Swagger UI, the web app's static
 * files) are not Nest routes and are not listed.
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const seen = new Set<unknown>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as Type | null;
      if (!ctrl || seen.has(ctrl)) continue;
      seen.add(ctrl);
      const base = Reflect.getMetadata(PATH_METADATA, ctrl) as string | string[] | undefined;
      for (const r of controllerRoutes(ctrl)) {
        for (const b of [base].flat()) {
          for (const p of r.paths)
            routes.push({ method: RequestMethod[r.method], path: join(b, p), controller: ctrl.name, handler: r.name });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** `/api/v1/api-keys/:id` → `/api/v1/api-keys/{id}` (OpenAPI's syntax). */
export const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
