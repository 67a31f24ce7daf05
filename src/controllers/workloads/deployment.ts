/**
 * Deployment: one ReplicaSet per template revision, rolled with maxSurge and
 * maxUnavailable (or Recreate), history trimmed, progress and availability
 * reported. Pure decision over the Deployment, its ReplicaSets and their pods;
 * the revision, the rollout position and the progress clock all live in the
 * objects, so a new leader resumes where the old one stopped.
 */
import type { Deployment, ReplicaSet } from '../../api/index.js';
import { deleteAction, noActions, type Action, type ReconcileResult } from '../runtime/actions.js';
import type { ClusterView } from '../runtime/cluster-view.js';
import {
  controllerKeys,
  splitKey,
  type ControllerDefinition,
  type ReconcileContext,
} from '../runtime/run-controller.js';
import { isActive, isAvailable } from './pod-state.js';
import { surgeBounds, type OwnedSet, type SurgeBounds } from './rollout-math.js';

export type { OwnedSet };
import { rolloutStatus } from './deployment-status.js';
import { controllerOf, controllerReference, isControlledBy, sameJson, templateHash } from './workload-helpers.js';

export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const podTemplateHashLabel = 'pod-template-hash';

export function revisionOf(replicaSet: ReplicaSet): number {
  const value = Number(replicaSet.metadata?.annotations?.[revisionAnnotation] ?? '0');
  return Number.isFinite(value) ? value : 0;
}

function specReplicas(set: OwnedSet): number {
  return set.replicaSet.spec?.replicas ?? 0;
}

function activeCount(set: OwnedSet): number {
  return set.pods.filter(isActive).length;
}

function availableCount(set: OwnedSet, minReadySeconds: number, now: number): number {
  return set.pods.filter((pod) => isActive(pod) && isAvailable(pod, minReadySeconds, now)).length;
}

/** The pods that exist or are about to: what a watch can count, now or after the ReplicaSet controller's next step. */
function podCeiling(sets: readonly OwnedSet[]): number {
  return sets.reduce((sum, set) => sum + Math.max(specReplicas(set), activeCount(set)), 0);
}

function scaled(replicaSet: ReplicaSet, replicas: number, deployment: Deployment): Action {
  const spec = { ...replicaSet.spec, replicas, minReadySeconds: deployment.spec?.minReadySeconds ?? 0 };
  return { type: 'update', object: { ...replicaSet, spec } };
}

function newReplicaSet(deployment: Deployment, hash: string, revision: number, replicas: number): ReplicaSet {
  const name = `${deployment.metadata?.name ?? ''}-${hash}`;
  const template = structuredClone(deployment.spec?.template ?? {});
  const templateMetadata = (template.metadata ??= {});
  templateMetadata.labels = { ...templateMetadata.labels, [podTemplateHashLabel]: hash };
  const selector = structuredClone(deployment.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [podTemplateHashLabel]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: deployment.metadata?.namespace ?? '',
      labels: { ...templateMetadata.labels },
      annotations: { [revisionAnnotation]: String(revision) },
      ownerReferences: [controllerReference(deployment)],
    },
    spec: { replicas, minReadySeconds: deployment.spec?.minReadySeconds ?? 0, selector, template },
  };
}

interface Rollout {
  readonly deployment: Deployment;
  readonly replicas: number;
  readonly bounds: SurgeBounds;
  readonly newSet: OwnedSet | undefined;
  readonly oldSets: readonly OwnedSet[];
  readonly now: number;
}

/** Scale the new ReplicaSet up as far as the surge allows (or down to replicas). */
function scaleUpNew(rollout: Rollout): Action[] {
  const { newSet, replicas, bounds, deployment } = rollout;
  if (newSet === undefined) return [];
  const current = specReplicas(newSet);
  if (current > replicas) return [scaled(newSet.replicaSet, replicas, deployment)];
  if (current === replicas) return [];
  const room = replicas + bounds.maxSurge - podCeiling([newSet, ...rollout.oldSets]);
  const next = current + Math.min(Math.max(room, 0), replicas - current);
  return next > current ? [scaled(newSet.replicaSet, next, deployment)] : [];
}

