/** The scheduler's one default config and its validator (STYLE rule 4), run at every entry point. */
import type { RandomSource } from './random.js';
import { SchedulerError } from './scheduler-error.js';

/** How much each score counts; Kubernetes' default plugin weights. */
export interface ScoreWeights {
  /** Prefer nodes with the most CPU and memory left. */
  readonly leastAllocated: number;
  /** Prefer nodes and zones with the fewest pods of the same owner. */
  readonly spread: number;
  /** Prefer nodes matching more preferred node-affinity weight. */
  readonly nodeAffinity: number;
  /** Prefer nodes with fewer untolerated PreferNoSchedule taints. */
  readonly taintToleration: number;
}

export interface SchedulerOptions {
  /** Picks among equally scored nodes; without one the first by node name wins. */
  readonly random: RandomSource | undefined;
  readonly weights: ScoreWeights;
  /** The most pods one call decides. */
  readonly pendingPodsMax: number;
  /** The most distinct pod shapes (selector, node affinity, tolerations) whose node filtering one call remembers. */
  readonly podShapesMax: number;
}

export function defaultSchedulerOptions(): SchedulerOptions {
  return {
    random: undefined,
    weights: { leastAllocated: 1, spread: 2, nodeAffinity: 2, taintToleration: 3 },
    pendingPodsMax: 10_000,
    podShapesMax: 512,
  };
}

export interface SchedulerOptionsInput {
  readonly random?: RandomSource | undefined;
  readonly weights?: Partial<ScoreWeights>;
  readonly pendingPodsMax?: number;
  readonly podShapesMax?: number;
}

function checkCount(field: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new SchedulerError('invalid-argument', `${field}: must be an integer in [1, ${max}], got ${value}`);
}

export function validateSchedulerOptions(input: SchedulerOptionsInput = {}): SchedulerOptions {
  const defaults = defaultSchedulerOptions();
  const options: SchedulerOptions = {
    random: input.random ?? defaults.random,
    weights: { ...defaults.weights, ...input.weights },
    pendingPodsMax: input.pendingPodsMax ?? defaults.pendingPodsMax,
    podShapesMax: input.podShapesMax ?? defaults.podShapesMax,
  };
  if (options.random !== undefined && typeof options.random !== 'function')
    throw new SchedulerError('invalid-argument', 'random: must be a function returning a number in [0, 1)');
  for (const [name, weight] of Object.entries(options.weights)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 100)
      throw new SchedulerError(
        'invalid-argument',
        `weights.${name}: must be a number in [0, 100], got ${String(weight)}`,
      );
  }
  checkCount('pendingPodsMax', options.pendingPodsMax, 100_000);
  checkCount('podShapesMax', options.podShapesMax, 100_000);
  return options;
}
