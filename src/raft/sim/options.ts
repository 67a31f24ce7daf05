/** The simulator's knobs: one default, one validator (STYLE.md rule 4). */
import type { RaftConfig } from '../config.js';
import { RaftTypedError } from '../errors.js';
import type { CreateCore, OpenNode, ShellBugs } from './replica.js';
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
  /** Probability that a power cut strikes a write before its fsync completes (fault phase only). */
  crashBeforeSyncProbability: number;
  /**
   * The share of server starts whose store has a writer thread (persistAsync, as
   * SqliteRaftStore's): every write is acknowledged after a delay in
   * [1, syncDelayMaxMs] of virtual time while the node goes on stepping messages.
   * The other starts get a synchronous store, so the node takes its deferred and
   * synchronous persist paths. Every path of RaftNode.processReady is run.
   */
  writerThreadProbability: number;
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
  /** Makes the core each node drives (RaftNodeOptions.createCore); null for RaftCore. */
  createCore: CreateCore | null;
  /** Opens each server's node; null for RaftNode.open (a test plants a bug with a subclass's open). */
  openNode: OpenNode | null;
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
    writerThreadProbability: 0.5,
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
    openNode: null,
  };
}

export class SimOptionsError extends RaftTypedError<'invalid-sim-options'> {
  constructor(message: string) {
    super('invalid-sim-options', message);
    this.name = 'SimOptionsError';
  }
}

export function validateSimOptions(options: SimOptions): SimOptions {
  const fail = (message: string): never => {
    throw new SimOptionsError(`sim options ${message}`);
  };
  if (
    options.clusterSize !== null &&
    (!Number.isInteger(options.clusterSize) || options.clusterSize < 1 || options.clusterSize > options.serversMax)
  ) {
    fail('clusterSize: must be null or an integer in [1, serversMax]');
  }
  if (options.clientsCount < 1 || options.keys.length < 1) fail('clientsCount, keys: at least one each');
  if (options.faultIntervalMinMs <= 0 || options.faultIntervalMaxMs < options.faultIntervalMinMs)
    fail('faultIntervalMinMs/MaxMs: 0 < min <= max');
  if (options.network.delayMinMs < 0 || options.network.delayMaxMs < options.network.delayMinMs)
    fail('network delays: 0 <= min <= max');
  if (options.writerThreadProbability < 0 || options.writerThreadProbability > 1 || options.syncDelayMaxMs < 1)
    fail('writerThreadProbability in [0, 1], syncDelayMaxMs >= 1');
  if (options.snapshotEvery < 1 || options.trailingEntries < 1 || options.snapshotChunkBytes < 1)
    fail('snapshots: snapshotEvery >= 1, trailingEntries >= 1, snapshotChunkBytes >= 1');
  if (options.createCore === null) fail('createCore: required');
  if (options.openNode === null) fail('openNode: required');
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
    writerThreadProbability: random.pick([0, options.writerThreadProbability, 1]),
    syncDelayMaxMs: random.pick([2, options.syncDelayMaxMs, 25]),
    faultIntervalMinMs: options.faultIntervalMinMs,
    faultIntervalMaxMs: random.pick([
      options.faultIntervalMinMs * 2,
      options.faultIntervalMaxMs,
      options.faultIntervalMaxMs * 3,
    ]),
    faultKinds: options.faultKinds ?? (enabled.length > 0 ? enabled : [random.pick(kinds)]),
  };
}

/** The config of every simulated RaftNode: small batches and windows, frequent snapshots in small chunks. */
export function simNodeConfig(options: SimOptions): Partial<RaftConfig> {
  return {
    tickMs: options.tickMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    electionTimeoutMs: options.electionTimeoutMs,
    appendEntriesMax: 8,
    inflightMessagesMax: 8,
    uncommittedEntriesMax: 512,
    promotionLagMax: 8,
    leadershipTransferTimeoutMs: 2 * options.electionTimeoutMs,
    snapshotThreshold: options.snapshotEvery,
    trailingLogs: options.trailingEntries,
    snapshotChunkBytes: options.snapshotChunkBytes,
    snapshotsRetained: 2,
  };
}
