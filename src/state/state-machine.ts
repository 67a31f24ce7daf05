/**
 * Orca's replicated state machine: raft-ts's BatchingFSM over one SQLite
 * database (`state.db` in the caller's folder; WAL; synchronous=NORMAL).
 *
 * Why NORMAL and not FULL: the Raft log (fsynced before anything is
 * acknowledged) is the record of truth, and state.db is a cache of its prefix.
 * In WAL mode NORMAL still commits every transaction atomically and never
 * corrupts the file; a power loss can only drop the newest applied transactions,
 * and then the recorded applied index drops with them, so raft-ts re-applies
 * those entries from the log on start (or restores its newest snapshot when the
 * state is older than it). A SIGKILL loses nothing: the WAL is in the OS cache.
 * This saves one fsync per applied batch on every master.
 *
 * A run of committed entries applies in ONE SQLite transaction that also records
 * the applied index, so a restart never applies an entry twice: entries at or
 * below the stored applied index are answered as already applied. Each command
 * runs in a SAVEPOINT and applies all-or-nothing. Every object written by an
 * entry gets that entry's Raft index as its resourceVersion (a global revision,
 * as in etcd). Reads are synchronous and served from this replica.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BatchingFSM, SnapshotSource } from '../raft/interfaces.js';
import type { LogEntry } from '../raft/types.js';
import type { ChangeEvent } from './change-event.js';
import { decodeCommand } from './commands.js';
import type { JsonObject } from './json.js';
import { listPage, type ListOptions, type ListResult } from './list-pages.js';
import { ensureSchema } from './schema.js';
import { backfillNodeUsage } from './node-usage.js';
import { backfillAllocations } from './service-allocation.js';
import { assert, isStateError, StateError, type RejectionReason, type StateErrorCode } from './state-error.js';
import { prepareRestoredFile, StateSnapshot, syncDirectory, writeChunks } from './state-snapshot.js';
import { StateTables, type Meta } from './state-tables.js';
import { runTransaction, type OperationResult } from './transaction.js';
import { defaultWatchLimits, WatchHub, type Watch, type WatchLimits, type WatchOptions } from './watch-hub.js';

export interface StateMachineOptions {
  /** Folder for state.db and temporary snapshot files; created if missing. */
  readonly directory: string;
  /** Changes kept for watches and paginated lists; older ones are pruned during apply. */
  readonly changeLogCountMax: number;
  /** Change-log rows pruned per applied entry at most, so pruning never stalls apply. */
  readonly pruneStepMax: number;
  readonly snapshotChunkBytes: number;
  readonly snapshotBytesMax: number;
  readonly watchLimits: WatchLimits;
}

export const defaultStateMachineOptions: Omit<StateMachineOptions, 'directory'> = Object.freeze({
  changeLogCountMax: 100_000,
  pruneStepMax: 1_000,
  snapshotChunkBytes: 1024 * 1024,
  snapshotBytesMax: 64 * 1024 * 1024 * 1024,
  watchLimits: defaultWatchLimits,
});

export function validateStateMachineOptions(options: StateMachineOptions): void {
  const positive = (field: keyof StateMachineOptions, value: number): void => {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new StateError('invalid', `state machine option ${field} must be a positive integer, got ${value}`);
  };
  if (typeof options.directory !== 'string' || options.directory === '')
    throw new StateError('invalid', 'state machine option directory must be a non-empty path');
  positive('changeLogCountMax', options.changeLogCountMax);
  positive('pruneStepMax', options.pruneStepMax);
  positive('snapshotChunkBytes', options.snapshotChunkBytes);
  positive('snapshotBytesMax', options.snapshotBytesMax);
  for (const [field, value] of Object.entries(options.watchLimits)) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new StateError(
        'invalid',
        `state machine option watchLimits.${field} must be a positive integer, got ${String(value)}`,
      );
  }
}

/** What applying one entry answers (plain JSON, handed back to the proposer). */
export type CommandResult =
  | { readonly outcome: 'applied'; readonly revision: number; readonly results: OperationResult[] }
  /**
   * Nothing was written. operationIndex is null when the command itself was
   * malformed or fenced; `reason` is set only for a fenced entry (absent on
   * every other rejection, so the answers of older entries keep their shape).
   */
  | {
      readonly outcome: 'rejected';
      readonly revision: number;
      readonly operationIndex: number | null;
      readonly code: StateErrorCode;
      readonly message: string;
      readonly reason?: RejectionReason;
    }
  /** At or below the applied index recorded in the database (a replay after restart): no effect. */
  | { readonly outcome: 'already-applied'; readonly revision: number }
  /** A no-op or configuration entry: only the applied index moves. */
  | { readonly outcome: 'no-command'; readonly revision: number };

