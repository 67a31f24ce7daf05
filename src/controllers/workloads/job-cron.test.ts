import { describe, expect, it } from 'vitest';
import type { CronJob, Job, Pod } from '../../api/index.js';
import { jobNameFor, reconcileCronJob } from './cron-job.js';
import { nextScheduleTime, parseCronSchedule } from './cron-schedule.js';
import { reconcileJob } from './job.js';
import { SimulatedWorld } from './simulated-world.js';

const at = (text: string): number => Date.parse(text);

describe('cron schedules', () => {
  it.each([
    { schedule: '*/15 * * * *', after: '2025-03-01T10:07:00Z', next: '2025-03-01T10:15:00Z' },
    { schedule: '0 9 * * mon-fri', after: '2025-03-01T10:00:00Z', next: '2025-03-03T09:00:00Z' },
    { schedule: '@hourly', after: '2025-03-01T10:00:00Z', next: '2025-03-01T11:00:00Z' },
    { schedule: '30 2 1 jan,jul *', after: '2025-03-01T00:00:00Z', next: '2025-07-01T02:30:00Z' },
    { schedule: '0 0 13 * 5', after: '2025-03-01T00:00:00Z', next: '2025-03-07T00:00:00Z' },
    { schedule: '5 4 * * 7', after: '2025-03-01T00:00:00Z', next: '2025-03-02T04:05:00Z' },
  ])('$schedule after $after is $next', ({ schedule, after, next }) => {
    expect(new Date(nextScheduleTime(parseCronSchedule(schedule), at(after)) ?? 0).toISOString()).toBe(
      new Date(at(next)).toISOString(),
    );
  });

  it('never fires on February 30th', () => {
    expect(nextScheduleTime(parseCronSchedule('0 0 30 2 *'), at('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('refuses a bad schedule with the reason', () => {
    expect(() => parseCronSchedule('61 * * * *')).toThrow(/out of range/);
    expect(() => parseCronSchedule('* * *')).toThrow(/5 fields/);
    expect(() => parseCronSchedule('TZ=Europe/Paris 0 9 * * *')).toThrow(/please use spec.timeZone/);
    expect(() => parseCronSchedule('0 9 * * *', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });

  it.each([
    // 09:00 in Paris is 08:00 UTC in winter (+1) and 07:00 UTC in summer (+2)
    { schedule: '0 9 * * *', zone: 'Europe/Paris', after: '2025-01-15T12:00:00Z', next: '2025-01-16T08:00:00Z' },
    { schedule: '0 9 * * *', zone: 'Europe/Paris', after: '2025-07-15T12:00:00Z', next: '2025-07-16T07:00:00Z' },
    // a wall-clock day that starts at a different UTC instant than UTC's day
    {
      schedule: '30 23 * * sun',
      zone: 'America/New_York',
      after: '2025-03-01T00:00:00Z',
      next: '2025-03-03T04:30:00Z',
    },
    { schedule: '0 0 1 * *', zone: 'Asia/Kolkata', after: '2025-03-01T00:00:00Z', next: '2025-03-31T18:30:00Z' },
    // spring forward in Paris (30 March 2025, 02:00 -> 03:00): 02:30 does not exist that day, the next is the 31st
    { schedule: '30 2 * * *', zone: 'Europe/Paris', after: '2025-03-29T12:00:00Z', next: '2025-03-31T00:30:00Z' },
    // fall back (26 October 2025, 03:00 -> 02:00): 02:30 happens twice, at 00:30 and 01:30 UTC
    { schedule: '30 2 * * *', zone: 'Europe/Paris', after: '2025-10-25T12:00:00Z', next: '2025-10-26T00:30:00Z' },
    { schedule: '30 2 * * *', zone: 'Europe/Paris', after: '2025-10-26T00:30:00Z', next: '2025-10-26T01:30:00Z' },
    { schedule: '0 4 * * *', zone: 'Europe/Paris', after: '2025-10-26T00:15:00Z', next: '2025-10-26T03:00:00Z' },
  ])('$schedule in $zone after $after is $next', ({ schedule, zone, after, next }) => {
    expect(new Date(nextScheduleTime(parseCronSchedule(schedule, zone), at(after)) ?? 0).toISOString()).toBe(
      new Date(at(next)).toISOString(),
    );
  });
});

function job(spec: Job['spec']): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid', creationTimestamp: '2025-03-01T00:00:00Z' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } }, ...spec },
  };
}

function settleJob(world: SimulatedWorld, now: number, phase: (pod: Pod) => 'Succeeded' | 'Failed' | 'Running'): void {
  for (let round = 0; round < 100; round += 1) {
    const current = world.view().get('Job', 'default', 'pi') as Job;
    const pods = world.view().list('Pod', 'default');
    const applied = world.apply(
      reconcileJob(current, pods, now, Math.random, { failureBackoffBaseMs: 0, failureBackoffMaxMs: 0 }).actions,
    );
    const fresh = world
      .view()
      .list('Pod', 'default')
      .find((pod) => (pod.status?.phase ?? '') === '');
    if (fresh !== undefined) world.put({ ...fresh, status: { phase: phase(fresh) } }, 'updateStatus');
    if (applied === 0 && fresh === undefined) return;
  }
}

describe('Job', () => {
  it('runs completions with parallelism and reports Complete', () => {
    const world = new SimulatedWorld();
    world.put(job({ completions: 5, parallelism: 2, backoffLimit: 1 }));
    let peak = 0;
    settleJob(world, 1000, () => {
      peak = Math.max(
        peak,
        world
          .view()
          .list('Pod', 'default')
          .filter((pod) => (pod.status?.phase ?? '') === '' || pod.status?.phase === 'Running').length,
      );
      return 'Succeeded';
    });
    const done = world.view().get('Job', 'default', 'pi');
    expect(done?.status).toMatchObject({ succeeded: 5, active: 0 });
    expect(done?.status?.conditions?.find((c) => c.type === 'Complete')?.status).toBe('True');
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('fails with BackoffLimitExceeded after more than backoffLimit failed pods', () => {
    const world = new SimulatedWorld();
    world.put(job({ completions: 1, backoffLimit: 2 }));
    settleJob(world, at('2030-01-01T00:00:00Z'), () => 'Failed');
    const failed = world.view().get('Job', 'default', 'pi');
    expect(failed?.status?.failed).toBe(3);
    expect(failed?.status?.conditions?.find((c) => c.type === 'Failed')).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
    });
  });

  it('fails with DeadlineExceeded and stops its pods; deletes itself after ttlSecondsAfterFinished', () => {
    const world = new SimulatedWorld();
    world.put(job({ completions: 1, activeDeadlineSeconds: 10, ttlSecondsAfterFinished: 5 }));
    settleJob(world, at('2025-03-01T00:00:00Z'), () => 'Running');
    expect(world.view().list('Pod', 'default')).toHaveLength(1);
    settleJob(world, at('2025-03-01T00:00:10Z'), () => 'Running');
    expect(
      world
        .view()
        .get('Job', 'default', 'pi')
        ?.status?.conditions?.find((c) => c.type === 'Failed')?.reason,
    ).toBe('DeadlineExceeded');
    expect(world.view().list('Pod', 'default')).toHaveLength(0);
    const finished = world.view().get('Job', 'default', 'pi') as Job;
    expect(reconcileJob(finished, [], at('2025-03-01T00:00:14Z'), Math.random).actions).toEqual([]);
    expect(reconcileJob(finished, [], at('2025-03-01T00:00:16Z'), Math.random).actions).toMatchObject([
      { type: 'delete', kind: 'Job', name: 'pi' },
    ]);
  });
});

function cronJob(spec: Partial<NonNullable<CronJob['spec']>>, status: CronJob['status'] = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default', uid: 'cron-uid', creationTimestamp: '2025-03-01T10:00:30Z' },
    spec: {
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      },
      ...spec,
    },
    status,
  };
}

function running(name: string): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', uid: `u-${name}` },
    status: { active: 1 },
  };
}

