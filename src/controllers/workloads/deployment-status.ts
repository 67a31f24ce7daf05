/**
 * A Deployment's status and its two conditions. Progress is measured by the
 * Progressing condition's lastUpdateTime, which moves only when the rollout
 * moves, so the deadline survives a change of leader.
 */
import type { Condition, Deployment } from '../../api/index.js';
import { isActive, isAvailable, isReady } from './pod-state.js';
import type { OwnedSet, SurgeBounds } from './rollout-math.js';
import { timeOf } from './pod-state.js';
import { conditionOf, withCondition } from './workload-helpers.js';

type Status = NonNullable<Deployment['status']>;

export interface StatusInput {
  readonly deployment: Deployment;
  readonly newSet: OwnedSet | undefined;
  readonly oldSets: readonly OwnedSet[];
  readonly bounds: SurgeBounds;
  readonly now: number;
  /** This pass wrote something (a scale, a new ReplicaSet): the rollout moved. */
  readonly acted: boolean;
}

function counts(
  input: StatusInput,
): Pick<Status, 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas'> {
  const minReadySeconds = input.deployment.spec?.minReadySeconds ?? 0;
  const pods = [...(input.newSet?.pods ?? []), ...input.oldSets.flatMap((set) => set.pods)].filter(isActive);
  const available = pods.filter((pod) => isAvailable(pod, minReadySeconds, input.now)).length;
  return {
    replicas: pods.length,
    updatedReplicas: (input.newSet?.pods ?? []).filter(isActive).length,
    readyReplicas: pods.filter(isReady).length,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, (input.deployment.spec?.replicas ?? 1) - available),
  };
}

function progressing(
  input: StatusInput,
  next: ReturnType<typeof counts>,
  complete: boolean,
): { condition: Condition; touch: boolean; waitMs?: number } {
  const { deployment, now } = input;
  const previous = conditionOf(deployment.status?.conditions, 'Progressing');
  const setName = input.newSet?.replicaSet.metadata?.name ?? '';
  if (deployment.spec?.paused === true)
    return {
      condition: {
        type: 'Progressing',
        status: 'Unknown',
        reason: 'DeploymentPaused',
        message: 'Deployment is paused',
      },
      touch: previous?.reason !== 'DeploymentPaused',
    };
  if (complete)
    return {
      condition: {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${setName}" has successfully progressed.`,
      },
      touch: previous?.reason !== 'NewReplicaSetAvailable',
    };
  const old = deployment.status ?? {};
  const moved =
    input.acted ||
    previous === undefined ||
    previous.reason === 'DeploymentPaused' ||
    previous.reason === 'NewReplicaSetAvailable' ||
    (['updatedReplicas', 'readyReplicas', 'availableReplicas'] as const).some(
      (field) => (old[field] ?? 0) !== (next[field] ?? 0),
    );
  const updating: Condition = {
    type: 'Progressing',
    status: 'True',
    reason: 'ReplicaSetUpdated',
    message: `ReplicaSet "${setName}" is progressing.`,
  };
  if (moved) return { condition: updating, touch: true, waitMs: deadlineMs(deployment) };
  if (previous.reason === 'ProgressDeadlineExceeded') return { condition: previous, touch: false };
  const since = timeOf(previous.lastUpdateTime) ?? now;
  const remaining = since + deadlineMs(deployment) - now;
  if (remaining > 0) return { condition: previous, touch: false, waitMs: remaining };
  return {
    condition: {
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${setName}" has timed out progressing.`,
    },
    touch: true,
  };
}

function deadlineMs(deployment: Deployment): number {
  return (deployment.spec?.progressDeadlineSeconds ?? 600) * 1000;
}

export function rolloutStatus(input: StatusInput): { status: Status; requeueAfterMs?: number } {
  const { deployment, bounds, now } = input;
  const replicas = deployment.spec?.replicas ?? 1;
  const next = counts(input);
  const oldActive = input.oldSets.some((set) => set.pods.some(isActive));
  const complete =
    next.updatedReplicas === replicas &&
    next.replicas === replicas &&
    next.availableReplicas === replicas &&
    !oldActive;
  const availableEnough = (next.availableReplicas ?? 0) >= replicas - bounds.maxUnavailable;
  let conditions = withCondition(
    deployment.status?.conditions,
    availableEnough
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
    now,
    false,
  );
  const progress = progressing(input, next, complete);
  conditions = withCondition(conditions, progress.condition, now, progress.touch);
  const status: Status = {
    ...deployment.status,
    ...next,
    observedGeneration: deployment.metadata?.generation ?? 0,
    conditions,
  };
  return progress.waitMs === undefined ? { status } : { status, requeueAfterMs: progress.waitMs + 1 };
}
