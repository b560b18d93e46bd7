import { handlerProblems } from './worker.registry';
import { JobName, JOBS_BY_QUEUE } from './queues';

describe('worker start-up check', () => {
  const queues = { a: ['one', 'two'], b: ['three'] };

  it('accepts exactly one handler per job', () => {
    const found = new Map([
      ['one', [1]],
      ['two', [1]],
      ['three', [1]],
    ]);
    expect(handlerProblems(found, ['one', 'two', 'three'], queues)).toEqual([]);
  });

  it('refuses a job without a handler, with two, or in no queue', () => {
    const found = new Map([
      ['one', [1, 2]],
      ['three', [1]],
      ['four', [1]],
    ]);
    expect(handlerProblems(found, ['one', 'two', 'three', 'four'], queues)).toEqual([
      'job "one" has 2 handlers',
      'job "two" has no handler',
      'job "four" must belong to exactly one queue (found 0)',
    ]);
  });

  it('refuses a handler for a job that does not exist', () => {
    expect(handlerProblems(new Map([['ghost', [1]]]), [], queues)).toEqual(['handler for unknown job "ghost"']);
  });

  it('every declared job belongs to exactly one queue', () => {
    for (const job of Object.values(JobName)) {
      expect(Object.values(JOBS_BY_QUEUE).filter((jobs) => jobs.includes(job))).toHaveLength(1);
    }
  });
});
