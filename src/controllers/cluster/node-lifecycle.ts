/**
 * Node lifecycle. Pure core: a node whose Lease (namespace kube-node-lease,
 * name = node name) has not been seen renewed for `nodeGraceMs` turns
 * Ready=Unknown and gets the `node.kubernetes.io/unreachable` NoExecute taint;
 * pods on it are evicted (deleted) once their toleration of that taint runs
 * out (`evictionMs` for a pod without one), so their controllers replace them
 * elsewhere; a renewed Lease removes the taint and marks the node Ready again.
 * "Seen renewed" is this leader's observation of renewTime changing, as in
 * Kubernetes, so workers' clocks do not matter and a new leader gives every
 * node one full grace period before judging it.
 */
import type { Condition, Lease, Node, Pod } from '../../api/index.js';
import { noActions, type Action } from '../runtime/actions.js';
import type { CacheIndex } from '../runtime/cluster-view.js';
import type { ControllerDefinition } from '../runtime/run-controller.js';
import { tolerationMs } from './tolerations.js';

export const leaseNamespace = 'kube-node-lease';
export const unreachableTaintKey = 'node.kubernetes.io/unreachable';

export interface LeaseObservation {
  readonly renewTime: string;
  /** When this leader saw that renewTime first (ms). */
  readonly observedAt: number;
}

export interface NodeLifecycleInput {
  readonly nodes: readonly Node[];
  /** Leases of kube-node-lease by name. */
  readonly leases: ReadonlyMap<string, Lease>;
  readonly pods: readonly Pod[];
  readonly observations: ReadonlyMap<string, LeaseObservation>;
  readonly now: number;
  readonly nodeGraceMs: number;
  readonly evictionMs: number;
}

export interface NodeLifecycleDecision {
  /** Node name → what this leader has seen of its Lease (replaces the input's). */
  readonly observations: Map<string, LeaseObservation>;
  readonly unreachable: Node[];
  readonly recovered: Node[];
  readonly evictions: Pod[];
  /** The next moment a decision may change by time alone (ms), if any. */
  readonly nextCheckAt: number | undefined;
}

function nodeName(node: Node): string {
  return node.metadata?.name ?? '';
}

export function hasUnreachableTaint(node: Node): boolean {
  return (node.spec?.taints ?? []).some((taint) => taint.key === unreachableTaintKey && taint.effect === 'NoExecute');
}

function readyStatus(node: Node): string | undefined {
  return node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status;
}

function observe(input: NodeLifecycleInput): Map<string, LeaseObservation> {
  const observations = new Map<string, LeaseObservation>();
  for (const node of input.nodes) {
    const name = nodeName(node);
    const renewTime = input.leases.get(name)?.spec?.renewTime ?? '';
    const previous = input.observations.get(name);
    observations.set(
      name,
      previous !== undefined && previous.renewTime === renewTime ? previous : { renewTime, observedAt: input.now },
    );
  }
  return observations;
}

function isDaemonPod(pod: Pod): boolean {
  return (pod.metadata?.ownerReferences ?? []).some((owner) => owner.kind === 'DaemonSet' && owner.controller === true);
}

function evictionsOn(
  node: Node,
  pods: readonly Pod[],
  input: NodeLifecycleInput,
): { evict: Pod[]; nextAt: number | undefined } {
  const taint = (node.spec?.taints ?? []).find(
    (item) => item.key === unreachableTaintKey && item.effect === 'NoExecute',
  );
  const added = Date.parse(taint?.timeAdded ?? '');
  const since = Number.isFinite(added) ? added : input.now;
  const evict: Pod[] = [];
  let nextAt: number | undefined;
  for (const pod of pods) {
    // DaemonSet pods belong to their node: they stay, as Kubernetes' DaemonSet tolerations make them.
    if (isDaemonPod(pod) || (pod.metadata?.deletionTimestamp ?? '') !== '') continue;
    const tolerated = tolerationMs(
      pod.spec?.tolerations ?? [],
      { key: unreachableTaintKey, effect: 'NoExecute' },
      input.evictionMs,
    );
    if (tolerated === Infinity) continue;
    const at = since + tolerated;
    if (input.now >= at) evict.push(pod);
    else nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
  }
  return { evict, nextAt };
}

function isStale(node: Node, observations: ReadonlyMap<string, LeaseObservation>, input: NodeLifecycleInput): boolean {
  return input.now >= (observations.get(nodeName(node))?.observedAt ?? input.now) + input.nodeGraceMs;
}

export function decideNodeLifecycle(input: NodeLifecycleInput): NodeLifecycleDecision {
  const observations = observe(input);
  const staleNodes = new Set(input.nodes.filter((node) => isStale(node, observations, input)).map(nodeName));
  const podsByNode = new Map<string, Pod[]>();
  for (const pod of staleNodes.size === 0 ? [] : input.pods) {
    const name = pod.spec?.nodeName ?? '';
    if (!staleNodes.has(name)) continue;
    const list = podsByNode.get(name);
    if (list === undefined) podsByNode.set(name, [pod]);
    else list.push(pod);
  }
  const decision: NodeLifecycleDecision = {
    observations,
    unreachable: [],
    recovered: [],
    evictions: [],
    nextCheckAt: undefined,
  };
  let nextCheckAt: number | undefined;
  const later = (at: number | undefined): void => {
    if (at !== undefined) nextCheckAt = nextCheckAt === undefined ? at : Math.min(nextCheckAt, at);
  };
  for (const node of input.nodes) {
    const observed = observations.get(nodeName(node));
    const staleAt = (observed?.observedAt ?? input.now) + input.nodeGraceMs;
    const tainted = hasUnreachableTaint(node);
    if (input.now >= staleAt) {
      if (!tainted || readyStatus(node) !== 'Unknown') decision.unreachable.push(node);
      const { evict, nextAt } = evictionsOn(node, podsByNode.get(nodeName(node)) ?? [], input);
      decision.evictions.push(...evict);
      later(nextAt);
    } else {
      if (tainted) decision.recovered.push(node);
      later(staleAt);
    }
  }
  return { ...decision, nextCheckAt };
}

