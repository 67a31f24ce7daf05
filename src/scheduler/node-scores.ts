/**
 * Scoring of the nodes that passed every filter, as Kubernetes' default plugins
 * do it: each score is 0–100 (normalised over the feasible nodes where the
 * plugin normalises), weighted and summed; the highest total wins and ties are
 * broken by the injected random source or else by node name.
 */
import type { ScoreWeights } from './options.js';
import type { PodShape } from './pod-shape.js';
import type { RandomSource } from './random.js';
import type { Resources } from './resources.js';
import type { BatchState, DenseSpread } from './batch-state.js';

export interface ScoringInput {
  readonly state: BatchState;
  readonly shape: PodShape;
  readonly nonZeroRequest: Resources;
  readonly spreadKey: string | undefined;
  readonly weights: ScoreWeights;
  readonly random: RandomSource | undefined;
}

/** Kubernetes weighs the zone two thirds and the node one third when nodes have zones. */
const zoneWeighting = 2 / 3;

interface Maxima {
  affinityWeight: number;
  preferNoSchedule: number;
  nodeSpread: number;
  zoneSpread: number;
}

function maxima(input: ScoringInput, spread: DenseSpread | undefined, feasible: Int32Array, count: number): Maxima {
  const { shape, state } = input;
  const result: Maxima = { affinityWeight: 0, preferNoSchedule: 0, nodeSpread: 0, zoneSpread: 0 };
  for (let position = 0; position < count; position += 1) {
    const index = feasible[position] ?? 0;
    result.affinityWeight = Math.max(result.affinityWeight, shape.affinityWeight[index] ?? 0);
    result.preferNoSchedule = Math.max(result.preferNoSchedule, shape.preferNoScheduleCount[index] ?? 0);
    if (spread === undefined) continue;
    result.nodeSpread = Math.max(result.nodeSpread, spread.byNode[index] ?? 0);
    const zone = state.zoneOfNode[index] ?? -1;
    if (zone >= 0) result.zoneSpread = Math.max(result.zoneSpread, spread.byZone[zone] ?? 0);
  }
  return result;
}

/** Share of a resource left after the pod, 0–100; a node without the resource scores 0. */
function leftShare(allocatable: number, requested: number): number {
  if (allocatable <= 0 || requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * 100) / allocatable);
}

function leastAllocatedScore(input: ScoringInput, index: number): number {
  const { state, nonZeroRequest } = input;
  const cpu = leftShare(state.allocatableCpu[index] ?? 0, (state.nonZeroCpu[index] ?? 0) + nonZeroRequest.cpuMilli);
  const memory = leftShare(
    state.allocatableMemory[index] ?? 0,
    (state.nonZeroMemory[index] ?? 0) + nonZeroRequest.memoryBytes,
  );
  return Math.floor((cpu + memory) / 2);
}

function spreadScore(input: ScoringInput, spread: DenseSpread | undefined, top: Maxima, index: number): number {
  if (spread === undefined) return 100;
  const nodeCount = spread.byNode[index] ?? 0;
  const nodeScore = top.nodeSpread > 0 ? (100 * (top.nodeSpread - nodeCount)) / top.nodeSpread : 100;
  const zone = input.state.zoneOfNode[index] ?? -1;
  if (zone < 0) return nodeScore;
  const zoneCount = spread.byZone[zone] ?? 0;
  const zoneScore = top.zoneSpread > 0 ? (100 * (top.zoneSpread - zoneCount)) / top.zoneSpread : 100;
  return nodeScore * (1 - zoneWeighting) + zoneScore * zoneWeighting;
}

function nodeScore(input: ScoringInput, spread: DenseSpread | undefined, top: Maxima, index: number): number {
  const { weights, shape } = input;
  const affinity =
    top.affinityWeight > 0 ? Math.floor((100 * (shape.affinityWeight[index] ?? 0)) / top.affinityWeight) : 0;
  const taint =
    top.preferNoSchedule > 0
      ? 100 - Math.floor((100 * (shape.preferNoScheduleCount[index] ?? 0)) / top.preferNoSchedule)
      : 100;
  return (
    weights.leastAllocated * leastAllocatedScore(input, index) +
    weights.spread * spreadScore(input, spread, top, index) +
    weights.nodeAffinity * affinity +
    weights.taintToleration * taint
  );
}

/** The best of the first `count` feasible node indexes (which are in name order). */
export function selectNode(input: ScoringInput, feasible: Int32Array, count: number): number {
  const spread = input.spreadKey === undefined ? undefined : input.state.spreadCounts(input.spreadKey);
  const top = maxima(input, spread, feasible, count);
  let best = -1;
  let bestScore = -Infinity;
  let ties = 0;
  for (let position = 0; position < count; position += 1) {
    const index = feasible[position] ?? 0;
    const score = nodeScore(input, spread, top, index);
    if (score > bestScore) {
      best = index;
      bestScore = score;
      ties = 1;
    } else if (score === bestScore && input.random !== undefined) {
      // Reservoir sampling: each of the tied nodes ends up chosen with equal chance.
      ties += 1;
      if (input.random() * ties < 1) best = index;
    }
  }
  return best;
}
