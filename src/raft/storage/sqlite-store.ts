/**
 * RaftStore over SQLite (better-sqlite3, synchronous): one raft.db per replica,
 * WAL with synchronous=FULL, so each persist() is one transaction and one fsync;
 * persistAsync() runs that transaction on a writer thread (sqlite-writer.ts).
 * Compaction reclaims space (incremental vacuum in bounded steps, WAL checkpoint)
 * so a long-lived log does not bloat its file.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { assert } from '../errors.js';
import type { PersistBatch, RaftStore } from '../interfaces.js';
import type { EntryType, HardState, LogEntry, SnapshotMeta } from '../types.js';
import { checkCompact, checkEntriesRange, checkPersist, checkResetTo, entrySizeBytes } from './log-rules.js';
import { metaKeys, openDatabase, storageErrorFrom } from './sqlite-schema.js';
import { LockFile } from './lock-file.js';
import { SqliteWriterThread, writerEntries } from './sqlite-writer.js';
import { StorageError } from './storage-error.js';

export interface SqliteRaftStoreOptions {
  /** How long a statement waits for a lock held by another connection. */
  busyTimeoutMs: number;
  /** The WAL file is truncated back to this size after each checkpoint. */
  walBytesMax: number;
  /** Free pages returned to the file system per incremental-vacuum step. */
  vacuumPagesPerStep: number;
  /** Incremental-vacuum steps per compaction; pages left over are reused by later writes. */
  vacuumStepsMax: number;
  /**
   * persistAsync() writes on a thread of its own (sqlite-writer.ts), so the
   * fsync never blocks the event loop; false writes on the caller's thread.
   */
  writerThread: boolean;
}

export function defaultSqliteRaftStoreOptions(): SqliteRaftStoreOptions {
  return {
    busyTimeoutMs: 5000,
    walBytesMax: 16 * 1024 * 1024,
    vacuumPagesPerStep: 1024,
    vacuumStepsMax: 16,
    writerThread: true,
  };
}

export const databaseFileName = 'raft.db';

/** close() waits for the writer thread this long beyond the busy timeout (its last write's fsync). */
const closeWaitExtraMs = 5000;

/** Entry types as stored: small integers, append-only. */
const typeCodes: Record<EntryType, number> = { command: 0, noop: 1, configuration: 2 };
const typesByCode: readonly EntryType[] = ['command', 'noop', 'configuration'];

interface LogRow {
  idx: number;
  term: number;
  type: number;
  data: Buffer;
}
interface Bounds {
  first: number | null;
  last: number | null;
  count: number;
}

