/** The pure Raft core of raft-ts: the core itself, its contract, and the in-memory test harness. */
export { RaftCore, committedEntriesBytesMax, pendingReadsMax } from './raft-core.js';
export type {
  ConfigurationChange,
  CoreOptions,
  CoreStatus,
  ProgressStatus,
  ProposalReceipt,
  RaftCoreApi,
} from './api.js';
export { MemoryLogStore } from './memory-log-store.js';
export { TestCluster, commandData, seededRandom, testCoreConfig, stabilizeRoundsMax } from './testing.js';
export type { ClusterOptions, TestNode } from './testing.js';
