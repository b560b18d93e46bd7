import 'reflect-metadata';
import {
  Body,
  Controller,
  createParamDecorator,
  Header,
  HttpCode,
  ParseIntPipe,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AccessRule } from '../auth/auth.guard';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { FastPath, FastPathDeps, planFastPath } from './fast-path';
import { RouteBody } from './request-body';

const rule: AccessRule = { isPublic: false, required: 'member', bucket: 'ingest', allowXApiKey: false };
const deps: FastPathDeps = {
  instanceOf: (controller) => new (controller as new () => object)(),
  guard: { ruleOf: () => rule, authorize: async () => undefined },
  pipes: [],
  filter: { catch: () => undefined },
};
const plan = (controller: new () => object, method: string, httpMethod = 'POST') => planFastPath({ controller, method }, httpMethod, deps);

const Principal = createParamDecorator(() => 'p');
class Bypassable {
  static engagedBy = (req: FastifyRequest) => req.headers['idempotency-key'] !== undefined;
  intercept() {}
}
class Opaque {
  intercept() {}
}

@Controller()
class Supported {
  @Post('a')
  @FastPath()
  @HttpCode(200)
  @UseInterceptors(Bypassable)
  @RouteBody({ limit: 10 })
  a(@Principal() _p: string, @Body() _body: unknown, @Req() _req: unknown, @Res({ passthrough: true }) _reply: unknown) {}

  @Post('b')
  b(@Body('spans') _spans: unknown) {}
}

@Controller()
class Unsupported {
  @Post() @UseGuards(class {}) guards() {}
  @Post() @UsePipes(ParseIntPipe) pipes() {}
  @Post() @UseFilters(class {}) filters() {}
  @Post() @Header('x-a', 'b') header() {}
  @Post() @Redirect('/x') redirect() {}
  @Post() @UseInterceptors(Opaque) interceptor() {}
  @Post() response(@Res() _reply: unknown) {}
  @Post() query(@Query() _q: unknown) {}
  @Post() paramPipe(@Body('n', ParseIntPipe) _n: number) {}
}

describe('planFastPath', () => {
  it('plans a supported handler: status from @HttpCode (else 201 for POST), parameters in their places, the bypassable interceptor', () => {
    const p = plan(Supported, 'a');
    expect(p.status).toBe(200);
    expect(p.rule).toBe(rule);
    expect(p.argsLength).toBe(4);
    expect(p.params.map((x) => [x.index, x.pipe?.type])).toEqual(
      expect.arrayContaining([
        [0, 'custom'],
        [1, 'body'],
        [2, undefined],
        [3, undefined],
      ]),
    );
    expect(p.interceptors).toEqual([Bypassable]);
    const req = { body: { spans: [1] } } as unknown as FastifyRequest;
    const reply = {} as never;
    const args: unknown[] = [];
    for (const x of p.params) args[x.index] = x.extract(req, reply, {} as never);
    expect(args).toEqual(['p', req.body, req, reply]);
    const b = plan(Supported, 'b');
    expect(b.status).toBe(201);
    expect(b.params[0].extract(req, reply, {} as never)).toEqual([1]);
    expect(plan(Supported, 'b', 'GET').status).toBe(200);
  });

  it('@FastPath merges into the route config other decorators set (it does not replace @RouteBody)', () => {
    const config = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, Supported.prototype.a) as Record<string, unknown>;
    expect(Object.keys(config).sort()).toEqual(['agentobs:body', 'agentobs:fast-path']);
    expect(config['agentobs:fast-path']).toEqual({ controller: Supported, method: 'a' });
  });

  it.each([
    ['guards', /@UseGuards/],
    ['pipes', /@UsePipes/],
    ['filters', /@UseFilters/],
    ['header', /@Header/],
    ['redirect', /@Redirect/],
    ['interceptor', /interceptor Opaque/],
    ['response', /@Res\(\) without passthrough/],
    ['query', /QUERY/],
    ['paramPipe', /pipe on parameter 0/],
  ])('refuses at start-up what it would not serve as Nest does: %s', (method, reason) => {
    expect(() => plan(Unsupported, method)).toThrow(reason);
    expect(() => plan(Unsupported, method)).toThrow(`@FastPath Unsupported.${method}`);
  });
});
