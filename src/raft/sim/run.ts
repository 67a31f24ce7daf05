/**
 * The simulator's entry point: run one seed against the real pure core.
 * `runSeed(seed)` is a pure function of the seed and the options: same inputs,
 * same trace, same verdict.
 */
import { RaftCore } from '../core/raft-core.js';
import { defaultSimOptions, validateSimOptions, type SimOptions } from './options.js';
import { Simulation, type SimResult } from './simulation.js';

export type { SimFailure, SimResult, SimStats } from './simulation.js';
export type { SimOptions } from './options.js';

export function runSeed(seed: number, options: Partial<SimOptions> = {}): SimResult {
  const merged = validateSimOptions({ ...defaultSimOptions(), createCore: (coreOptions) => new RaftCore(coreOptions), ...options });
  return new Simulation(seed, merged).run();
}
