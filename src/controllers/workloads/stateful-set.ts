/**
 * StatefulSet: pods NAME-0…N-1 with stable names, hostname and subdomain; one
 * claim per replica per volumeClaimTemplate (TEMPLATE-NAME-i), bound to a local
 * PersistentVolume named after the claim, so a pod's storage follows its name
 * (the scheduler ties the volume to the node of its first pod and brings every
 * later pod of that name back there: scheduler/volumes.ts);
 * OrderedReady or Parallel; rolling update in reverse ordinal order above the
 * partition. Revisions are template hashes in the controller-revision-hash label.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod, StatefulSet } from '../../api/index.js';
import { deleteAction, noActions, type Action, type ReconcileResult } from '../runtime/actions.js';
import type { ClusterView } from '../runtime/cluster-view.js';
import { splitKey, type ControllerDefinition, type ReconcileContext } from '../runtime/run-controller.js';
import { isAvailable, isReady, isTerminal } from './pod-state.js';
import { isControlledBy, podFromTemplate, sameJson, templateHash } from './workload-helpers.js';

export const revisionLabel = 'controller-revision-hash';
export const podNameLabel = 'statefulset.kubernetes.io/pod-name';

export interface StatefulSetOptions {
  /** Where the local volumes created for claims live on the workers. */
  readonly volumesDir: string;
}

export const statefulSetDefaults: StatefulSetOptions = Object.freeze({ volumesDir: '/var/lib/orca/volumes' });

type Status = NonNullable<StatefulSet['status']>;
type ClaimTemplate = NonNullable<NonNullable<StatefulSet['spec']>['volumeClaimTemplates']>[number];

export function updateRevision(set: StatefulSet): string {
  return `${set.metadata?.name ?? ''}-${templateHash(set.spec?.template)}`;
}

export function claimName(template: ClaimTemplate, set: StatefulSet, ordinal: number): string {
  return `${template.metadata?.name ?? ''}-${set.metadata?.name ?? ''}-${ordinal}`;
}

function podFor(set: StatefulSet, ordinal: number): Pod {
  const name = `${set.metadata?.name ?? ''}-${ordinal}`;
  const pod = podFromTemplate({
    template: set.spec?.template,
    owner: set,
    name,
    extraLabels: { [revisionLabel]: updateRevision(set), [podNameLabel]: name },
  });
  const spec = pod.spec ?? {};
  spec.hostname = name;
  if ((set.spec?.serviceName ?? '') !== '') spec.subdomain = set.spec?.serviceName;
  const claims = set.spec?.volumeClaimTemplates ?? [];
  const claimed = new Set(claims.map((claim) => claim.metadata?.name));
  spec.volumes = [
    ...(spec.volumes ?? []).filter((volume) => !claimed.has(volume.name)),
    ...claims.map((claim) => ({
      name: claim.metadata?.name ?? '',
      persistentVolumeClaim: { claimName: claimName(claim, set, ordinal) },
    })),
  ];
  return { ...pod, spec };
}

/** The claim and its local volume, for whichever of the two is missing. */
function storageFor(set: StatefulSet, ordinal: number, view: ClusterView, options: StatefulSetOptions): Action[] {
  const namespace = set.metadata?.namespace ?? '';
  const actions: Action[] = [];
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const name = claimName(template, set, ordinal);
    const volumeName = `${namespace}-${name}`;
    const capacity = { storage: template.spec?.resources?.requests?.['storage'] ?? '1Gi' };
    if (view.get('PersistentVolume', '', volumeName) === undefined) {
      const volume: PersistentVolume = {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: volumeName, labels: { 'orca.dev/claim': name } },
        spec: {
          capacity,
          accessModes: template.spec?.accessModes ?? ['ReadWriteOnce'],
          local: { path: `${options.volumesDir}/${namespace}/${name}` },
          claimRef: { kind: 'PersistentVolumeClaim', namespace, name },
          persistentVolumeReclaimPolicy: 'Retain',
        },
      };
      actions.push({ type: 'create', object: volume });
    }
    if (view.get('PersistentVolumeClaim', namespace, name) === undefined) {
      const labels = { ...template.metadata?.labels, ...set.spec?.selector?.matchLabels };
      const claim: PersistentVolumeClaim = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name, namespace, labels },
        spec: { ...structuredClone(template.spec ?? {}), volumeName },
      };
      actions.push({ type: 'create', object: claim });
    }
  }
  return actions;
}

/**
 * The claims of replicas 0..replicas-1 and their volumes say Bound once both
 * exist (they are made bound to each other, so no binder has to match them),
 * with the claim's capacity and access modes from its volume, as `get pvc` shows.
 */
