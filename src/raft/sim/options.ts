/** The simulator's knobs: one default, one validator (STYLE.md rule 4). */
import { coreConfigFrom, defaultConfig, type CoreConfig } from '../config.js';
import type { CreateCore, ShellBugs } from './replica.js';
import type { NetworkConditions } from './network.js';
import type { Random } from './random.js';

export interface SimOptions {
  /** Founding voters; null picks 3 to 5 from the seed. */
  clusterSize: number | null;
  /** Server ids available over the run, founders and fresh joiners together. */
  serversMax: number;
  clientsCount: number;
  keys: readonly string[];
  tickMs: number;
  heartbeatIntervalMs: number;
  electionTimeoutMs: number;
  /** Faults are injected during this much virtual time, then everything heals. */
  faultPhaseMs: number;
  faultIntervalMinMs: number;
  faultIntervalMaxMs: number;
  /** After healing, a client command must commit within this much virtual time. */
  livenessTimeoutMs: number;
  /** Virtual time the run continues after liveness is shown. */
  drainMs: number;
  network: NetworkConditions;
  crashBeforeSyncProbability: number;
  /**
   * The fsync of a write runs in the background, as the node's writer thread
   * does it: this share of writes completes after a delay in [1, syncDelayMaxMs]
   * of virtual time, while the replica goes on stepping messages into the core
   * (the Ready stays outstanding until then). 0 makes every write sync at once.
   */
  asyncSyncProbability: number;
  syncDelayMaxMs: number;
  snapshotEvery: number;
  trailingEntries: number;
  snapshotChunkBytes: number;
  snapshotTimeoutMs: number;
  operationTimeoutMs: number;
  historyMax: number;
  eventsMax: number;
  pendingEventsMax: number;
  checkStepsMax: number;
  /**
   * Swarm testing: each seed also draws its own network conditions, fault density
   * and mix of fault kinds, so some runs are gentle and others brutal.
   */
  swarm: boolean;
  /** Fault kinds injected (by name, see faults.ts); null for all. */
  faultKinds: readonly string[] | null;
  bugs: ShellBugs;
  /** Makes the core under test; the simulator is written against RaftCoreApi only. */
  createCore: CreateCore | null;
}

export function defaultSimOptions(): SimOptions {
  return {
    clusterSize: null,
    serversMax: 7,
    clientsCount: 5,
    keys: ['a', 'b', 'c'],
    tickMs: 10,
    heartbeatIntervalMs: 30,
    electionTimeoutMs: 150,
    faultPhaseMs: 3000,
    faultIntervalMinMs: 40,
    faultIntervalMaxMs: 300,
    livenessTimeoutMs: 5000,
    drainMs: 200,
    network: { dropProbability: 0.02, duplicateProbability: 0.02, delayMinMs: 1, delayMaxMs: 12 },
    crashBeforeSyncProbability: 0.01,
    asyncSyncProbability: 0.5,
    syncDelayMaxMs: 8,
    snapshotEvery: 25,
    trailingEntries: 5,
    snapshotChunkBytes: 64,
    snapshotTimeoutMs: 300,
    operationTimeoutMs: 600,
    historyMax: 3000,
    eventsMax: 2_000_000,
    pendingEventsMax: 200_000,
    checkStepsMax: 1_000_000,
    swarm: true,
    faultKinds: null,
    bugs: {},
    createCore: null,
  };
}

export class SimOptionsError extends Error {
  readonly code = 'invalid-sim-options';
  constructor(message: string) {
    super(message);
    this.name = 'SimOptionsError';
  }
}

export function validateSimOptions(options: SimOptions): SimOptions {
  const fail = (message: string): never => { throw new SimOptionsError(`sim options ${message}`); };
  if (options.clusterSize !== null && (!Number.isInteger(options.clusterSize) || options.clusterSize < 1 || options.clusterSize > options.serversMax)) {
    fail('clusterSize: must be null or an integer in [1, serversMax]');
  }
  if (options.clientsCount < 1 || options.keys.length < 1) fail('clientsCount, keys: at least one each');
  if (options.faultIntervalMinMs <= 0 || options.faultIntervalMaxMs < options.faultIntervalMinMs) fail('faultIntervalMinMs/MaxMs: 0 < min <= max');
  if (options.network.delayMinMs < 0 || options.network.delayMaxMs < options.network.delayMinMs) fail('network delays: 0 <= min <= max');
  if (options.asyncSyncProbability < 0 || options.asyncSyncProbability > 1 || options.syncDelayMaxMs < 1) fail('asyncSyncProbability in [0, 1], syncDelayMaxMs >= 1');
  if (options.snapshotEvery < 1 || options.trailingEntries < 0 || options.snapshotChunkBytes < 1) fail('snapshots: snapshotEvery >= 1, trailingEntries >= 0, snapshotChunkBytes >= 1');
  if (options.createCore === null) fail('createCore: required');
  return options;
}

/** This seed's variation on the options (swarm testing); the caller's choices of what to vary stay bounded. */
export function swarmOptions(random: Random, options: SimOptions, kinds: readonly string[]): SimOptions {
  if (!options.swarm) return options;
  const enabled = kinds.filter(() => random.chance(0.75));
  return {
    ...options,
    network: {
      dropProbability: random.pick([0, 0.01, 0.03, 0.1]),
      duplicateProbability: random.pick([0, 0.02, 0.1]),
      delayMinMs: options.network.delayMinMs,
      delayMaxMs: random.pick([options.network.delayMinMs + 2, 12, 30, 60]),
    },
    asyncSyncProbability: random.pick([0, options.asyncSyncProbability, 0.9]),
    syncDelayMaxMs: random.pick([2, options.syncDelayMaxMs, 25]),
    faultIntervalMinMs: options.faultIntervalMinMs,
    faultIntervalMaxMs: random.pick([options.faultIntervalMinMs * 2, options.faultIntervalMaxMs, options.faultIntervalMaxMs * 3]),
    faultKinds: options.faultKinds ?? (enabled.length > 0 ? enabled : [random.pick(kinds)]),
  };
}

export function simCoreConfig(options: SimOptions): CoreConfig {
  return coreConfigFrom({
    ...defaultConfig(),
    tickMs: options.tickMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    electionTimeoutMs: options.electionTimeoutMs,
    appendEntriesMax: 8,
    inflightMessagesMax: 8,
    uncommittedEntriesMax: 512,
    promotionLagMax: 8,
    leadershipTransferTimeoutMs: 2 * options.electionTimeoutMs,
  });
}