/** Scale old ReplicaSets down while at least replicas − maxUnavailable pods stay available (oldest first, unhealthy pods first). */
function scaleDownOld(rollout: Rollout): Action[] {
  const { newSet, replicas, bounds, deployment, now } = rollout;
  const minReadySeconds = deployment.spec?.minReadySeconds ?? 0;
  const minAvailable = replicas - bounds.maxUnavailable;
  const olds = [...rollout.oldSets]
    .filter((set) => specReplicas(set) > 0)
    .sort((a, b) => revisionOf(a.replicaSet) - revisionOf(b.replicaSet));
  const all = newSet === undefined ? olds : [...olds, newSet];
  const newUnavailable =
    newSet === undefined ? 0 : Math.max(0, specReplicas(newSet) - availableCount(newSet, minReadySeconds, now));
  let budget = all.reduce((sum, set) => sum + specReplicas(set), 0) - minAvailable - newUnavailable;
  const targets = new Map<OwnedSet, number>(olds.map((set) => [set, specReplicas(set)]));
  // first the replicas that are not available anyway: removing them costs no availability
  for (const set of olds) {
    if (budget <= 0) break;
    const unhealthy = Math.max(0, specReplicas(set) - availableCount(set, minReadySeconds, now));
    const cut = Math.min(unhealthy, budget);
    targets.set(set, specReplicas(set) - cut);
    budget -= cut;
  }
  // Availability to count on: a set's pods beyond its (target) replicas are about to
  // go (its ReplicaSet controller may not have removed them yet), so they count
  // for nothing; and the healthy cut stays within the same budget as the unhealthy one.
  const dependable = (set: OwnedSet): number =>
    Math.min(availableCount(set, minReadySeconds, now), targets.get(set) ?? specReplicas(set));
  let spare = all.reduce((sum, set) => sum + dependable(set), 0) - minAvailable;
  for (const set of olds) {
    if (spare <= 0 || budget <= 0) break;
    const target = targets.get(set) ?? 0;
    const cut = Math.min(target, spare, budget);
    targets.set(set, target - cut);
    spare -= cut;
    budget -= cut;
  }
  return olds
    .filter((set) => (targets.get(set) ?? 0) < specReplicas(set))
    .map((set) => scaled(set.replicaSet, targets.get(set) ?? 0, deployment));
}

function rollingUpdate(rollout: Rollout): Action[] {
  const up = scaleUpNew(rollout);
  return up.length > 0 ? up : scaleDownOld(rollout);
}

/** Recreate: every old pod gone before the new ReplicaSet gets any. */
function recreate(rollout: Rollout): Action[] {
  const shrink = rollout.oldSets
    .filter((set) => specReplicas(set) > 0)
    .map((set) => scaled(set.replicaSet, 0, rollout.deployment));
  if (shrink.length > 0) return shrink;
  if (rollout.oldSets.some((set) => activeCount(set) > 0) || rollout.newSet === undefined) return [];
  return specReplicas(rollout.newSet) === rollout.replicas
    ? []
    : [scaled(rollout.newSet.replicaSet, rollout.replicas, rollout.deployment)];
}

/** Old ReplicaSets beyond revisionHistoryLimit that are empty: delete the oldest. */
function trimHistory(deployment: Deployment, oldSets: readonly OwnedSet[]): Action[] {
  const limit = deployment.spec?.revisionHistoryLimit ?? 10;
  const empty = oldSets
    .filter((set) => specReplicas(set) === 0 && set.pods.length === 0)
    .sort((a, b) => revisionOf(a.replicaSet) - revisionOf(b.replicaSet));
  const excess = oldSets.length - limit;
  return excess <= 0 ? [] : empty.slice(0, excess).map((set) => deleteAction(set.replicaSet));
}

