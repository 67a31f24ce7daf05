/**
 * CronJob: one Job per scheduled minute, named NAME-<minutes since the epoch>
 * so no slot is ever created twice (a second create is ALREADY_EXISTS), with
 * concurrencyPolicy, startingDeadlineSeconds, suspend and history limits.
 * lastScheduleTime in status is the memory a new leader resumes from.
 */
import type { CronJob, Job } from '../../api/index.js';
import { deleteAction, noActions, type Action, type ReconcileResult } from '../runtime/actions.js';
import { splitKey, type ControllerDefinition, type ReconcileContext } from '../runtime/run-controller.js';
import { lastScheduleTimeBetween, nextScheduleTime, parseCronSchedule } from './cron-schedule.js';
import { timeOf } from './pod-state.js';
import { conditionOf, controllerReference, isControlledBy, isoTime, sameJson } from './workload-helpers.js';

type Status = NonNullable<CronJob['status']>;

export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

function finishedType(job: Job): 'Complete' | 'Failed' | undefined {
  if (conditionOf(job.status?.conditions, 'Complete')?.status === 'True') return 'Complete';
  if (conditionOf(job.status?.conditions, 'Failed')?.status === 'True') return 'Failed';
  return undefined;
}

export function jobNameFor(cronJob: CronJob, scheduledMs: number): string {
  return `${cronJob.metadata?.name ?? ''}-${Math.floor(scheduledMs / 60_000)}`;
}

function jobFor(cronJob: CronJob, scheduledMs: number): Job {
  const template = cronJob.spec?.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cronJob, scheduledMs),
      namespace: cronJob.metadata?.namespace ?? '',
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, [scheduledTimestampAnnotation]: isoTime(scheduledMs) },
      ownerReferences: [controllerReference(cronJob)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}

function trimHistory(cronJob: CronJob, jobs: readonly Job[]): Action[] {
  const byAge = (a: Job, b: Job): number =>
    (timeOf(a.metadata?.creationTimestamp) ?? 0) - (timeOf(b.metadata?.creationTimestamp) ?? 0);
  const trim = (type: 'Complete' | 'Failed', limit: number): Action[] => {
    const finished = jobs.filter((job) => finishedType(job) === type).sort(byAge);
    return finished.slice(0, Math.max(0, finished.length - limit)).map((job) => deleteAction(job, 'Background'));
  };
  return [
    ...trim('Complete', cronJob.spec?.successfulJobsHistoryLimit ?? 3),
    ...trim('Failed', cronJob.spec?.failedJobsHistoryLimit ?? 1),
  ];
}

function statusOf(cronJob: CronJob, jobs: readonly Job[], lastScheduleMs: number | undefined): Status {
  const active = jobs
    .filter((job) => finishedType(job) === undefined)
    .map((job) => ({
      kind: 'Job',
      apiVersion: 'batch/v1',
      namespace: job.metadata?.namespace ?? '',
      name: job.metadata?.name ?? '',
      uid: job.metadata?.uid ?? '',
    }));
  const successes = jobs
    .filter((job) => finishedType(job) === 'Complete')
    .map((job) => timeOf(job.status?.completionTime) ?? 0);
  const status: Status = { ...cronJob.status, active };
  if (lastScheduleMs !== undefined) status.lastScheduleTime = isoTime(lastScheduleMs);
  if (successes.length > 0)
    status.lastSuccessfulTime = isoTime(Math.max(...successes, timeOf(cronJob.status?.lastSuccessfulTime) ?? 0));
  return status;
}

function startJob(cronJob: CronJob, jobs: readonly Job[], scheduledMs: number): Action[] | undefined {
  const running = jobs.filter((job) => finishedType(job) === undefined);
  const policy = cronJob.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && running.length > 0) return undefined;
  const replaced = policy === 'Replace' ? running.map((job) => deleteAction(job, 'Background')) : [];
  return [...replaced, { type: 'create', object: jobFor(cronJob, scheduledMs) }];
}

/** The whole decision for one CronJob given the Jobs it controls. */
export function reconcileCronJob(cronJob: CronJob, jobs: readonly Job[], now: number): ReconcileResult {
  if ((cronJob.metadata?.deletionTimestamp ?? '') !== '') return noActions;
  const schedule = parseCronSchedule(cronJob.spec?.schedule ?? '', cronJob.spec?.timeZone ?? 'UTC');
  const actions: Action[] = trimHistory(cronJob, jobs);
  let lastScheduleMs = timeOf(cronJob.status?.lastScheduleTime);
  const deadlineSeconds = cronJob.spec?.startingDeadlineSeconds;
  if (cronJob.spec?.suspend !== true) {
    let earliest = lastScheduleMs ?? timeOf(cronJob.metadata?.creationTimestamp) ?? now;
    if (deadlineSeconds !== undefined) earliest = Math.max(earliest, now - deadlineSeconds * 1000 - 1);
    const due = lastScheduleTimeBetween(schedule, earliest, now).time;
    const missedDeadline = due !== undefined && deadlineSeconds !== undefined && now - due > deadlineSeconds * 1000;
    const exists = due !== undefined && jobs.some((job) => job.metadata?.name === jobNameFor(cronJob, due));
    if (due !== undefined && !missedDeadline && !exists) {
      const started = startJob(cronJob, jobs, due);
      if (started !== undefined) {
        actions.push(...started);
        lastScheduleMs = due;
      }
    } else if (exists && due !== undefined) lastScheduleMs = Math.max(lastScheduleMs ?? 0, due);
  }
  const status = statusOf(cronJob, jobs, lastScheduleMs);
  if (!sameJson(status, cronJob.status)) actions.push({ type: 'updateStatus', object: { ...cronJob, status } });
  const next = nextScheduleTime(schedule, now);
  // Forbid with a Job still running: look again soon, the slot may still be taken within its deadline
  const retryMs = cronJob.spec?.concurrencyPolicy === 'Forbid' ? 10_000 : undefined;
  const waitMs = next === undefined ? retryMs : Math.min(next - now + 1, retryMs ?? Infinity);
  return waitMs === undefined ? { actions } : { actions, requeueAfterMs: waitMs };
}

export const cronJobController: ControllerDefinition = {
  name: 'cronjob',
  primary: 'CronJob',
  watches: ['Job'],
  reconcile(key: string, { view, now }: ReconcileContext): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const cronJob = view.get('CronJob', namespace, name);
    if (cronJob === undefined) return noActions;
    const jobs = view.ownedBy('Job', cronJob.metadata?.uid ?? '').filter((job) => isControlledBy(job, cronJob));
    return reconcileCronJob(cronJob, jobs, now);
  },
};