const databaseFile = 'state.db';

type MutableMeta = { -readonly [K in keyof Meta]: Meta[K] };

export class StateMachine implements BatchingFSM {
  readonly watchHub: WatchHub;
  private readonly options: StateMachineOptions;
  private database: Database.Database;
  private tables: StateTables;
  private meta: Meta;
  private temporaryCounter = 0;
  private closed = false;

  constructor(options: Partial<StateMachineOptions> & { directory: string }) {
    this.options = { ...defaultStateMachineOptions, ...options };
    validateStateMachineOptions(this.options);
    mkdirSync(this.options.directory, { recursive: true });
    this.database = openDatabase(this.databasePath);
    this.tables = new StateTables(this.database);
    this.meta = this.tables.readMeta();
    this.watchHub = new WatchHub(
      {
        changesAfter: (position, limit, kind, namespace) => this.tables.changesAfter(position, limit, kind, namespace),
        compactedRevision: () => this.meta.compactedRevision,
        appliedIndex: () => this.meta.appliedIndex,
      },
      this.options.watchLimits,
    );
  }

  private get databasePath(): string {
    return join(this.options.directory, databaseFile);
  }

  apply(entry: LogEntry): CommandResult {
    const [result] = this.applyBatch([entry]);
    assert(result !== undefined, 'one result per entry');
    return result;
  }

  applyBatch(entries: readonly LogEntry[]): CommandResult[] {
    this.assertOpen();
    const batch = { ...this.meta };
    const events: ChangeEvent[] = [];
    const results = this.database.transaction(() => {
      const answers = entries.map((entry) => this.applyEntry(entry, batch, events));
      this.tables.writeMeta(batch);
      return answers;
    })();
    this.meta = batch;
    this.watchHub.publish(events);
    return results;
  }

  private applyEntry(entry: LogEntry, batch: MutableMeta, events: ChangeEvent[]): CommandResult {
    if (entry.index <= batch.appliedIndex) return { outcome: 'already-applied', revision: entry.index };
    batch.appliedIndex = entry.index;
    if (entry.type !== 'command') return { outcome: 'no-command', revision: entry.index };
    const result = this.applyCommand(entry, batch, events);
    this.pruneChanges(batch);
    return result;
  }

  private applyCommand(entry: LogEntry, batch: MutableMeta, events: ChangeEvent[]): CommandResult {
    let command;
    try {
      command = decodeCommand(entry.data);
    } catch (error: unknown) {
      if (!isStateError(error)) throw error;
      return {
        outcome: 'rejected',
        revision: entry.index,
        operationIndex: null,
        code: error.code,
        message: error.message,
      };
    }
    if (command.fenceTerm !== undefined && command.fenceTerm !== entry.term) {
      const message = `fenced: the transaction was made for term ${command.fenceTerm} but committed in term ${entry.term}; its leader was deposed`;
      return {
        outcome: 'rejected',
        revision: entry.index,
        operationIndex: null,
        code: 'precondition-failed',
        message,
        reason: 'fenced',
      };
    }
    this.database.exec('SAVEPOINT command');
    const outcome = runTransaction(this.tables, command, entry.index);
    if (!outcome.ok) {
      this.database.exec('ROLLBACK TO command');
      this.database.exec('RELEASE command');
      return {
        outcome: 'rejected',
        revision: entry.index,
        operationIndex: outcome.operationIndex,
        code: outcome.code,
        message: outcome.message,
      };
    }
    for (const change of outcome.changes) this.tables.appendChange(change);
    this.database.exec('RELEASE command');
    batch.changeCount += outcome.changes.length;
    events.push(...outcome.changes);
    return { outcome: 'applied', revision: entry.index, results: outcome.results };
  }

