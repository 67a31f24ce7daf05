/** raft-ts: the public surface. */
export { RaftNode, type RaftNodeOptions, type LeaderChange, type RaftStats, type TimeoutOption } from './node.js';
export { recoverCluster } from './recovery.js';
export { defaultConfig, validateConfig, type RaftConfig } from './config.js';
export { RaftError, isRaftError, type RaftErrorCode, type LeaderHint } from './errors.js';
export type {
  FSM,
  BatchingFSM,
  FSMSnapshot,
  LogStore,
  StableStore,
  RaftStore,
  PersistBatch,
  SnapshotStore,
  SnapshotSink,
  SnapshotSource,
  Transport,
  TransportHandlers,
  SnapshotHeader,
  RaftLogger,
} from './interfaces.js';
export { isBatchingFSM, silentLogger } from './interfaces.js';
export type {
  Configuration,
  Server,
  ServerId,
  ServerAddress,
  Suffrage,
  LogEntry,
  EntryType,
  SnapshotMeta,
  RaftRole,
} from './types.js';
export { Observable } from './observable.js';
export { systemTimers, type Timers } from './timers.js';
export { SqliteRaftStore, MemoryRaftStore, FileSnapshotStore, MemorySnapshotStore } from './storage/index.js';
export { GrpcTransport, MemoryNetwork, MemoryTransport, type PeerCall } from './transport/index.js';
