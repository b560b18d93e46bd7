import { Registry, Histogram, Gauge, collectDefaultMetrics } from 'prom-client';
import { swallowedErrors } from './swallowed';

/** One registry per process (tests build several apps in one process, so it is created per app). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly queueJobs: Gauge<'queue' | 'state'>;

  private readonly httpChildren = new Map<string, { observe(seconds: number): void }>();

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by route pattern',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.queueJobs = new Gauge({
      name: 'queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
    });
    // process-wide (the failures are counted where they happen, outside any app); every registry exposes it
    this.registry.registerMetric(swallowedErrors);
  }

  /** One request's duration; label children are cached (routes × methods × statuses is a small, bounded set). */
  observeHttp(method: string, route: string, statusCode: number, seconds: number) {
    const key = `${method} ${route} ${statusCode}`;
    let child = this.httpChildren.get(key);
    if (!child) {
      child = this.httpDuration.labels(method, route, String(statusCode));
      this.httpChildren.set(key, child);
    }
    child.observe(seconds);
  }
}