function withReady(node: Node, condition: Condition): Node {
  const others = (node.status?.conditions ?? []).filter((item) => item.type !== 'Ready');
  return { ...node, status: { ...node.status, conditions: [...others, condition] } };
}

/** The node tainted unreachable and Ready=Unknown. */
export function unreachableNode(node: Node, now: string): Node {
  const taints = (node.spec?.taints ?? []).filter((taint) => taint.key !== unreachableTaintKey);
  const tainted: Node = {
    ...node,
    spec: {
      ...node.spec,
      taints: [...taints, { key: unreachableTaintKey, value: '', effect: 'NoExecute', timeAdded: now }],
    },
  };
  return withReady(tainted, {
    type: 'Ready',
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: 'Worker stopped renewing its lease.',
    lastTransitionTime: now,
    lastHeartbeatTime: now,
  });
}

/** The node with the unreachable taint gone and Ready=True again. */
export function recoveredNode(node: Node, now: string): Node {
  const taints = (node.spec?.taints ?? []).filter((taint) => taint.key !== unreachableTaintKey);
  return withReady(
    { ...node, spec: { ...node.spec, taints } },
    {
      type: 'Ready',
      status: 'True',
      reason: 'LeaseRenewed',
      message: 'Worker renews its lease again.',
      lastTransitionTime: now,
      lastHeartbeatTime: now,
    },
  );
}

export interface NodeLifecycleSettings {
  readonly nodeGraceMs: number;
  readonly evictionMs: number;
}

/** Pods by spec.nodeName: "the pods on this node" without a scan. */
export const podsByNode: CacheIndex = {
  kind: 'Pod',
  name: 'nodeName',
  values: (pod) => {
    const nodeName = (pod as Pod).spec?.nodeName ?? '';
    return nodeName === '' ? [] : [nodeName];
  },
};

/** Spec (taint) and status (Ready) in one transaction, compare-and-swapped on the node read. */
function writeNode(node: Node): Action {
  const { resourceVersion: _changedByUpdate, ...metadata } = node.metadata ?? {};
  return { type: 'transact', operations: [{ update: node }, { updateStatus: { ...node, metadata } }] };
}

/** No grace: the worker that would stop the containers is unreachable, and the replacement must not wait on it. */
function eviction(pod: Pod): Action {
  return {
    type: 'delete',
    kind: 'Pod',
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid,
    gracePeriodSeconds: 0,
  };
}

const evictionsInFlightMax = 32;

/**
 * Keys are Node names; a Lease change queues its Node. Pods are read (indexed
 * by node) but their changes queue nothing: they only matter on a stale node,
 * and evictions are timed by the requeue. What this leader has seen of each
 * Lease lives in the definition (a new leader starts from nothing, and gives
 * every node one full grace period).
 */
export function nodeLifecycleController(settings: NodeLifecycleSettings): ControllerDefinition {
  const observations = new Map<string, LeaseObservation>();
  return {
    name: 'node-lifecycle',
    primary: 'Node',
    watches: ['Lease'],
    reads: ['Pod'],
    namespaces: { Lease: leaseNamespace },
    indexes: [podsByNode],
    workers: 4,
    keysFor: (object) => (object.kind === 'Lease' ? [object.metadata?.name ?? ''] : []),
    reconcile(key, { view, now }) {
      const node = view.get('Node', '', key);
      if (node === undefined) {
        observations.delete(key);
        return noActions;
      }
      const lease = view.get('Lease', leaseNamespace, key);
      const previous = observations.get(key);
      const decision = decideNodeLifecycle({
        nodes: [node],
        leases: new Map(lease === undefined ? [] : [[key, lease]]),
        pods: view.byIndex('Pod', podsByNode.name, key),
        observations: new Map(previous === undefined ? [] : [[key, previous]]),
        now,
        nodeGraceMs: settings.nodeGraceMs,
        evictionMs: settings.evictionMs,
      });
      const observed = decision.observations.get(key);
      if (observed !== undefined) observations.set(key, observed);
      const stamp = new Date(now).toISOString();
      const actions: Action[] = [
        ...decision.unreachable.map((item) => writeNode(unreachableNode(item, stamp))),
        ...decision.recovered.map((item) => writeNode(recoveredNode(item, stamp))),
        ...decision.evictions.map(eviction),
      ];
      return {
        actions,
        deletesInFlightMax: evictionsInFlightMax,
        ...(decision.nextCheckAt === undefined ? {} : { requeueAfterMs: Math.max(1, decision.nextCheckAt - now) }),
      };
    },
  };
}
