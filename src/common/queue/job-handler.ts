import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName } from './queues';

export const JOB_HANDLER = 'agentobs:job-handler';

/** Marks a provider method as the handler of a job. Handlers must be idempotent (at-least-once). */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);

export type JobHandlerFn = (job: Job) => Promise<unknown>;

/** Called when a job has used all its attempts: record the failure where users can see it. */
export const JOB_FAILED_HANDLER = 'agentobs:job-failed-handler';
export const OnJobFailed = (name: JobName) => SetMetadata(JOB_FAILED_HANDLER, name);