function boundStatuses(set: StatefulSet, view: ClusterView): Action[] {
  const namespace = set.metadata?.namespace ?? '';
  const actions: Action[] = [];
  const wanted = set.spec?.replicas ?? 1;
  for (let ordinal = 0; ordinal < wanted; ordinal += 1) {
    for (const template of set.spec?.volumeClaimTemplates ?? []) {
      const claim = view.get('PersistentVolumeClaim', namespace, claimName(template, set, ordinal));
      const volume = claim === undefined ? undefined : view.get('PersistentVolume', '', claim.spec?.volumeName ?? '');
      if (claim === undefined || volume === undefined || volume.spec?.claimRef?.name !== claim.metadata?.name) continue;
      const claimStatus = {
        ...claim.status,
        phase: 'Bound',
        accessModes: volume.spec?.accessModes ?? [],
        capacity: volume.spec?.capacity ?? {},
      };
      if (!sameJson(claimStatus, claim.status))
        actions.push({ type: 'updateStatus', object: { ...claim, status: claimStatus } });
      if (volume.status?.phase !== 'Bound')
        actions.push({ type: 'updateStatus', object: { ...volume, status: { ...volume.status, phase: 'Bound' } } });
    }
  }
  return actions;
}

function statusOf(set: StatefulSet, pods: readonly Pod[]): Status {
  const update = updateRevision(set);
  const wanted = set.spec?.replicas ?? 1;
  const minReadySeconds = set.spec?.minReadySeconds ?? 0;
  const updated = pods.filter((pod) => pod.metadata?.labels?.[revisionLabel] === update).length;
  const previous = set.status?.currentRevision ?? '';
  const current =
    updated === wanted && pods.length === wanted && pods.every(isReady) ? update : previous === '' ? update : previous;
  return {
    ...set.status,
    observedGeneration: set.metadata?.generation ?? 0,
    replicas: pods.length,
    readyReplicas: pods.filter(isReady).length,
    availableReplicas: pods.filter((pod) => isAvailable(pod, minReadySeconds, Number.MAX_SAFE_INTEGER)).length,
    currentReplicas: pods.filter((pod) => pod.metadata?.labels?.[revisionLabel] === current).length,
    updatedReplicas: updated,
    currentRevision: current,
    updateRevision: update,
  };
}

function ordinalOf(set: StatefulSet, pod: Pod): number {
  const suffix = (pod.metadata?.name ?? '').slice((set.metadata?.name ?? '').length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : -1;
}

function scale(set: StatefulSet, pods: readonly Pod[], view: ClusterView, options: StatefulSetOptions): Action[] {
  const wanted = set.spec?.replicas ?? 1;
  const ordered = set.spec?.podManagementPolicy !== 'Parallel';
  const byOrdinal = new Map(pods.map((pod) => [ordinalOf(set, pod), pod]));
  const actions: Action[] = [];
  for (let ordinal = 0; ordinal < wanted; ordinal += 1) {
    const pod = byOrdinal.get(ordinal);
    if (pod === undefined) {
      actions.push(...storageFor(set, ordinal, view, options), { type: 'create', object: podFor(set, ordinal) });
      if (ordered) return actions;
    } else if (isTerminal(pod)) {
      actions.push(deleteAction(pod));
      if (ordered) return actions;
    } else if (ordered && !isReady(pod)) return actions;
  }
  // condemned: highest ordinal first, one at a time when ordered; claims are kept
  const condemned = pods
    .filter((pod) => ordinalOf(set, pod) >= wanted || ordinalOf(set, pod) < 0)
    .sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  if (condemned.length > 0)
    return [...actions, ...(ordered ? condemned.slice(0, 1) : condemned).map((pod) => deleteAction(pod))];
  return actions;
}

function rollingUpdate(set: StatefulSet, pods: readonly Pod[]): Action[] {
  if (set.spec?.updateStrategy?.type === 'OnDelete') return [];
  const wanted = set.spec?.replicas ?? 1;
  if (pods.length !== wanted || !pods.every(isReady)) return [];
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const update = updateRevision(set);
  const stale = pods
    .filter((pod) => ordinalOf(set, pod) >= partition && pod.metadata?.labels?.[revisionLabel] !== update)
    .sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  return stale.slice(0, 1).map((pod) => deleteAction(pod));
}

export function reconcileStatefulSet(
  set: StatefulSet,
  pods: readonly Pod[],
  view: ClusterView,
  options: StatefulSetOptions = statefulSetDefaults,
): ReconcileResult {
  if ((set.metadata?.deletionTimestamp ?? '') !== '') return noActions;
  const scaling = scale(set, pods, view, options);
  const actions = [...(scaling.length > 0 ? scaling : rollingUpdate(set, pods)), ...boundStatuses(set, view)];
  const status = statusOf(set, pods);
  if (!sameJson(status, set.status)) actions.push({ type: 'updateStatus', object: { ...set, status } });
  return { actions };
}

export function statefulSetController(options: StatefulSetOptions = statefulSetDefaults): ControllerDefinition {
  return {
    name: 'statefulset',
    primary: 'StatefulSet',
    watches: ['Pod', 'PersistentVolumeClaim', 'PersistentVolume'],
    reconcile(key: string, { view }: ReconcileContext): ReconcileResult {
      const { namespace, name } = splitKey(key);
      const set = view.get('StatefulSet', namespace, name);
      if (set === undefined) return noActions;
      const pods = view.ownedBy('Pod', set.metadata?.uid ?? '').filter((pod) => isControlledBy(pod, set));
      return reconcileStatefulSet(set, pods, view, options);
    },
  };
}
