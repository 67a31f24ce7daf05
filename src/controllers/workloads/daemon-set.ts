/**
 * DaemonSet: one pod per eligible node (nodeSelector, required node affinity,
 * taints the pod tolerates — with the tolerations Kubernetes adds to daemon
 * pods), pinned by a required node affinity on metadata.name so the scheduler
 * binds it; nodes that join get a pod, nodes that leave lose it; rolling update
 * within maxUnavailable.
 */
import type { DaemonSet, Node, Pod, PodSpec } from '../../api/index.js';
import { deleteAction, noActions, type Action, type ReconcileResult } from '../runtime/actions.js';
import { splitKey, type ControllerDefinition, type ReconcileContext } from '../runtime/run-controller.js';
import { isActive, isAvailable, isReady, isTerminal } from './pod-state.js';
import { scaledValue } from './rollout-math.js';
import { isControlledBy, podFromTemplate, randomSuffix, sameJson, templateHash } from './workload-helpers.js';

export const daemonRevisionLabel = 'controller-revision-hash';
type Toleration = NonNullable<PodSpec['tolerations']>[number];
type Requirement = { key?: string; operator?: string; values?: string[] };
type Status = NonNullable<DaemonSet['status']>;

/** What Kubernetes' DaemonSet controller adds, so daemons stay on troubled nodes. */
export const daemonTolerations: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function tolerates(
  tolerations: readonly Toleration[],
  taint: { key?: string; value?: string; effect?: string },
): boolean {
  return tolerations.some((toleration) => {
    if ((toleration.effect ?? '') !== '' && toleration.effect !== taint.effect) return false;
    if ((toleration.key ?? '') === '' && toleration.operator === 'Exists') return true;
    if (toleration.key !== taint.key) return false;
    return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
  });
}

function requirementMatches(requirement: Requirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** nodeSelector, required node affinity and NoSchedule/NoExecute taints. */
export function nodeIsEligible(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  if (!Object.entries(spec?.nodeSelector ?? {}).every(([key, value]) => labels[key] === value)) return false;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const termMatches = terms.some(
    (term) =>
      (term.matchExpressions ?? []).every((r) => requirementMatches(r, labels[r.key ?? ''])) &&
      (term.matchFields ?? []).every((r) =>
        requirementMatches(r, r.key === 'metadata.name' ? node.metadata?.name : undefined),
      ),
  );
  if (terms.length > 0 && !termMatches) return false;
  const tolerations = [...(spec?.tolerations ?? []), ...daemonTolerations];
  const taints = [...(node.spec?.taints ?? [])];
  if (node.spec?.unschedulable === true) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return taints
    .filter((taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute')
    .every((taint) => tolerates(tolerations, taint));
}

/** The node a daemon pod is for: its nodeName, or the metadata.name in its required node affinity. */
export function targetNode(pod: Pod): string {
  if ((pod.spec?.nodeName ?? '') !== '') return pod.spec?.nodeName ?? '';
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms ?? []) {
    const field = (term.matchFields ?? []).find((r) => r.key === 'metadata.name' && r.operator === 'In');
    if (field?.values?.[0] !== undefined) return field.values[0];
  }
  return '';
}

function podFor(set: DaemonSet, node: string, random: () => number): Pod {
  const pod = podFromTemplate({
    template: set.spec?.template,
    owner: set,
    name: `${set.metadata?.name ?? ''}-${randomSuffix(random)}`,
    extraLabels: { [daemonRevisionLabel]: templateHash(set.spec?.template) },
  });
  const spec = pod.spec ?? {};
  spec.tolerations = [
    ...(spec.tolerations ?? []),
    ...daemonTolerations.filter((t) => !tolerates(spec.tolerations ?? [], { key: t.key, effect: t.effect })),
  ];
  spec.affinity = {
    ...spec.affinity,
    nodeAffinity: {
      ...spec.affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
      },
    },
  };
  return { ...pod, spec };
}

export function reconcileDaemonSet(
  set: DaemonSet,
  nodes: readonly Node[],
  pods: readonly Pod[],
  now: number,
  random: () => number,
): ReconcileResult {
  if ((set.metadata?.deletionTimestamp ?? '') !== '') return noActions;
  const hash = templateHash(set.spec?.template);
  const minReadySeconds = set.spec?.minReadySeconds ?? 0;
  const eligible = new Set(
    nodes.filter((node) => nodeIsEligible(set.spec?.template?.spec, node)).map((node) => node.metadata?.name ?? ''),
  );
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) byNode.set(targetNode(pod), [...(byNode.get(targetNode(pod)) ?? []), pod]);
  const actions: Action[] = pods.filter(isTerminal).map((pod) => deleteAction(pod));
  let unavailable = 0;
  const stale: Pod[] = [];
  for (const node of eligible) {
    const live = (byNode.get(node) ?? []).filter(isActive);
    if (live.length === 0) {
      actions.push({ type: 'create', object: podFor(set, node, random) });
      unavailable += 1;
      continue;
    }
    actions.push(...live.slice(1).map((pod) => deleteAction(pod)));
    const [kept] = live;
    if (kept === undefined) continue;
    if (!isAvailable(kept, minReadySeconds, now)) unavailable += 1;
    if (kept.metadata?.labels?.[daemonRevisionLabel] !== hash) stale.push(kept);
  }
  for (const [node, list] of byNode)
    if (!eligible.has(node)) actions.push(...list.filter(isActive).map((pod) => deleteAction(pod)));
  if (set.spec?.updateStrategy?.type !== 'OnDelete') {
    const budget =
      scaledValue(set.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, eligible.size, false, 1) - unavailable;
    // stale pods that are not available anyway go at once; available ones within the budget
    const availableStale = stale.filter((pod) => isAvailable(pod, minReadySeconds, now));
    const unavailableStale = stale.filter((pod) => !isAvailable(pod, minReadySeconds, now));
    actions.push(
      ...[...unavailableStale, ...availableStale.slice(0, Math.max(budget, 0))].map((pod) => deleteAction(pod)),
    );
  }
  const status = statusOf(set, eligible, byNode, hash, now);
  if (!sameJson(status, set.status)) actions.push({ type: 'updateStatus', object: { ...set, status } });
  return { actions };
}