function blobOf(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare('INSERT INTO raft_log (idx, term, type, data) VALUES (?, ?, ?, ?)'),
    deleteFrom: db.prepare('DELETE FROM raft_log WHERE idx >= ?'),
    deleteUpTo: db.prepare('DELETE FROM raft_log WHERE idx <= ?'),
    deleteAll: db.prepare('DELETE FROM raft_log'),
    range: db.prepare('SELECT idx, term, type, data FROM raft_log WHERE idx >= ? AND idx < ? ORDER BY idx'),
    term: db.prepare('SELECT term FROM raft_log WHERE idx = ?').pluck(),
    bounds: db.prepare('SELECT MIN(idx) AS first, MAX(idx) AS last, COUNT(*) AS count FROM raft_log'),
    readMeta: db.prepare('SELECT value FROM raft_meta WHERE key = ?').pluck(),
    writeMeta: db.prepare(
      'INSERT INTO raft_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

export class SqliteRaftStore implements RaftStore {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly options: SqliteRaftStoreOptions;
  private readonly path: string;
  // A cache of what is on disk, updated only after a transaction commits.
  private compactedIndex = 0;
  private compactedTerm = 0;
  private lastIndexValue = 0;
  private lastTermValue = 0;
  private hardStateValue: HardState = { term: 0, vote: null, commit: 0 };
  private closed = false;
  private readonly writer: SqliteWriterThread | null;
  private writeInFlight = false;

  /** Opens `dataDir/raft.db`, creating the folder and the file when missing. */
  static open(dataDir: string, options: Partial<SqliteRaftStoreOptions> = {}): SqliteRaftStore {
    const merged = { ...defaultSqliteRaftStoreOptions(), ...options };
    const { writerThread, ...limits } = merged;
    assert(typeof writerThread === 'boolean', 'SqliteRaftStore option writerThread is a boolean');
    for (const [field, value] of Object.entries(limits)) {
      assert(
        Number.isSafeInteger(value) && value > 0,
        `SqliteRaftStore option ${field} is a positive integer, got ${String(value)}`,
      );
    }
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, databaseFileName);
    const lock = LockFile.acquire(`${path}.lock`);
    let db: Database.Database | null = null;
    try {
      db = openDatabase(path, merged);
      return new SqliteRaftStore(db, path, merged, lock);
    } catch (error: unknown) {
      db?.close();
      lock.release();
      throw storageErrorFrom(error, `loading ${path}`);
    }
  }

  private constructor(
    db: Database.Database,
    path: string,
    options: SqliteRaftStoreOptions,
    private readonly lock: LockFile,
  ) {
    this.db = db;
    this.path = path;
    this.options = options;
    this.statements = prepareStatements(db);
    this.load();
    this.writer = options.writerThread
      ? new SqliteWriterThread({
          path,
          busyTimeoutMs: options.busyTimeoutMs,
          keys: { term: metaKeys.term, vote: metaKeys.vote, commit: metaKeys.commit },
        })
      : null;
  }

  firstIndex(): number {
    this.checkOpen();
    return this.compactedIndex + 1;
  }

  lastIndex(): number {
    this.checkOpen();
    return this.lastIndexValue;
  }

  term(index: number): number | undefined {
    this.checkOpen();
    if (index === this.compactedIndex) return this.compactedTerm;
    if (index === this.lastIndexValue) return this.lastTermValue;
    if (!Number.isSafeInteger(index) || index <= this.compactedIndex || index > this.lastIndexValue) return undefined;
    const term = this.read(() => this.statements.term.get(index), `reading the term of ${index}`);
    if (typeof term !== 'number')
      throw new StorageError('corrupt', `${this.path}: entry ${index} is missing inside the log`);
    return term;
  }

  entries(low: number, high: number, bytesMax: number): LogEntry[] {
    this.checkOpen();
    checkEntriesRange(low, high, bytesMax);
    // A compacted `low` yields nothing rather than a run that starts later than
    // `low`: a caller must never mistake entries after a gap for the ones it asked for.
    if (low <= this.compactedIndex) return [];
    const end = Math.min(high, this.lastIndexValue + 1);
    if (low >= end) return [];
    return this.read(() => this.readRange(low, end, bytesMax), `reading entries [${low}, ${end})`);
  }

  hardState(): HardState {
    this.checkOpen();
    return this.hardStateValue;
  }

  persist(batch: PersistBatch): void {
    this.checkOpen();
    assert(!this.writeInFlight, 'persist() while a persistAsync() is in flight');
    checkPersist(this, batch);
    const first = batch.entries[0];
    const last = batch.entries[batch.entries.length - 1];
    this.write(() => {
      if (first !== undefined && first.index <= this.lastIndexValue) this.statements.deleteFrom.run(first.index);
      for (const entry of batch.entries) {
        this.statements.insert.run(entry.index, entry.term, typeCodes[entry.type], blobOf(entry.data));
      }
      if (batch.hardState !== null) this.writeHardState(batch.hardState);
    }, 'persisting a batch');
    if (last !== undefined) {
      this.lastIndexValue = last.index;
      this.lastTermValue = last.term;
    }
    if (batch.hardState !== null) this.hardStateValue = { ...batch.hardState };
  }

  /**
   * persist() with the transaction and its fsync on the writer thread; the
   * cached bounds and hard state change only once it is durable. One at a time.
   */
  async persistAsync(batch: PersistBatch): Promise<void> {
    if (this.writer === null) {
      this.persist(batch);
      return;
    }
    this.checkOpen();
    assert(!this.writeInFlight, 'one persistAsync() at a time');
    checkPersist(this, batch);
    const first = batch.entries[0];
    const last = batch.entries[batch.entries.length - 1];
    this.writeInFlight = true;
    try {
      await this.writer.write({
        truncateFrom: first !== undefined && first.index <= this.lastIndexValue ? first.index : null,
        entries: writerEntries(batch.entries, (entry) => typeCodes[entry.type]),
        hardState: batch.hardState,
      });
    } finally {
      this.writeInFlight = false;
    }
    if (this.closed) return;
    if (last !== undefined) {
      this.lastIndexValue = last.index;
      this.lastTermValue = last.term;
    }
    if (batch.hardState !== null) this.hardStateValue = { ...batch.hardState };
  }

  compact(upTo: number, termAtUpTo: number): void {
    this.checkOpen();
    if (!checkCompact(this, upTo, termAtUpTo)) return;
    this.write(() => {
      this.statements.deleteUpTo.run(upTo);
      this.writeCompactionPoint(upTo, termAtUpTo);
    }, `compacting up to ${upTo}`);
    this.compactedIndex = upTo;
    this.compactedTerm = termAtUpTo;
    this.reclaimSpace();
  }

  resetTo(meta: SnapshotMeta): void {
    this.checkOpen();
    checkResetTo(meta);
    this.write(() => {
      this.statements.deleteAll.run();
      this.writeCompactionPoint(meta.index, meta.term);
    }, `resetting the log to ${meta.index}`);
    this.compactedIndex = meta.index;
    this.compactedTerm = meta.term;
    this.lastIndexValue = meta.index;
    this.lastTermValue = meta.term;
    this.reclaimSpace();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The writer finishes what is in flight and closes its own connection before the lock is released.
    if (this.writer !== null) this.writer.closeSync(this.options.busyTimeoutMs + closeWaitExtraMs);
    this.db.close();
    this.lock.release();
  }

  /** Bytes the database occupies on disk in pages (the WAL not included). */
  databaseBytes(): number {
    this.checkOpen();
    const pages = this.db.pragma('page_count', { simple: true });
    const pageBytes = this.db.pragma('page_size', { simple: true });
    assert(typeof pages === 'number' && typeof pageBytes === 'number', 'page_count and page_size are numbers');
    return pages * pageBytes;
  }

  private readRange(low: number, end: number, bytesMax: number): LogEntry[] {
    const result: LogEntry[] = [];
    let bytes = 0;
    let expected = low;
    for (const raw of this.statements.range.iterate(low, end)) {
      const entry = this.entryFromRow(raw as LogRow, expected);
      bytes += entrySizeBytes(entry);
      if (result.length > 0 && bytes > bytesMax) break;
      result.push(entry);
      expected += 1;
    }
    if (result.length === 0) throw new StorageError('corrupt', `${this.path}: entry ${low} is missing inside the log`);
    return result;
  }

  private entryFromRow(row: LogRow, expectedIndex: number): LogEntry {
    const type = typesByCode[row.type];
    if (row.idx !== expectedIndex || type === undefined || !Buffer.isBuffer(row.data)) {
      throw new StorageError(
        'corrupt',
        `${this.path}: malformed log row at ${expectedIndex} (index ${row.idx}, type ${row.type})`,
      );
    }
    return { index: row.idx, term: row.term, type, data: row.data };
  }

  private writeHardState(hardState: HardState): void {
    this.statements.writeMeta.run(metaKeys.term, hardState.term);
    this.statements.writeMeta.run(metaKeys.vote, hardState.vote);
    this.statements.writeMeta.run(metaKeys.commit, hardState.commit);
  }

  private writeCompactionPoint(index: number, term: number): void {
    this.statements.writeMeta.run(metaKeys.compactedIndex, index);
    this.statements.writeMeta.run(metaKeys.compactedTerm, term);
  }

  /**
   * Returns freed pages to the file system in bounded steps, then checkpoints the
   * WAL so it is truncated back to its limit; together they keep db + wal bounded.
   */
  private reclaimSpace(): void {
    try {
      for (let step = 0; step < this.options.vacuumStepsMax; step += 1) {
        const free = this.db.pragma('freelist_count', { simple: true });
        if (typeof free !== 'number' || free === 0) break;
        this.db.pragma(`incremental_vacuum(${this.options.vacuumPagesPerStep})`);
      }
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error: unknown) {
      throw storageErrorFrom(error, 'reclaiming space after compaction');
    }
  }

  private load(): void {
    const readNumber = (key: string): number => {
      const value = this.statements.readMeta.get(key);
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw new StorageError('corrupt', `${this.path}: ${key} is ${String(value)}, not a non-negative integer`);
      }
      return value;
    };
    const vote = this.statements.readMeta.get(metaKeys.vote);
    if (vote !== null && typeof vote !== 'string')
      throw new StorageError('corrupt', `${this.path}: the vote is not a server id`);
    this.hardStateValue = { term: readNumber(metaKeys.term), vote, commit: readNumber(metaKeys.commit) };
    this.compactedIndex = readNumber(metaKeys.compactedIndex);
    this.compactedTerm = readNumber(metaKeys.compactedTerm);
    this.loadBounds();
  }

  /** The stored rows must be exactly (compactedIndex, lastIndex]: no gap, nothing below the compaction point. */
  private loadBounds(): void {
    const bounds = this.statements.bounds.get() as Bounds;
    if (bounds.count === 0 || bounds.first === null || bounds.last === null) {
      this.lastIndexValue = this.compactedIndex;
      this.lastTermValue = this.compactedTerm;
      return;
    }
    if (bounds.first !== this.compactedIndex + 1 || bounds.last - bounds.first + 1 !== bounds.count) {
      throw new StorageError(
        'corrupt',
        `${this.path}: log rows [${bounds.first}, ${bounds.last}] (${bounds.count} rows) after compaction point ${this.compactedIndex}`,
      );
    }
    this.lastIndexValue = bounds.last;
    const lastTerm = this.statements.term.get(bounds.last);
    if (typeof lastTerm !== 'number') throw new StorageError('corrupt', `${this.path}: the last entry has no term`);
    this.lastTermValue = lastTerm;
  }

  private read<T>(body: () => T, doing: string): T {
    try {
      return body();
    } catch (error: unknown) {
      throw storageErrorFrom(error, doing);
    }
  }

  private write(body: () => void, doing: string): void {
    try {
      this.db.transaction(body)();
    } catch (error: unknown) {
      throw storageErrorFrom(error, doing);
    }
  }

  private checkOpen(): void {
    assert(!this.closed, 'the raft store is used after close()');
  }
}
