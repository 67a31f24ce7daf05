/**
 * The filters and scores that depend only on the pod's spec and the node
 * (readiness, cordon, taints, nodeSelector, node affinity), computed once per
 * distinct pod shape and reused for every pod of that shape in a call: the 256
 * replicas of one Deployment in a batch filter the nodes once, not 256 times.
 */
import type { Pod } from '../api/index.js';
import { matchesNodeSelectorAndAffinity, preferredNodeAffinityWeight } from './node-affinity.js';
import { reason, untoleratedTaintReason } from './reasons.js';
import type { ClusterSnapshot, NodeInfo } from './snapshot.js';
import {
  firstUntoleratedTaint,
  notReadyTaint,
  podTolerations,
  toleratesTaint,
  unschedulableTaint,
  untoleratedPreferNoScheduleCount,
  type Toleration,
} from './taints.js';

export interface PodShape {
  /** Indexes of the nodes that pass every static filter, in name order. */
  readonly feasible: Int32Array;
  /** Reason → count of nodes refused by a static filter. */
  readonly staticReasons: ReadonlyMap<string, number>;
  /** Per node index: summed weight of matched preferred node-affinity terms. */
  readonly affinityWeight: Float64Array;
  /** Per node index: untolerated PreferNoSchedule taints. */
  readonly preferNoScheduleCount: Float64Array;
}

/** Pods with the same signature have the same static filter and score results. */
export function shapeSignature(pod: Pod): string {
  const spec = pod.spec;
  return JSON.stringify([spec?.nodeSelector ?? null, spec?.affinity?.nodeAffinity ?? null, spec?.tolerations ?? null]);
}

function staticFailure(pod: Pod, tolerations: readonly Toleration[], node: NodeInfo): string | undefined {
  if (!node.ready && !toleratesTaint(tolerations, notReadyTaint)) return reason.notReady;
  if (node.unschedulable && !toleratesTaint(tolerations, unschedulableTaint)) return reason.unschedulable;
  const taint = firstUntoleratedTaint(node.taints, tolerations);
  if (taint !== undefined) return untoleratedTaintReason(taint);
  if (!matchesNodeSelectorAndAffinity(pod, node.facts)) return reason.nodeAffinity;
  return undefined;
}

export function computeShape(snapshot: ClusterSnapshot, pod: Pod): PodShape {
  const count = snapshot.nodes.length;
  const tolerations = podTolerations(pod);
  const feasible: number[] = [];
  const staticReasons = new Map<string, number>();
  const affinityWeight = new Float64Array(count);
  const preferNoScheduleCount = new Float64Array(count);
  const hasPreferred =
    (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length > 0;
  for (const node of snapshot.nodes) {
    const failure = staticFailure(pod, tolerations, node);
    if (failure !== undefined) {
      staticReasons.set(failure, (staticReasons.get(failure) ?? 0) + 1);
      continue;
    }
    feasible.push(node.index);
    if (hasPreferred) affinityWeight[node.index] = preferredNodeAffinityWeight(pod, node.facts);
    if (node.taints.length > 0)
      preferNoScheduleCount[node.index] = untoleratedPreferNoScheduleCount(node.taints, tolerations);
  }
  return { feasible: Int32Array.from(feasible), staticReasons, affinityWeight, preferNoScheduleCount };
}

/** A bounded memo of shapes for one call; when full it starts over rather than grow. */
export class ShapeCache {
  private readonly shapes = new Map<string, PodShape>();

  constructor(
    private readonly snapshot: ClusterSnapshot,
    private readonly shapesMax: number,
  ) {}

  shapeOf(pod: Pod): PodShape {
    const signature = shapeSignature(pod);
    const known = this.shapes.get(signature);
    if (known !== undefined) return known;
    if (this.shapes.size >= this.shapesMax) this.shapes.clear();
    const shape = computeShape(this.snapshot, pod);
    this.shapes.set(signature, shape);
    return shape;
  }
}
