/**
 * What one scheduling call has decided so far, layered over the read-only
 * snapshot: resources, host ports and owner counts of the pods placed earlier in
 * the same batch, so that two pods that each fit but not together never land on
 * the same node. Flat typed arrays indexed by node keep the per-node checks cheap.
 */
import { AffinityIndex } from './affinity-index.js';
import { hostPortsConflict, withHostPorts, type HostPort, type HostPortTable } from './host-ports.js';
import { reason } from './reasons.js';
import type { Resources } from './resources.js';
import { placedPodInfo, type ClusterSnapshot, type PodInfo } from './snapshot.js';
import type { Pod } from '../api/index.js';
import type { PodRequests } from './resources.js';

/** Pods of one spread key per node index and per zone index, dense so scoring reads arrays, not maps. */
export interface DenseSpread {
  readonly byNode: Float64Array;
  readonly byZone: Float64Array;
}

const tooManyPods = [reason.tooManyPods] as const;

export class BatchState {
  readonly requestedCpu: Float64Array;
  readonly requestedMemory: Float64Array;
  readonly requestedPods: Float64Array;
  readonly nonZeroCpu: Float64Array;
  readonly nonZeroMemory: Float64Array;
  readonly allocatableCpu: Float64Array;
  readonly allocatableMemory: Float64Array;
  readonly allocatablePods: Float64Array;
  private readonly extraPorts = new Map<number, HostPortTable>();
  /** Zone index per node index, -1 for a node without a zone. */
  readonly zoneOfNode: Int32Array;
  private readonly zoneIndex = new Map<string, number>();
  private readonly spread = new Map<string, DenseSpread>();
  private affinity: AffinityIndex | undefined;
  private readonly placed: PodInfo[] = [];
  private placedWithAntiAffinity = 0;
  private readonly boundKeys = new Set<string>();

  constructor(readonly snapshot: ClusterSnapshot) {
    const count = snapshot.nodes.length;
    this.requestedCpu = new Float64Array(count);
    this.requestedMemory = new Float64Array(count);
    this.requestedPods = new Float64Array(count);
    this.nonZeroCpu = new Float64Array(count);
    this.nonZeroMemory = new Float64Array(count);
    this.allocatableCpu = new Float64Array(count);
    this.allocatableMemory = new Float64Array(count);
    this.allocatablePods = new Float64Array(count);
    this.zoneOfNode = new Int32Array(count).fill(-1);
    for (const node of snapshot.nodes) {
      if (node.zone !== undefined) {
        if (!this.zoneIndex.has(node.zone)) this.zoneIndex.set(node.zone, this.zoneIndex.size);
        this.zoneOfNode[node.index] = this.zoneIndex.get(node.zone) ?? -1;
      }
      const index = node.index;
      this.requestedCpu[index] = node.requested.cpuMilli;
      this.requestedMemory[index] = node.requested.memoryBytes;
      this.requestedPods[index] = node.requested.pods;
      this.nonZeroCpu[index] = node.nonZeroRequested.cpuMilli;
      this.nonZeroMemory[index] = node.nonZeroRequested.memoryBytes;
      this.allocatableCpu[index] = node.allocatable.cpuMilli;
      this.allocatableMemory[index] = node.allocatable.memoryBytes;
      this.allocatablePods[index] = node.allocatable.pods;
    }
  }

  /** Built on first use: a call whose pods have no affinity and whose cluster has no anti-affinity never pays for it. */
  affinityIndex(): AffinityIndex {
    this.affinity ??= new AffinityIndex(this.snapshot, this.placed);
    return this.affinity;
  }

  /** Whether some placed pod, in the snapshot or earlier in this call, has required anti-affinity. */
  anyAntiAffinity(): boolean {
    return this.snapshot.podsWithAntiAffinity.length > 0 || this.placedWithAntiAffinity > 0;
  }

  isBound(key: string): boolean {
    return this.boundKeys.has(key) || this.snapshot.boundPodKeys.has(key);
  }