describe('CronJob', () => {
  it('does nothing before the first slot and says when to look again', () => {
    const result = reconcileCronJob(cronJob({}), [], at('2025-03-01T10:03:00Z'));
    expect(result.actions.filter((a) => a.type === 'create')).toEqual([]);
    expect(result.requeueAfterMs).toBe(2 * 60_000 + 1);
  });

  it('creates the Job of the latest due slot, named by its minute, and records lastScheduleTime', () => {
    const result = reconcileCronJob(cronJob({}), [], at('2025-03-01T10:11:00Z'));
    const created = result.actions.find((a) => a.type === 'create');
    expect(created?.type === 'create' && created.object.metadata?.name).toBe(
      `tick-${at('2025-03-01T10:10:00Z') / 60_000}`,
    );
    const status = result.actions.find((a) => a.type === 'updateStatus');
    expect(
      status?.type === 'updateStatus' && status.object.kind === 'CronJob' && status.object.status?.lastScheduleTime,
    ).toBe('2025-03-01T10:10:00.000Z');
  });

  it.each([
    { policy: 'Allow', creates: 1, deletes: 0 },
    { policy: 'Forbid', creates: 0, deletes: 0 },
    { policy: 'Replace', creates: 1, deletes: 1 },
  ])('concurrencyPolicy $policy with a Job still running', ({ policy, creates, deletes }) => {
    const previous = running(jobNameFor(cronJob({}), at('2025-03-01T10:05:00Z')));
    const result = reconcileCronJob(
      cronJob({ concurrencyPolicy: policy }, { lastScheduleTime: '2025-03-01T10:05:00Z' }),
      [previous],
      at('2025-03-01T10:10:05Z'),
    );
    expect(result.actions.filter((a) => a.type === 'create')).toHaveLength(creates);
    expect(result.actions.filter((a) => a.type === 'delete')).toHaveLength(deletes);
  });

  it('skips a slot older than startingDeadlineSeconds, and does nothing while suspended', () => {
    const late = reconcileCronJob(cronJob({ startingDeadlineSeconds: 30 }), [], at('2025-03-01T10:11:00Z'));
    expect(late.actions.filter((a) => a.type === 'create')).toEqual([]);
    const suspended = reconcileCronJob(cronJob({ suspend: true }), [], at('2025-03-01T10:11:00Z'));
    expect(suspended.actions.filter((a) => a.type === 'create')).toEqual([]);
  });

  it('never creates a slot twice: the Job of that minute exists', () => {
    const name = jobNameFor(cronJob({}), at('2025-03-01T10:10:00Z'));
    const result = reconcileCronJob(cronJob({}), [running(name)], at('2025-03-01T10:11:00Z'));
    expect(result.actions.filter((a) => a.type === 'create')).toEqual([]);
  });
});