  /**
   * Keep the change log to its window, a bounded step per entry. The decision
   * depends only on what was applied (row counts, revisions), never on the
   * clock, so every replica keeps the same window. Whole revisions go at once,
   * so the oldest kept revision is always complete.
   */
  private pruneChanges(batch: MutableMeta): void {
    const excess = batch.changeCount - this.options.changeLogCountMax;
    if (excess <= 0) return;
    const upTo = this.tables.changeRevisionAt(Math.min(excess, this.options.pruneStepMax) - 1);
    assert(upTo !== undefined, 'the change log holds as many rows as counted');
    batch.changeCount -= this.tables.pruneThrough(upTo);
    batch.compactedRevision = Math.max(batch.compactedRevision, upTo);
    assert(batch.changeCount >= 0, 'change count stays non-negative');
  }

  // ---------------------------------------------------------------------------
  // Reads: synchronous, from this replica.
  // ---------------------------------------------------------------------------

  /** The index of the last entry whose effect is durable here. */
  appliedIndex(): number {
    return this.meta.appliedIndex;
  }

  /**
   * The oldest revision a watch or a paginated list can start from: every
   * change after it is still in the change log (older ones may be pruned).
   */
  oldestRevision(): number {
    return this.meta.compactedRevision;
  }

  get(kind: string, namespace: string, name: string): JsonObject | undefined {
    this.assertOpen();
    return this.tables.get({ kind, namespace, name });
  }

  list(options: ListOptions): ListResult {
    this.assertOpen();
    return listPage(this.tables, options, this.meta);
  }

  watch(options: WatchOptions): Watch {
    this.assertOpen();
    return this.watchHub.watch(options);
  }

  // ---------------------------------------------------------------------------
  // Snapshot and restore
  // ---------------------------------------------------------------------------

  /**
   * A consistent copy at the applied index. VACUUM INTO runs synchronously here
   * and costs a full copy of the database (time and disk in proportion to its
   * size); in exchange the copy is compact, needs no lock held while persist()
   * streams it, and apply carries on as soon as this returns.
   */
  snapshot(): StateSnapshot {
    this.assertOpen();
    const path = this.temporaryPath(`snapshot-${this.meta.appliedIndex}`);
    rmSync(path, { force: true });
    this.database.prepare('VACUUM INTO ?').run(path);
    return new StateSnapshot(path, this.meta.appliedIndex, this.options.snapshotChunkBytes);
  }

  /** Replace the whole state with a snapshot's data; every watch ends with `expired`. */
  async restore(source: SnapshotSource): Promise<void> {
    this.assertOpen();
    const path = this.temporaryPath('restore');
    try {
      await writeChunks(path, source.chunks(), this.options.snapshotBytesMax);
      prepareRestoredFile(path, source.meta.index);
    } catch (error: unknown) {
      rmSync(path, { force: true });
      throw error;
    }
    if (this.closed) {
      rmSync(path, { force: true });
      throw new StateError('closed', 'the state machine was closed during restore');
    }
    this.swapIn(path);
    this.watchHub.reset(`the state was replaced by a snapshot at revision ${source.meta.index}: list again`);
  }

  /** Close, rename, reopen: synchronous, so no read or apply sees a half-swapped state. */
  private swapIn(path: string): void {
    this.database.close();
    rmSync(`${this.databasePath}-wal`, { force: true });
    rmSync(`${this.databasePath}-shm`, { force: true });
    renameSync(path, this.databasePath);
    syncDirectory(this.options.directory);
    this.database = openDatabase(this.databasePath);
    this.tables = new StateTables(this.database);
    this.meta = this.tables.readMeta();
  }

  private temporaryPath(prefix: string): string {
    this.temporaryCounter += 1;
    return join(this.options.directory, `${prefix}-${process.pid}-${this.temporaryCounter}.tmp`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watchHub.close();
    this.database.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StateError('closed', 'the state machine was closed');
  }
}

function openDatabase(path: string): Database.Database {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  // NORMAL: see the module comment; the Raft log carries durability.
  database.pragma('synchronous = NORMAL');
  const { added } = ensureSchema(database);
  if (added.length > 0) {
    const tables = new StateTables(database);
    database.transaction(() => {
      if (added.includes('allocations')) backfillAllocations(tables, tables.allOfKind('Service'));
      if (added.includes('node_usage')) backfillNodeUsage(tables, tables.allOfKind('Pod'));
    })();
  }
  return database;
}
