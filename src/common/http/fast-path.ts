import type { ArgumentMetadata, ExceptionFilter, PipeTransform, Type } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyReply, FastifyRequest, RouteHandlerMethod, RouteOptions } from 'fastify';
import type { AccessRule } from '../auth/auth.guard';
import type { RequestWithPrincipal } from '../auth/decorators';
import { reportSwallowed } from '../metrics/swallowed';
import { MergeRouteConfig } from './route-config';

/**
 * The fast path: a route marked `@FastPath()` is served by a plain Fastify handler that does what Nest's per-request
 * machinery does for it — the global guard's access rule, the parameter decorators and the global pipes, the
 * handler, the status of `@HttpCode`, errors through the one exception filter — without Nest's router proxy, guard
 * consumer, rxjs interceptor chain and response controller (measured: ~0.2 ms of CPU per request, README
 * Performance). Everything it serves is read from the same declarations as Nest's path, and a request that an
 * interceptor of the route acts on (`engagedBy`, e.g. an Idempotency-Key) goes through Nest's handler as before.
 *
 * It serves only what it can serve exactly: a handler using anything else Nest would apply to it (its own guards,
 * pipes or filters, `@Header`, `@Redirect`, `@Render`, `@Sse`, an interceptor that cannot say which requests it acts
 * on, a parameter decorator other than `@Body`, `@Req`, `@Res({ passthrough: true })` and custom ones) fails the
 * start-up with the reason. The application's global enhancers are the guard, pipes and filter it is given
 * (app.factory.ts; test/fast-path.e2e-spec.ts checks that Nest has no others).
 */

const FAST_PATH = 'agentobs:fast-path';

interface FastPathTarget {
  controller: Type;
  method: string;
}

export const FastPath = (): MethodDecorator => (target, key, descriptor) =>
  MergeRouteConfig({ [FAST_PATH]: { controller: target.constructor as Type, method: String(key) } satisfies FastPathTarget })(
    target,
    key,
    descriptor,
  );

/** An interceptor the fast path can step around: it says which requests it acts on (those are left to Nest). */
export interface BypassableInterceptor {
  engagedBy(req: FastifyRequest): boolean;
}

export interface FastPathDeps {
  /** the application's instance of a controller class */
  instanceOf(controller: Type): object;
  /** the global guard's rule and check (common/auth/auth.guard.ts) */
  guard: {
    ruleOf(handler: object, controller: object): AccessRule;
    authorize(req: RequestWithPrincipal, reply: FastifyReply, rule: AccessRule): Promise<void>;
  };
  /** the global pipes, in order */
  pipes: readonly PipeTransform[];
  /** the global exception filter */
  filter: ExceptionFilter;
}

interface Param {
  index: number;
  extract(req: FastifyRequest, reply: FastifyReply, ctx: ExecutionContextHost): unknown;
  /** set when the global pipes apply to it (as Nest applies them: `@Body` and custom decorators) */
  pipe?: ArgumentMetadata;
}

interface Plan {
  controller: Type;
  instance: object;
  handler: (...args: unknown[]) => unknown;
  rule: AccessRule;
  status: number;
  argsLength: number;
  params: Param[];
  interceptors: BypassableInterceptor[];
}

type RouteArg = { index: number; data?: unknown; pipes?: unknown[]; factory?: (data: unknown, ctx: ExecutionContextHost) => unknown };

