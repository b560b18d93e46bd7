import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { Queues } from '../queue/queue.module';
import { Metrics } from './metrics';
import { reportSwallowed } from './swallowed';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly queues: Queues,
  ) {}

  @Get()
  @Public('none')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await Promise.all(
      this.queues.all().map(async (q) => {
        try {
          const counts = await Promise.race([
            q.getJobCounts(...STATES),
            new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1000).unref()),
          ]);
          for (const s of STATES) this.metrics.queueJobs.set({ queue: q.name, state: s }, counts[s] ?? 0);
        } catch (err) {
          // Redis unavailable: keep the last values
          reportSwallowed('metrics.queue_counts', err, { queue: q.name });
        }
      }),
    );
    return this.metrics.registry.metrics();
  }
}
