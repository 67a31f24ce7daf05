/**
 * The narrow plug-in interfaces of raft-ts (hashicorp/raft style). Each has an
 * in-memory implementation for tests and the simulator, and a production one
 * (SQLite for the log and stable state, files for snapshots, gRPC for transport).
 *
 * Log and stable stores are synchronous on purpose: the pure core reads the log
 * in-line, as etcd-raft's Storage is read, and better-sqlite3 is synchronous.
 */
import type { Configuration, HardState, LogEntry, Message, ServerAddress, ServerId, SnapshotMeta } from './types.js';

/** Read-only view of the durable log that the core consults. */
export interface LogReader {
  /** Index of the first entry still stored; snapshotIndex + 1 after compaction; 1 for a fresh log. */
  firstIndex(): number;
  /** Index of the last stored entry; the snapshot index when the log is empty after compaction; 0 when fresh. */
  lastIndex(): number;
  /**
   * Term of the entry at `index`, for firstIndex() - 1 <= index <= lastIndex()
   * (firstIndex() - 1 answers with the compaction point's term); undefined outside.
   */
  term(index: number): number | undefined;
  /** Entries in [low, high), at least one if any exist in range, stopping before `bytesMax` is exceeded. */
  entries(low: number, high: number, bytesMax: number): LogEntry[];
}

/** The log: append with truncation of a conflicting suffix; compaction of a prefix. */
export interface LogStore extends LogReader {
  /** Remove entries with index <= upTo, remembering upTo's term as the compaction point. */
  compact(upTo: number, termAtUpTo: number): void;
}

/** Term, vote and last known commit index. */
export interface StableStore {
  hardState(): HardState;
}

/** One atomic, durable write: the unit of group commit (one transaction, one fsync). */
export interface PersistBatch {
  readonly hardState: HardState | null;
  /** Appended after removing any stored entry with index >= entries[0].index. */
  readonly entries: readonly LogEntry[];
}

/** The store a node needs: log + stable state, written together with one fsync. */
export interface RaftStore extends LogStore, StableStore {
  /** Atomically apply the batch and make it durable before returning. */
  persist(batch: PersistBatch): void;
  /**
   * Optional: persist() whose I/O may run off the caller's thread. The reads of
   * this store reflect the batch only once the promise resolves; the node calls
   * no other write method while one is in flight. A rejection is fatal.
   */
  persistAsync?(batch: PersistBatch): Promise<void>;
  /** After a snapshot is installed: drop the whole log and restart it after `meta.index`. */
  resetTo(meta: SnapshotMeta): void;
  close(): void;
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

export interface SnapshotSink {
  readonly id: string;
  write(chunk: Uint8Array): Promise<void>;
  /** Flush, fsync and publish: the snapshot becomes visible to list()/open(). */
  close(): Promise<SnapshotMeta>;
  /** Abandon: nothing becomes visible and the partial data is removed. */
  cancel(): Promise<void>;
}

export interface SnapshotSource {
  readonly meta: SnapshotMeta;
  /** The data in chunks of at most the store's chunk size (bounded memory). */
  chunks(): AsyncIterable<Uint8Array>;
}

export interface SnapshotStore {
  /** Begin a new snapshot; `size` and `id` are decided by the store. */
  create(meta: Omit<SnapshotMeta, 'id' | 'size'>): Promise<SnapshotSink>;
  /** Published snapshots, newest (highest index) first. */
  list(): Promise<SnapshotMeta[]>;
  open(id: string): Promise<SnapshotSource>;
}

// ---------------------------------------------------------------------------
// The replicated state machine
// ---------------------------------------------------------------------------

/** A point-in-time view of the FSM, written out after apply() has moved on. */
export interface FSMSnapshot {
  persist(sink: SnapshotSink): Promise<void>;
  release(): void;
}

export interface FSM {
  /** Apply one committed command; deterministic; the result is handed to the proposer. */
  apply(entry: LogEntry): unknown;
  /** Capture the state as of the last applied entry. Must be cheap; persist() does the I/O. */
  snapshot(): FSMSnapshot;
  /** Replace the whole state with a snapshot's data. */
  restore(source: SnapshotSource): Promise<void>;
  /**
   * Optional: the index of the last entry whose effect is durable in the FSM itself
   * (an FSM that records it in the same transaction as its writes). When present and
   * at least the newest snapshot's index, a restart skips restoring that snapshot and
   * replays the log only after this index.
   */
  appliedIndex?(): number;
}

/** Optional: apply a run of committed commands at once (one transaction), one result each. */
export interface BatchingFSM extends FSM {
  applyBatch(entries: readonly LogEntry[]): unknown[];
}

export function isBatchingFSM(fsm: FSM): fsm is BatchingFSM {
  return typeof (fsm as Partial<BatchingFSM>).applyBatch === 'function';
}

// ---------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------

/** The first thing a snapshot stream carries. */
export interface SnapshotHeader {
  readonly message: Message & { type: 'installSnapshot' };
}

export interface TransportHandlers {
  /** A message arrived from a peer. Called in arrival order per peer. */
  onMessage(message: Message): void;
  /**
   * A peer streams a snapshot. Resolves once the data is durable locally (the
   * handler then steps the core); rejects to make the sender retry later.
   */
  onSnapshot(header: SnapshotHeader, chunks: AsyncIterable<Uint8Array>): Promise<void>;
}

export interface Transport {
  readonly localAddress: ServerAddress;
  /** Register the receiving side. Called once, before any send. */
  start(handlers: TransportHandlers): Promise<void>;
  /**
   * Send without waiting (best effort, in order per peer). A message that cannot be
   * delivered is dropped; Raft retries. Heartbeats and votes never queue behind
   * large appends.
   */
  send(to: { id: ServerId; address: ServerAddress }, message: Message): void;
  /** Stream a snapshot in chunks; resolves when the receiver has it durably. */
  sendSnapshot(
    to: { id: ServerId; address: ServerAddress },
    header: SnapshotHeader,
    chunks: AsyncIterable<Uint8Array>,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Logging without depending on any logging library. */
export interface RaftLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: RaftLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Bootstrap input: the first configuration of a brand-new cluster. */
export interface Bootstrap {
  readonly configuration: Configuration;
}
