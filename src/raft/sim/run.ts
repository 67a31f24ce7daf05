/**
 * The simulator's entry point: run one seed against the production RaftNode
 * (driving the real pure core). `runSeed(seed)` is a function of the seed and
 * the options only: same inputs, same trace, same verdict.
 */
import { RaftCore } from '../core/raft-core.js';
import { RaftNode } from '../node.js';
import { AcksBeforePersistNode } from './planted-bugs.js';
import { defaultSimOptions, validateSimOptions, type SimOptions } from './options.js';
import { Simulation, type SimResult } from './simulation.js';

export type { SimFailure, SimResult, SimStats } from './simulation.js';
export type { SimOptions } from './options.js';

export function runSeed(seed: number, options: Partial<SimOptions> = {}): Promise<SimResult> {
  const merged = validateSimOptions({
    ...defaultSimOptions(),
    createCore: (coreOptions) => new RaftCore(coreOptions),
    openNode:
      options.bugs?.ackBeforePersist === true
        ? (nodeOptions) => AcksBeforePersistNode.open(nodeOptions)
        : (nodeOptions) => RaftNode.open(nodeOptions),
    ...options,
  });
  return new Simulation(seed, merged).run();
}