  /** Kubernetes' NodeResourcesFit: every reason the pod does not fit, or undefined when it does. */
  resourceFailures(index: number, request: Resources): readonly string[] | undefined {
    const podsFull = (this.requestedPods[index] ?? 0) + request.pods > (this.allocatablePods[index] ?? 0);
    const cpuShort =
      request.cpuMilli > 0 && (this.requestedCpu[index] ?? 0) + request.cpuMilli > (this.allocatableCpu[index] ?? 0);
    const memoryShort =
      request.memoryBytes > 0 &&
      (this.requestedMemory[index] ?? 0) + request.memoryBytes > (this.allocatableMemory[index] ?? 0);
    if (!podsFull && !cpuShort && !memoryShort) return undefined;
    if (podsFull && !cpuShort && !memoryShort) return tooManyPods;
    const failures: string[] = [];
    if (podsFull) failures.push(reason.tooManyPods);
    if (cpuShort) failures.push(reason.insufficientCpu);
    if (memoryShort) failures.push(reason.insufficientMemory);
    return failures;
  }

  hostPortsConflict(index: number, wanted: readonly HostPort[]): boolean {
    if (wanted.length === 0) return false;
    return hostPortsConflict(wanted, [this.snapshot.nodes[index]?.hostPorts, this.extraPorts.get(index)]);
  }

  /**
   * The counts of one spread key, made dense on first use in this call (one
   * pass over the snapshot's sparse counts) and kept current by `place`.
   */
  spreadCounts(key: string): DenseSpread | undefined {
    const known = this.spread.get(key);
    if (known !== undefined) return known;
    const base = this.snapshot.spread.get(key);
    if (base === undefined) return undefined;
    return this.denseSpread(key);
  }

  private denseSpread(key: string): DenseSpread {
    const known = this.spread.get(key);
    if (known !== undefined) return known;
    const dense: DenseSpread = {
      byNode: new Float64Array(this.snapshot.nodes.length),
      byZone: new Float64Array(this.zoneIndex.size),
    };
    const base = this.snapshot.spread.get(key);
    for (const [index, count] of base?.byNode ?? []) dense.byNode[index] = count;
    for (const [zone, count] of base?.byZone ?? []) {
      const zoneIndex = this.zoneIndex.get(zone);
      if (zoneIndex !== undefined) dense.byZone[zoneIndex] = count;
    }
    this.spread.set(key, dense);
    return dense;
  }

  /** Take the pod onto the node for the rest of the call; returns its placed form. */
  place(pod: Pod, index: number, requests: PodRequests): PodInfo {
    const node = this.snapshot.nodes[index];
    if (node === undefined) throw new Error(`scheduler invariant violated: node index ${index} out of range`);
    const info = placedPodInfo({ ...pod, spec: { ...pod.spec, nodeName: node.name } }, node, requests);
    this.requestedCpu[index] = (this.requestedCpu[index] ?? 0) + requests.requested.cpuMilli;
    this.requestedMemory[index] = (this.requestedMemory[index] ?? 0) + requests.requested.memoryBytes;
    this.requestedPods[index] = (this.requestedPods[index] ?? 0) + requests.requested.pods;
    this.nonZeroCpu[index] = (this.nonZeroCpu[index] ?? 0) + requests.nonZero.cpuMilli;
    this.nonZeroMemory[index] = (this.nonZeroMemory[index] ?? 0) + requests.nonZero.memoryBytes;
    if (info.hostPorts.length > 0)
      this.extraPorts.set(index, withHostPorts(this.extraPorts.get(index), info.hostPorts));
    if (info.spreadKey !== undefined) this.countSpread(info.spreadKey, index);
    this.placed.push(info);
    if (info.requiredAntiAffinity.length > 0) this.placedWithAntiAffinity += 1;
    this.affinity?.onPlaced(info);
    this.boundKeys.add(info.key);
    return info;
  }

  private countSpread(key: string, index: number): void {
    const dense = this.denseSpread(key);
    dense.byNode[index] = (dense.byNode[index] ?? 0) + 1;
    const zone = this.zoneOfNode[index] ?? -1;
    if (zone >= 0) dense.byZone[zone] = (dense.byZone[zone] ?? 0) + 1;
  }
}
