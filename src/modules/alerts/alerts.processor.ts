import { Inject, Injectable } from '@nestjs/common';
import { JobHandler } from '../../common/queue/job-handler';
import { JobName } from '../../common/queue/queues';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AlertEvaluator } from './alert-evaluator';

/** The evaluation slot of a time: epoch / interval (each rule is evaluated once per slot). */
export const evaluationSlot = (at: number, intervalSeconds: number) => Math.floor(at / (intervalSeconds * 1000));

/** The worker side: the repeatable EvaluateAlertRules job (one scheduler for all workers) evaluates the due rules. */
@Injectable()
export class AlertsProcessor {
  constructor(
    private readonly evaluator: AlertEvaluator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler(JobName.EvaluateAlertRules)
  async evaluate() {
    const now = new Date();
    return this.evaluator.evaluateSlot(evaluationSlot(now.getTime(), this.config.alertEvaluationIntervalSeconds), now);
  }
}
