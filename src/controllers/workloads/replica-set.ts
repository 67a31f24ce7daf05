/**
 * ReplicaSet: keep `replicas` active pods from the template. Pure decision over
 * the ReplicaSet, the pods of its namespace and the clock; the loop is the
 * generic controller runtime.
 */
import type { Pod, ReplicaSet } from '../../api/index.js';
import { deleteAction, noActions, type Action, type ReconcileResult } from '../runtime/actions.js';
import { splitKey, type ControllerDefinition, type ReconcileContext } from '../runtime/run-controller.js';
import { isActive, isAvailable, isReady, isTerminal, msUntilAvailable, podCondition, timeOf } from './pod-state.js';
import {
  controllerOf,
  controllerReference,
  isControlledBy,
  podFromTemplate,
  randomSuffix,
  sameJson,
  selectorMatches,
} from './workload-helpers.js';

type Status = NonNullable<ReplicaSet['status']>;

/** Pods created or deleted per reconcile at most (Kubernetes' burstReplicas). */
export const replicaSetBurstMax = 500;

/** Which pods to delete first: unscheduled, then not running, then not ready, then the most recently ready or created. */
export function deletionRank(first: Pod, second: Pod): number {
  const scheduled = (pod: Pod): number => ((pod.spec?.nodeName ?? '') === '' ? 0 : 1);
  const running = (pod: Pod): number => ((pod.status?.phase ?? '') === 'Running' ? 1 : 0);
  const ready = (pod: Pod): number => (isReady(pod) ? 1 : 0);
  for (const measure of [scheduled, running, ready]) {
    const difference = measure(first) - measure(second);
    if (difference !== 0) return difference;
  }
  const since = (pod: Pod): number =>
    timeOf(podCondition(pod, 'Ready')?.lastTransitionTime) ?? timeOf(pod.metadata?.creationTimestamp) ?? 0;
  return since(second) - since(first);
}

function adoptOrRelease(replicaSet: ReplicaSet, pods: readonly Pod[]): Action[] {
  const actions: Action[] = [];
  const selector = replicaSet.spec?.selector;
  if ((replicaSet.metadata?.deletionTimestamp ?? '') !== '') return actions;
  for (const pod of pods) {
    const matches = selectorMatches(selector, pod.metadata?.labels);
    if (controllerOf(pod) === undefined && matches && isActive(pod)) {
      const ownerReferences = [...(pod.metadata?.ownerReferences ?? []), controllerReference(replicaSet)];
      actions.push({ type: 'update', object: { ...pod, metadata: { ...pod.metadata, ownerReferences } } });
    } else if (isControlledBy(pod, replicaSet) && !matches) {
      const ownerReferences = (pod.metadata?.ownerReferences ?? []).filter(
        (reference) => reference.uid !== replicaSet.metadata?.uid,
      );
      actions.push({ type: 'update', object: { ...pod, metadata: { ...pod.metadata, ownerReferences } } });
    }
  }
  return actions;
}

/** The pods this ReplicaSet controls and still selects (adoptions take effect on the next pass). */
export function ownedPods(replicaSet: ReplicaSet, pods: readonly Pod[]): Pod[] {
  return pods.filter(
    (pod) => isControlledBy(pod, replicaSet) && selectorMatches(replicaSet.spec?.selector, pod.metadata?.labels),
  );
}

function scaleActions(replicaSet: ReplicaSet, owned: readonly Pod[], random: () => number): Action[] {
  const active = owned.filter(isActive);
  // finished pods hold no slot; removing them keeps every pod a watch sees a live replica
  const actions: Action[] = owned.filter(isTerminal).map((pod) => deleteAction(pod));
  const wanted = replicaSet.spec?.replicas ?? 1;
  const name = replicaSet.metadata?.name ?? '';
  if ((replicaSet.metadata?.deletionTimestamp ?? '') !== '') return actions;
  if (active.length < wanted) {
    const taken = new Set(owned.map((pod) => pod.metadata?.name));
    for (let count = 0; count < Math.min(wanted - active.length, replicaSetBurstMax); count += 1) {
      let podName = `${name}-${randomSuffix(random)}`;
      while (taken.has(podName)) podName = `${name}-${randomSuffix(random)}`;
      taken.add(podName);
      actions.push({
        type: 'create',
        object: podFromTemplate({ template: replicaSet.spec?.template, owner: replicaSet, name: podName }),
      });
    }
  } else if (active.length > wanted) {
    const victims = [...active].sort(deletionRank).slice(0, Math.min(active.length - wanted, replicaSetBurstMax));
    for (const pod of victims) actions.push(deleteAction(pod));
  }
  return actions;
}

export function replicaSetStatus(replicaSet: ReplicaSet, owned: readonly Pod[], now: number): Status {
  const active = owned.filter(isActive);
  const minReadySeconds = replicaSet.spec?.minReadySeconds ?? 0;
  const templateLabels = replicaSet.spec?.template?.metadata?.labels ?? {};
  const fullyLabeled = active.filter((pod) =>
    Object.entries(templateLabels).every(([key, value]) => pod.metadata?.labels?.[key] === value),
  );
  return {
    ...replicaSet.status,
    replicas: active.length,
    fullyLabeledReplicas: fullyLabeled.length,
    readyReplicas: active.filter(isReady).length,
    availableReplicas: active.filter((pod) => isAvailable(pod, minReadySeconds, now)).length,
    observedGeneration: replicaSet.metadata?.generation ?? 0,
  };
}

function nextAvailabilityMs(replicaSet: ReplicaSet, owned: readonly Pod[], now: number): number | undefined {
  const waits = owned
    .map((pod) => msUntilAvailable(pod, replicaSet.spec?.minReadySeconds ?? 0, now))
    .filter((wait): wait is number => wait !== undefined);
  return waits.length === 0 ? undefined : Math.min(...waits);
}

/** The whole decision for one ReplicaSet given the pods of its namespace. */
export function reconcileReplicaSet(
  replicaSet: ReplicaSet,
  pods: readonly Pod[],
  now: number,
  random: () => number,
): ReconcileResult {
  const owned = ownedPods(replicaSet, pods);
  const actions = [...adoptOrRelease(replicaSet, pods), ...scaleActions(replicaSet, owned, random)];
  const status = replicaSetStatus(replicaSet, owned, now);
  if (!sameJson(status, replicaSet.status)) actions.push({ type: 'updateStatus', object: { ...replicaSet, status } });
  const requeueAfterMs = nextAvailabilityMs(replicaSet, owned, now);
  return requeueAfterMs === undefined ? { actions } : { actions, requeueAfterMs };
}

export const replicaSetController: ControllerDefinition = {
  name: 'replicaset',
  primary: 'ReplicaSet',
  watches: ['Pod'],
  keysFor(object, view) {
    if (object.kind !== 'Pod') return [];
    const owner = controllerOf(object);
    const namespace = object.metadata?.namespace ?? '';
    if (owner !== undefined) return owner.kind === 'ReplicaSet' ? [`${namespace}/${owner.name ?? ''}`] : [];
    // an orphan: every ReplicaSet that would adopt it
    return view
      .list('ReplicaSet', namespace)
      .filter((set) => selectorMatches(set.spec?.selector, object.metadata?.labels))
      .map((set) => `${namespace}/${set.metadata?.name ?? ''}`);
  },
  reconcile(key: string, { view, now, random }: ReconcileContext): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const replicaSet = view.get('ReplicaSet', namespace, name);
    if (replicaSet === undefined) return noActions;
    return reconcileReplicaSet(replicaSet, view.list('Pod', namespace), now, random);
  },
};