function plan(deployment: Deployment, sets: readonly OwnedSet[], now: number): { rollout: Rollout; creates: Action[] } {
  const replicas = deployment.spec?.replicas ?? 1;
  const strategy = deployment.spec?.strategy;
  const bounds = surgeBounds(strategy?.rollingUpdate?.maxSurge, strategy?.rollingUpdate?.maxUnavailable, replicas);
  const hash = templateHash(deployment.spec?.template);
  const found = sets.find((set) => set.replicaSet.metadata?.labels?.[podTemplateHashLabel] === hash);
  const oldSets = sets.filter((set) => set !== found);
  const maxOldRevision = Math.max(0, ...oldSets.map((set) => revisionOf(set.replicaSet)));
  const creates: Action[] = [];
  let newSet = found;
  if (found === undefined && deployment.spec?.paused !== true) {
    const recreating = strategy?.type === 'Recreate';
    const initial = recreating ? 0 : Math.max(0, Math.min(replicas, replicas + bounds.maxSurge - podCeiling(oldSets)));
    newSet = { replicaSet: newReplicaSet(deployment, hash, maxOldRevision + 1, initial), pods: [] };
    creates.push({ type: 'create', object: newSet.replicaSet });
  } else if (
    found !== undefined &&
    revisionOf(found.replicaSet) <= maxOldRevision &&
    deployment.spec?.paused !== true
  ) {
    // a rollback to a kept template: that ReplicaSet becomes the newest revision again
    const annotations = { ...found.replicaSet.metadata?.annotations, [revisionAnnotation]: String(maxOldRevision + 1) };
    creates.push({
      type: 'update',
      object: { ...found.replicaSet, metadata: { ...found.replicaSet.metadata, annotations } },
    });
  }
  return { rollout: { deployment, replicas, bounds, newSet, oldSets, now }, creates };
}

/** The whole decision for one Deployment. */
export function reconcileDeployment(deployment: Deployment, sets: readonly OwnedSet[], now: number): ReconcileResult {
  if ((deployment.metadata?.deletionTimestamp ?? '') !== '') return noActions;
  const { rollout, creates } = plan(deployment, sets, now);
  let actions: Action[] = creates;
  if (creates.length === 0) {
    if (deployment.spec?.paused === true) actions = pausedScale(rollout);
    else actions = deployment.spec?.strategy?.type === 'Recreate' ? recreate(rollout) : rollingUpdate(rollout);
    actions.push(...trimHistory(deployment, rollout.oldSets));
  }
  const { status, requeueAfterMs } = rolloutStatus({
    deployment,
    newSet: rollout.newSet,
    oldSets: rollout.oldSets,
    bounds: rollout.bounds,
    now,
    acted: actions.length > 0,
  });
  if (!sameJson(status, deployment.status)) actions.push({ type: 'updateStatus', object: { ...deployment, status } });
  return requeueAfterMs === undefined ? { actions } : { actions, requeueAfterMs };
}

/** Paused: no new revision rolls, but a plain scale of the current ReplicaSet still applies. */
function pausedScale(rollout: Rollout): Action[] {
  const { newSet, oldSets, replicas, deployment } = rollout;
  if (newSet === undefined || oldSets.some((set) => specReplicas(set) > 0)) return [];
  return specReplicas(newSet) === replicas ? [] : [scaled(newSet.replicaSet, replicas, deployment)];
}

export function ownedSets(view: ClusterView, deployment: Deployment): OwnedSet[] {
  const uid = deployment.metadata?.uid ?? '';
  return view
    .ownedBy('ReplicaSet', uid)
    .filter((replicaSet) => isControlledBy(replicaSet, deployment))
    .map((replicaSet) => ({
      replicaSet,
      pods: view.ownedBy('Pod', replicaSet.metadata?.uid ?? '').filter((pod) => isControlledBy(pod, replicaSet)),
    }));
}

export const deploymentController: ControllerDefinition = {
  name: 'deployment',
  primary: 'Deployment',
  watches: ['ReplicaSet', 'Pod'],
  keysFor(object, view) {
    if (object.kind === 'ReplicaSet') return controllerKeys(object, 'Deployment');
    const owner = controllerOf(object);
    if (owner?.kind !== 'ReplicaSet') return [];
    const replicaSet = view.get('ReplicaSet', object.metadata?.namespace ?? '', owner.name ?? '');
    return replicaSet === undefined ? [] : controllerKeys(replicaSet, 'Deployment');
  },
  reconcile(key: string, { view, now }: ReconcileContext): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const deployment = view.get('Deployment', namespace, name);
    if (deployment === undefined) return noActions;
    return reconcileDeployment(deployment, ownedSets(view, deployment), now);
  },
};