function statusOf(
  set: DaemonSet,
  eligible: ReadonlySet<string>,
  byNode: ReadonlyMap<string, Pod[]>,
  hash: string,
  now: number,
): Status {
  const scheduled = [...eligible]
    .map((node) => (byNode.get(node) ?? []).find(isActive))
    .filter((pod): pod is Pod => pod !== undefined);
  const available = scheduled.filter((pod) => isAvailable(pod, set.spec?.minReadySeconds ?? 0, now)).length;
  return {
    ...set.status,
    desiredNumberScheduled: eligible.size,
    currentNumberScheduled: scheduled.length,
    numberMisscheduled: [...byNode].filter(([node, list]) => !eligible.has(node) && list.some(isActive)).length,
    numberReady: scheduled.filter(isReady).length,
    numberAvailable: available,
    numberUnavailable: eligible.size - available,
    updatedNumberScheduled: scheduled.filter((pod) => pod.metadata?.labels?.[daemonRevisionLabel] === hash).length,
    observedGeneration: set.metadata?.generation ?? 0,
  };
}

export const daemonSetController: ControllerDefinition = {
  name: 'daemonset',
  primary: 'DaemonSet',
  watches: ['Pod', 'Node'],
  keysFor(object, view) {
    // a node joined, left or changed: every DaemonSet may care
    if (object.kind === 'Node')
      return view.list('DaemonSet').map((set) => `${set.metadata?.namespace ?? ''}/${set.metadata?.name ?? ''}`);
    const owner = (object.metadata?.ownerReferences ?? []).find(
      (reference) => reference.controller === true && reference.kind === 'DaemonSet',
    );
    return owner === undefined ? [] : [`${object.metadata?.namespace ?? ''}/${owner.name ?? ''}`];
  },
  reconcile(key: string, { view, now, random }: ReconcileContext): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const set = view.get('DaemonSet', namespace, name);
    if (set === undefined) return noActions;
    const pods = view.ownedBy('Pod', set.metadata?.uid ?? '').filter((pod) => isControlledBy(pod, set));
    return reconcileDaemonSet(set, view.list('Node'), pods, now, random);
  },
};
