/**
 * The scheduler's read-only view of the cluster: nodes in name order, each with
 * what its pods already request, the host ports they hold and the pods
 * themselves, plus indexes the scores need (pods of one owner per node and per
 * zone). A snapshot is never changed: `withPlacements` derives a new one and
 * shares every node the placements do not touch.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from '../api/index.js';
import { podHostPorts, withHostPorts, type HostPort, type HostPortTable } from './host-ports.js';
import { nodeFacts, type NodeFacts } from './node-affinity.js';
import { labelIndexKey, requiredAntiAffinityTerms, type AffinityTerm, type PlacedPod } from './pod-affinity.js';
import {
  addResources,
  nodeAllocatable,
  podRequests,
  zeroResources,
  type PodRequests,
  type Resources,
} from './resources.js';
import { SchedulerError, assert } from './scheduler-error.js';
import { nodeTaints, type Taint } from './taints.js';
import { buildVolumeIndex, emptyVolumeIndex, type VolumeIndex } from './volumes.js';

export const zoneLabel = 'topology.kubernetes.io/zone';
export const hostnameLabel = 'kubernetes.io/hostname';
export const snapshotNodesMax = 50_000;
export const snapshotPodsMax = 2_000_000;

export interface PodInfo extends PlacedPod {
  readonly pod: Pod;
  /** `namespace/name`. */
  readonly key: string;
  readonly nodeIndex: number;
  readonly requests: PodRequests;
  readonly hostPorts: readonly HostPort[];
  /** Pods with the same key are spread apart: their controlling owner. */
  readonly spreadKey: string | undefined;
}

export interface NodeInfo {
  readonly index: number;
  readonly name: string;
  readonly node: Node;
  /** The node's labels, with kubernetes.io/hostname filled in from the name when unset. */
  readonly facts: NodeFacts;
  readonly zone: string | undefined;
  readonly ready: boolean;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly allocatable: Resources;
  readonly requested: Resources;
  readonly nonZeroRequested: Resources;
  readonly hostPorts: HostPortTable;
  readonly pods: readonly PodInfo[];
}

/** Pods of one spread key: how many on each node (by index) and in each zone. */
export interface SpreadCounts {
  readonly byNode: ReadonlyMap<number, number>;
  readonly byZone: ReadonlyMap<string, number>;
}

export interface ClusterSnapshot {
  readonly nodes: readonly NodeInfo[];
  readonly nodeIndexByName: ReadonlyMap<string, number>;
  readonly pods: readonly PodInfo[];
  /** The placed pods that carry required anti-affinity (usually few; each incoming pod checks them). */
  readonly podsWithAntiAffinity: readonly PodInfo[];
  /** Placed pods by label (`labelIndexKey(key, value)`), to find the pods an affinity term can match. */
  readonly podsByLabel: ReadonlyMap<string, readonly PodInfo[]>;
  /** `namespace/name` of every pod bound to a node, known or not. */
  readonly boundPodKeys: ReadonlySet<string>;
  readonly nodesByZone: ReadonlyMap<string, readonly number[]>;
  readonly spread: ReadonlyMap<string, SpreadCounts>;
  /** Claims and the volumes they are bound to (volumes.ts). */
  readonly volumes: VolumeIndex;
}

export interface SnapshotInput {
  readonly nodes: readonly Node[];
  /** All pods; the pending ones (no nodeName) and finished ones are left out. */
  readonly pods: readonly Pod[];
  /** PersistentVolumeClaims and PersistentVolumes, for the pods that mount claims (none: no pod may mount one). */
  readonly claims?: readonly PersistentVolumeClaim[];
  readonly volumes?: readonly PersistentVolume[];
}

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export function spreadKeyOf(pod: Pod): string | undefined {
  const owners = pod.metadata?.ownerReferences ?? [];
  const owner = owners.find((reference) => reference.controller === true) ?? owners[0];
  if (owner === undefined) return undefined;
  return `${pod.metadata?.namespace ?? 'default'}/${owner.kind ?? ''}/${owner.uid !== undefined && owner.uid !== '' ? owner.uid : (owner.name ?? '')}`;
}

function isReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

function emptyNodeInfo(node: Node, index: number): NodeInfo {
  const name = node.metadata?.name ?? '';
  const facts = nodeFacts(node);
  const labels = Object.hasOwn(facts.labels, hostnameLabel) ? facts.labels : { ...facts.labels, [hostnameLabel]: name };
  return {
    index,
    name,
    node,
    facts: { name, labels },
    zone: labels[zoneLabel],
    ready: isReady(node),
    unschedulable: node.spec?.unschedulable === true,
    taints: nodeTaints(node),
    allocatable: nodeAllocatable(node),
    requested: zeroResources,
    nonZeroRequested: zeroResources,
    hostPorts: new Map(),
    pods: [],
  };
}

