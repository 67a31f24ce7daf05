// A CronJob fires on schedule: its controller against a real master with an
// injected clock (a master process has no clock option, and a real minute is
// too long for a test). The clock jumps past two minute boundaries; each one
// makes exactly one Job, named after its scheduled minute.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CronJob, Job } from '../../src/api/index.js';
import { cronJobController, scheduledTimestampAnnotation } from '../../src/controllers/workloads/cron-job.js';
import { startHarness, waitFor, type Harness } from '../controllers/controller-harness.js';

const minuteMs = 60_000;

describe('CronJob controller against a real master, clock injected', () => {
  let harness: Harness;
  let offsetMs = 0;
  beforeEach(async () => {
    harness = await startHarness();
    offsetMs = 0;
    harness.run([cronJobController], () => Date.now() + offsetMs);
  });
  afterEach(async () => harness.close());

  async function jobs(): Promise<Job[]> {
    return (await harness.client.list('Job', { namespace: 'default' })).items;
  }

  it('creates one Job per scheduled minute, named after it, as the clock passes each minute', async () => {
    const cronJob: CronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: 'default' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'tick', image: 'tick:1' }] } } },
        },
      },
    };
    const created = await harness.client.create(cronJob);
    const createdMs = Date.parse(created.metadata?.creationTimestamp ?? '');
    const firstDue = Math.floor(createdMs / minuteMs) * minuteMs + minuteMs;
    offsetMs = firstDue + 1_000 - Date.now();
    const first = await waitFor('the first Job', 10_000, async () => {
      const list = await jobs();
      return list.length > 0 ? list : undefined;
    });
    expect(first.map((job) => job.metadata?.name)).toEqual([`tick-${firstDue / minuteMs}`]);
    expect(first[0]?.metadata?.annotations?.[scheduledTimestampAnnotation]).toBe(new Date(firstDue).toISOString());
    offsetMs = firstDue + minuteMs + 1_000 - Date.now();
    const both = await waitFor('the second Job', 10_000, async () => {
      const list = await jobs();
      return list.length > 1 ? list : undefined;
    });
    expect(both.map((job) => job.metadata?.name).sort()).toEqual([
      `tick-${firstDue / minuteMs}`,
      `tick-${firstDue / minuteMs + 1}`,
    ]);
    const status = (await harness.client.get({ kind: 'CronJob', namespace: 'default', name: 'tick' })).status;
    expect(Date.parse(status?.lastScheduleTime ?? '')).toBe(firstDue + minuteMs);
  }, 30_000);
});