/** The plan of a `@FastPath` handler, or an error naming what it uses that the fast path does not serve. */
export function planFastPath(target: FastPathTarget, httpMethod: string, deps: FastPathDeps): Plan {
  const { controller, method } = target;
  const where = `@FastPath ${controller.name}.${method}`;
  const handler = (controller.prototype as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
  const refuse = (what: string) => new Error(`${where}: ${what} is not served by the fast path (remove @FastPath or the ${what})`);
  for (const [key, what] of [
    [GUARDS_METADATA, '@UseGuards'],
    [PIPES_METADATA, '@UsePipes'],
    [EXCEPTION_FILTERS_METADATA, '@UseFilters'],
  ] as const) {
    const own = Reflect.getMetadata(key, handler) as unknown[] | undefined;
    const inherited = Reflect.getMetadata(key, controller) as unknown[] | undefined;
    if (own?.length || inherited?.length) throw refuse(what);
  }
  for (const [key, what] of [
    [HEADERS_METADATA, '@Header'],
    [REDIRECT_METADATA, '@Redirect'],
    [RENDER_METADATA, '@Render'],
    [SSE_METADATA, '@Sse'],
  ] as const) {
    const value = Reflect.getMetadata(key, handler) as unknown;
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) throw refuse(what);
  }
  const interceptors = [
    ...((Reflect.getMetadata(INTERCEPTORS_METADATA, controller) as unknown[] | undefined) ?? []),
    ...((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? []),
  ].map((i) => {
    const cls = (typeof i === 'function' ? i : (i as object).constructor) as Partial<BypassableInterceptor> & { name: string };
    if (typeof cls.engagedBy !== 'function') throw refuse(`interceptor ${cls.name} (it has no static engagedBy)`);
    return cls as BypassableInterceptor;
  });

  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as Record<string, RouteArg> | undefined) ?? {};
  const paramtypes = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) as unknown[] | undefined) ?? [];
  const passthrough = Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, method) === true;
  const params = Object.entries(args).map(([key, arg]): Param => {
    if (arg.pipes?.length) throw refuse(`pipe on parameter ${arg.index}`);
    const metatype = paramtypes[arg.index] as Type | undefined;
    if (key.includes(CUSTOM_ROUTE_ARGS_METADATA)) {
      const { factory, data } = arg;
      if (!factory) throw refuse(`parameter ${arg.index} without a factory`);
      return {
        index: arg.index,
        extract: (_req, _reply, ctx) => factory(data, ctx),
        pipe: { type: 'custom', metatype, data: data as string },
      };
    }
    const type = Number(key.split(':')[0]);
    if (type === RouteParamtypes.BODY) {
      const data = arg.data as string | undefined;
      const extract = data
        ? (req: FastifyRequest) => (req.body as Record<string, unknown> | undefined)?.[data]
        : (req: FastifyRequest) => req.body;
      return { index: arg.index, extract, pipe: { type: 'body', metatype, data } };
    }
    if (type === RouteParamtypes.REQUEST) return { index: arg.index, extract: (req) => req };
    if (type === RouteParamtypes.RESPONSE && passthrough) return { index: arg.index, extract: (_req, reply) => reply };
    throw refuse(type === RouteParamtypes.RESPONSE ? '@Res() without passthrough' : `parameter decorator of type ${RouteParamtypes[type]}`);
  });
  const httpCode = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  return {
    controller,
    instance: deps.instanceOf(controller),
    handler,
    rule: deps.guard.ruleOf(handler, controller),
    status: httpCode ?? (httpMethod === 'POST' ? 201 : 200),
    argsLength: params.reduce((n, p) => Math.max(n, p.index + 1), 0),
    params,
    interceptors,
  };
}

/** The `onRoute` hook that puts the fast path in front of the handler Nest registers for a `@FastPath` route. */
export function fastPathHook(deps: FastPathDeps): (route: RouteOptions) => void {
  return (route) => {
    const target = (route.config as Record<string, unknown> | undefined)?.[FAST_PATH] as FastPathTarget | undefined;
    if (!target) return;
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
    route.handler = fastPathHandler(planFastPath(target, method, deps), deps, route.handler);
  };
}

function fastPathHandler(plan: Plan, deps: FastPathDeps, nest: RouteHandlerMethod): RouteHandlerMethod {
  return function fastPath(this: unknown, req, reply) {
    for (const interceptor of plan.interceptors) {
      if (interceptor.engagedBy(req)) return nest.call(this as never, req, reply);
    }
    // Not returned to Fastify: the reply is sent here (also by the filter, which may answer later, e.g. a 413 after
    // draining the body), never by Fastify's handling of a promise's value.
    serve(plan, deps, req, reply).catch((err: unknown) => {
      reportSwallowed('fast_path.filter', err);
      if (!reply.sent) reply.code(500).send();
    });
    return undefined;
  };
}

async function serve(plan: Plan, deps: FastPathDeps, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const ctx = new ExecutionContextHost([req, reply, undefined], plan.controller, plan.handler);
  try {
    await deps.guard.authorize(req, reply, plan.rule);
    reply.status(plan.status);
    const args: unknown[] = new Array(plan.argsLength).fill(undefined);
    for (const param of plan.params) {
      let value = param.extract(req, reply, ctx);
      if (param.pipe) for (const pipe of deps.pipes) value = await pipe.transform(value, param.pipe);
      args[param.index] = value;
    }
    const result = await plan.handler.apply(plan.instance, args);
    reply.send(result);
  } catch (err) {
    deps.filter.catch(err, ctx);
  }
}