/** A placed pod's facts. A stored pod with an unreadable request (validation makes that rare) still takes its pod slot. */
export function placedPodInfo(pod: Pod, node: NodeInfo, requests?: PodRequests): PodInfo {
  let effective = requests;
  if (effective === undefined) {
    try {
      effective = podRequests(pod);
    } catch (error: unknown) {
      if (!(error instanceof SchedulerError)) throw error;
      const slotOnly = { ...zeroResources, pods: 1 };
      effective = { requested: slotOnly, nonZero: slotOnly };
    }
  }
  return {
    pod,
    key: podKey(pod),
    namespace: pod.metadata?.namespace ?? 'default',
    labels: pod.metadata?.labels ?? {},
    nodeLabels: node.facts.labels,
    nodeIndex: node.index,
    requests: effective,
    hostPorts: podHostPorts(pod),
    spreadKey: spreadKeyOf(pod),
    requiredAntiAffinity: safeAntiAffinity(pod),
  };
}

function safeAntiAffinity(pod: Pod): readonly AffinityTerm[] {
  try {
    return requiredAntiAffinityTerms(pod);
  } catch (error: unknown) {
    if (error instanceof SchedulerError) return [];
    throw error;
  }
}

function nodeWithPods(base: NodeInfo, added: readonly PodInfo[]): NodeInfo {
  let requested = base.requested;
  let nonZeroRequested = base.nonZeroRequested;
  const ports: HostPort[] = [];
  for (const info of added) {
    requested = addResources(requested, info.requests.requested);
    nonZeroRequested = addResources(nonZeroRequested, info.requests.nonZero);
    ports.push(...info.hostPorts);
  }
  const hostPorts = ports.length === 0 ? base.hostPorts : withHostPorts(base.hostPorts, ports);
  return { ...base, requested, nonZeroRequested, hostPorts, pods: [...base.pods, ...added] };
}

function spreadWith(
  base: ReadonlyMap<string, SpreadCounts>,
  added: readonly PodInfo[],
  nodes: readonly NodeInfo[],
): ReadonlyMap<string, SpreadCounts> {
  const next = new Map(base);
  const copied = new Set<string>();
  for (const info of added) {
    if (info.spreadKey === undefined) continue;
    let counts = next.get(info.spreadKey);
    if (counts === undefined || !copied.has(info.spreadKey)) {
      counts = { byNode: new Map(counts?.byNode ?? []), byZone: new Map(counts?.byZone ?? []) };
      next.set(info.spreadKey, counts);
      copied.add(info.spreadKey);
    }
    const byNode = counts.byNode as Map<number, number>;
    byNode.set(info.nodeIndex, (byNode.get(info.nodeIndex) ?? 0) + 1);
    const zone = nodes[info.nodeIndex]?.zone;
    if (zone !== undefined) {
      const byZone = counts.byZone as Map<string, number>;
      byZone.set(zone, (byZone.get(zone) ?? 0) + 1);
    }
  }
  return next;
}

function podsByLabelWith(
  base: ReadonlyMap<string, readonly PodInfo[]>,
  added: readonly PodInfo[],
): ReadonlyMap<string, readonly PodInfo[]> {
  const grouped = new Map<string, PodInfo[]>();
  for (const info of added) {
    for (const [key, value] of Object.entries(info.labels)) {
      const indexKey = labelIndexKey(key, value);
      const list = grouped.get(indexKey);
      if (list === undefined) grouped.set(indexKey, [info]);
      else list.push(info);
    }
  }
  if (grouped.size === 0) return base;
  const next = new Map(base);
  for (const [indexKey, list] of grouped) next.set(indexKey, [...(base.get(indexKey) ?? []), ...list]);
  return next;
}

