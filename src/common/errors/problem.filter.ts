import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { discardBody } from '../http/discard-body';
import { errorBodyWriterFor, RouteMethods, statusProblem } from '../http/early-errors';
import { ReplayedResponse } from '../idempotency/idempotency.interceptor';
import { Problem, PROBLEM_CONTENT_TYPE, toProblem } from './problem';

export { PROBLEM_CONTENT_TYPE } from './problem';

type ProblemRequest = FastifyRequest & {
  problemResponder?: (p: Problem, r: FastifyReply) => void;
  /** the answer's code and detail, for the response hooks (ingestion health's `lastErrors`) */
  problemSent?: { code: string; detail: string };
};

/** The single place where errors become HTTP responses (RFC 9457 problem details). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  /** @param routes the methods of each route path, to answer 405 (with Allow) rather than 404 for a path that exists */
  constructor(private readonly routes?: RouteMethods) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<ProblemRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    if (exception instanceof ReplayedResponse) {
      const type = exception.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json; charset=utf-8';
      reply.status(exception.status).header('Idempotent-Replayed', 'true').header('content-type', type);
      reply.send(exception.status === 204 ? undefined : JSON.stringify(exception.body));
      return;
    }
    const result = toProblem(exception, String(request.id));
    let { problem } = result;
    const { headers, unexpected } = result;
    if (unexpected) {
      this.logger.error({ err: exception, requestId: request.id, route: request.routeOptions?.url }, 'unhandled error');
    }
    if (reply.sent) return;
    // No route matched: a path that exists with other methods is a 405 with the methods it has.
    if (problem.status === 404 && request.is404 && this.routes) {
      const allowed = this.routes.allowed(request.url);
      if (allowed.length) {
        const detail = `${request.method.slice(0, 20)} is not allowed here; this path answers ${allowed.join(', ')}`;
        problem = statusProblem(405, 'not_found', detail, String(request.id));
        headers.Allow = allowed.join(', ');
      }
    }
    request.problemSent = { code: problem.code, detail: problem.detail };
    const write = () => {
      if (reply.sent) return;
      reply.headers(headers);
      // OTLP answers in its own shape: its routes set a responder; its paths (unknown method, early errors) registered one.
      if (request.problemResponder) return request.problemResponder(problem, reply);
      const writer = errorBodyWriterFor(request.url);
      if (writer) {
        const own = writer(problem, request.headers['content-type']);
        return void reply.status(problem.status).header('content-type', own.contentType).send(own.body);
      }
      reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    };
    // Too large: read (and drop) the rest of the body before answering, so that a client still writing it can read
    // the 413 instead of a broken pipe; the connection is closed after.
    if (problem.status === 413) {
      reply.header('Connection', 'close');
      return discardBody(request.raw, write);
    }
    write();
  }
}
