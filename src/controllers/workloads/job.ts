/**
 * Job: run pods until `completions` succeed, at most `parallelism` at once;
 * fail after more than `backoffLimit` failures or past `activeDeadlineSeconds`;
 * delete the Job `ttlSecondsAfterFinished` after it finished. Counts come from
 * the pods the Job keeps until it is done, and the clock from status times, so a
 * new leader reaches the same verdict.
 */
import type { Condition, Job, Pod } from '../../api/index.js';
import { deleteAction, noActions, soonest, type Action, type ReconcileResult } from '../runtime/actions.js';
import { splitKey, type ControllerDefinition, type ReconcileContext } from '../runtime/run-controller.js';
import { isActive, isReady, timeOf } from './pod-state.js';
import {
  conditionOf,
  isControlledBy,
  isoTime,
  podFromTemplate,
  randomSuffix,
  sameJson,
  withCondition,
} from './workload-helpers.js';

type Status = NonNullable<Job['status']>;

export interface JobOptions {
  /** Wait before a replacement after the n-th failure: base·2^(n−1), capped (Kubernetes: 10 s, 6 min). */
  readonly failureBackoffBaseMs: number;
  readonly failureBackoffMaxMs: number;
}

export const jobDefaults: JobOptions = Object.freeze({ failureBackoffBaseMs: 10_000, failureBackoffMaxMs: 360_000 });

function isFinished(job: Job): boolean {
  return ['Complete', 'Failed'].some((type) => conditionOf(job.status?.conditions, type)?.status === 'True');
}

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
}

interface Counts {
  readonly active: Pod[];
  readonly succeeded: number;
  readonly failed: number;
  readonly lastFailureMs: number | undefined;
}

function countPods(job: Job, pods: readonly Pod[]): Counts {
  const active = pods.filter(isActive);
  const failedPods = pods.filter((pod) => pod.status?.phase === 'Failed');
  // with OnFailure the kubelet restarts in place: each restart is a failure
  const restartFailures =
    job.spec?.template?.spec?.restartPolicy === 'OnFailure' ? active.reduce((sum, pod) => sum + restarts(pod), 0) : 0;
  const failureTimes = failedPods.map(
    (pod) =>
      timeOf(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime) ??
      timeOf(pod.metadata?.creationTimestamp) ??
      0,
  );
  return {
    active,
    succeeded: pods.filter((pod) => pod.status?.phase === 'Succeeded').length,
    failed: failedPods.length + restartFailures,
    lastFailureMs: failureTimes.length === 0 ? undefined : Math.max(...failureTimes),
  };
}

function verdict(job: Job, counts: Counts, startMs: number, now: number): Condition | undefined {
  const spec = job.spec ?? {};
  if (counts.failed > (spec.backoffLimit ?? 6))
    return {
      type: 'Failed',
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    };
  if (spec.activeDeadlineSeconds !== undefined && now - startMs >= spec.activeDeadlineSeconds * 1000) {
    return {
      type: 'Failed',
      status: 'True',
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
    };
  }
  const completions = spec.completions;
  const done =
    completions === undefined ? counts.succeeded > 0 && counts.active.length === 0 : counts.succeeded >= completions;
  return done ? { type: 'Complete', status: 'True', reason: 'Completed', message: 'Job completed' } : undefined;
}

function wantedActive(job: Job, counts: Counts): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  if (completions === undefined) return counts.succeeded > 0 ? 0 : parallelism;
  return Math.max(0, Math.min(parallelism, completions - counts.succeeded));
}

function createPods(job: Job, pods: readonly Pod[], count: number, random: () => number): Action[] {
  const taken = new Set(pods.map((pod) => pod.metadata?.name));
  const actions: Action[] = [];
  for (let index = 0; index < count; index += 1) {
    let name = `${job.metadata?.name ?? ''}-${randomSuffix(random)}`;
    while (taken.has(name)) name = `${job.metadata?.name ?? ''}-${randomSuffix(random)}`;
    taken.add(name);
    actions.push({ type: 'create', object: podFromTemplate({ template: job.spec?.template, owner: job, name }) });
  }
  return actions;
}

function finishedJob(job: Job, now: number): ReconcileResult {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined) return noActions;
  const finishedMs =
    timeOf(job.status?.completionTime) ??
    timeOf(job.status?.conditions?.find((c) => c.status === 'True')?.lastTransitionTime) ??
    now;
  const remaining = finishedMs + ttl * 1000 - now;
  return remaining <= 0 ? { actions: [deleteAction(job, 'Background')] } : { actions: [], requeueAfterMs: remaining };
}

/** The whole decision for one Job given the pods it controls. */
export function reconcileJob(
  job: Job,
  pods: readonly Pod[],
  now: number,
  random: () => number,
  options: JobOptions = jobDefaults,
): ReconcileResult {
  if ((job.metadata?.deletionTimestamp ?? '') !== '') return noActions;
  if (isFinished(job)) return finishedJob(job, now);
  const counts = countPods(job, pods);
  const startMs = timeOf(job.status?.startTime) ?? now;
  const ending = verdict(job, counts, startMs, now);
  const actions: Action[] = [];
  let requeueAfterMs: number | undefined;
  let active = counts.active.length;
  if (ending !== undefined || job.spec?.suspend === true) {
    actions.push(...counts.active.map((pod) => deleteAction(pod)));
    active = 0;
  } else {
    const missing = wantedActive(job, counts) - active;
    const waitMs =
      counts.failed === 0 || counts.lastFailureMs === undefined
        ? 0
        : counts.lastFailureMs +
          Math.min(options.failureBackoffMaxMs, options.failureBackoffBaseMs * 2 ** Math.min(counts.failed - 1, 30)) -
          now;
    if (missing > 0 && waitMs <= 0) {
      actions.push(...createPods(job, pods, missing, random));
      active += missing;
    } else if (missing > 0) requeueAfterMs = waitMs;
    const deadline = job.spec?.activeDeadlineSeconds;
    if (deadline !== undefined) requeueAfterMs = soonest(requeueAfterMs, startMs + deadline * 1000 - now);
  }
  let conditions = job.status?.conditions;
  if (ending !== undefined) conditions = withCondition(conditions, ending, now);
  const status: Status = {
    ...job.status,
    startTime: job.status?.startTime ?? isoTime(now),
    active,
    succeeded: counts.succeeded,
    failed: counts.failed,
    ready: counts.active.filter(isReady).length,
    ...(conditions === undefined ? {} : { conditions }),
    ...(ending?.type === 'Complete' ? { completionTime: isoTime(now) } : {}),
  };
  if (!sameJson(status, job.status)) actions.push({ type: 'updateStatus', object: { ...job, status } });
  return requeueAfterMs === undefined ? { actions } : { actions, requeueAfterMs };
}

export function jobController(options: JobOptions = jobDefaults): ControllerDefinition {
  return {
    name: 'job',
    primary: 'Job',
    watches: ['Pod'],
    reconcile(key: string, { view, now, random }: ReconcileContext): ReconcileResult {
      const { namespace, name } = splitKey(key);
      const job = view.get('Job', namespace, name);
      if (job === undefined) return noActions;
      const pods = view.ownedBy('Pod', job.metadata?.uid ?? '').filter((pod) => isControlledBy(pod, job));
      return reconcileJob(job, pods, now, random, options);
    },
  };
}