/** The snapshot with `added` pods (already bound to nodes of the snapshot) taken into account. */
function assemble(
  base: ClusterSnapshot,
  added: readonly PodInfo[],
  extraBoundKeys: readonly string[],
): ClusterSnapshot {
  const perNode = new Map<number, PodInfo[]>();
  for (const info of added) {
    const list = perNode.get(info.nodeIndex);
    if (list === undefined) perNode.set(info.nodeIndex, [info]);
    else list.push(info);
  }
  const nodes = base.nodes.map((node) => {
    const list = perNode.get(node.index);
    return list === undefined ? node : nodeWithPods(node, list);
  });
  const boundPodKeys = new Set(base.boundPodKeys);
  for (const info of added) boundPodKeys.add(info.key);
  for (const key of extraBoundKeys) boundPodKeys.add(key);
  return {
    nodes,
    nodeIndexByName: base.nodeIndexByName,
    pods: [...base.pods, ...added],
    podsWithAntiAffinity: [
      ...base.podsWithAntiAffinity,
      ...added.filter((info) => info.requiredAntiAffinity.length > 0),
    ],
    podsByLabel: podsByLabelWith(base.podsByLabel, added),
    boundPodKeys,
    nodesByZone: base.nodesByZone,
    spread: spreadWith(base.spread, added, nodes),
    volumes: base.volumes,
  };
}

function emptySnapshot(nodes: readonly Node[], volumes: VolumeIndex): ClusterSnapshot {
  const sorted = [...nodes].sort((left, right) => compareNames(left.metadata?.name ?? '', right.metadata?.name ?? ''));
  const infos = sorted.map((node, index) => emptyNodeInfo(node, index));
  const nodeIndexByName = new Map<string, number>();
  const nodesByZone = new Map<string, number[]>();
  for (const info of infos) {
    if (info.name === '')
      throw new SchedulerError('invalid-argument', `nodes[${info.index}].metadata.name: must be set`);
    if (nodeIndexByName.has(info.name))
      throw new SchedulerError('invalid-argument', `nodes: duplicate node name "${info.name}"`);
    nodeIndexByName.set(info.name, info.index);
    if (info.zone !== undefined) nodesByZone.set(info.zone, [...(nodesByZone.get(info.zone) ?? []), info.index]);
  }
  return {
    nodes: infos,
    nodeIndexByName,
    pods: [],
    podsWithAntiAffinity: [],
    podsByLabel: new Map(),
    boundPodKeys: new Set(),
    nodesByZone,
    spread: new Map(),
    volumes,
  };
}

function compareNames(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function holdsResources(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export function buildSnapshot(input: SnapshotInput): ClusterSnapshot {
  if (input.nodes.length > snapshotNodesMax)
    throw new SchedulerError(
      'resource-exhausted',
      `nodes: at most ${snapshotNodesMax} nodes, got ${input.nodes.length}`,
    );
  if (input.pods.length > snapshotPodsMax)
    throw new SchedulerError('resource-exhausted', `pods: at most ${snapshotPodsMax} pods, got ${input.pods.length}`);
  const volumes =
    input.claims === undefined && input.volumes === undefined
      ? emptyVolumeIndex
      : buildVolumeIndex(input.claims ?? [], input.volumes ?? []);
  const empty = emptySnapshot(input.nodes, volumes);
  const placed: PodInfo[] = [];
  const boundElsewhere: string[] = [];
  for (const pod of input.pods) {
    const nodeName = pod.spec?.nodeName ?? '';
    if (nodeName === '') continue;
    const index = empty.nodeIndexByName.get(nodeName);
    const node = index === undefined ? undefined : empty.nodes[index];
    if (node === undefined) boundElsewhere.push(podKey(pod));
    else if (holdsResources(pod)) placed.push(placedPodInfo(pod, node));
    else boundElsewhere.push(podKey(pod));
  }
  return assemble(empty, placed, boundElsewhere);
}

export interface Placement {
  readonly pod: Pod;
  readonly nodeName: string;
  /** Local volumes of the pod's claims that this placement ties to its node (written with the binding). */
  readonly volumePins?: readonly PersistentVolume[];
}

/** The pod as it reads once bound: spec.nodeName set. */
export function boundPod(placement: Placement): Pod {
  return { ...placement.pod, spec: { ...placement.pod.spec, nodeName: placement.nodeName } };
}

/**
 * A new snapshot in which the placements are bound (the input is unchanged).
 * Placements must name nodes of the snapshot: verify them first.
 */
export function withPlacements(snapshot: ClusterSnapshot, placements: readonly Placement[]): ClusterSnapshot {
  const added = placements.map((placement) => {
    const index = snapshot.nodeIndexByName.get(placement.nodeName);
    const node = index === undefined ? undefined : snapshot.nodes[index];
    assert(node !== undefined, `placement of ${podKey(placement.pod)} names unknown node "${placement.nodeName}"`);
    return placedPodInfo(boundPod(placement), node);
  });
  return assemble(snapshot, added, []);
}
