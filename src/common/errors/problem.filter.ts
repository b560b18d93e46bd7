import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReplayedResponse } from '../idempotency/idempotency.interceptor';
import { toProblem } from './problem';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The single place where errors become HTTP responses (RFC 9457 problem details). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    if (exception instanceof ReplayedResponse) {
      const type = exception.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json; charset=utf-8';
      reply.status(exception.status).header('Idempotent-Replayed', 'true').header('content-type', type);
      reply.send(exception.status === 204 ? undefined : JSON.stringify(exception.body));
      return;
    }
    const { problem, headers, unexpected } = toProblem(exception, String(request.id));
    if (unexpected) {
      this.logger.error({ err: exception, requestId: request.id, route: request.routeOptions?.url }, 'unhandled error');
    }
    if (reply.sent) return;
    reply.headers(headers);
    // Raw reply objects carry our custom OTLP responders; everything else is problem+json.
    const custom = (request as FastifyRequest & { problemResponder?: (p: typeof problem, r: FastifyReply) => void }).problemResponder;
    if (custom) return custom(problem, reply);
    reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
