/**
 * RaftStore in memory, with the same semantics as SqliteRaftStore, for tests and
 * the simulator. Its state lives in a MemoryRaftDisk that outlives the store, so
 * a test can "restart" a replica by opening a new store on the same disk.
 */
import { assert } from '../errors.js';
import type { PersistBatch, RaftStore } from '../interfaces.js';
import { emptyHardState, type HardState, type LogEntry, type SnapshotMeta } from '../types.js';
import { checkCompact, checkEntriesRange, checkPersist, checkResetTo, entrySizeBytes } from './log-rules.js';

/** What survives a restart of a MemoryRaftStore. */
export interface MemoryRaftDisk {
  /** Stored entries; entries[i].index === compactedIndex + 1 + i. */
  entries: LogEntry[];
  compactedIndex: number;
  compactedTerm: number;
  hardState: HardState;
}

export function emptyMemoryRaftDisk(): MemoryRaftDisk {
  return { entries: [], compactedIndex: 0, compactedTerm: 0, hardState: emptyHardState };
}

function copyEntry(entry: LogEntry): LogEntry {
  return { index: entry.index, term: entry.term, type: entry.type, data: Uint8Array.from(entry.data) };
}

export class MemoryRaftStore implements RaftStore {
  private readonly disk: MemoryRaftDisk;
  private closed = false;

  constructor(disk: MemoryRaftDisk = emptyMemoryRaftDisk()) {
    this.disk = disk;
  }

  firstIndex(): number {
    this.checkOpen();
    return this.disk.compactedIndex + 1;
  }

  lastIndex(): number {
    this.checkOpen();
    return this.disk.compactedIndex + this.disk.entries.length;
  }

  term(index: number): number | undefined {
    this.checkOpen();
    if (index === this.disk.compactedIndex) return this.disk.compactedTerm;
    return this.entryAt(index)?.term;
  }

  entries(low: number, high: number, bytesMax: number): LogEntry[] {
    this.checkOpen();
    checkEntriesRange(low, high, bytesMax);
    const result: LogEntry[] = [];
    // A compacted `low` yields nothing rather than a run that starts later than
    // `low`: a caller must never mistake entries after a gap for the ones it asked for.
    if (low < this.firstIndex()) return result;
    let bytes = 0;
    for (let index = low; index < high; index += 1) {
      const entry = this.entryAt(index);
      if (entry === undefined) break;
      bytes += entrySizeBytes(entry);
      if (result.length > 0 && bytes > bytesMax) break;
      result.push(entry);
    }
    return result;
  }

  hardState(): HardState {
    this.checkOpen();
    return this.disk.hardState;
  }

  persist(batch: PersistBatch): void {
    this.checkOpen();
    checkPersist(this, batch);
    const first = batch.entries[0];
    if (first !== undefined) {
      this.disk.entries.length = first.index - this.firstIndex();
      for (const entry of batch.entries) this.disk.entries.push(copyEntry(entry));
    }
    if (batch.hardState !== null) this.disk.hardState = { ...batch.hardState };
  }

  compact(upTo: number, termAtUpTo: number): void {
    this.checkOpen();
    if (!checkCompact(this, upTo, termAtUpTo)) return;
    this.disk.entries.splice(0, upTo - this.disk.compactedIndex);
    this.disk.compactedIndex = upTo;
    this.disk.compactedTerm = termAtUpTo;
  }

  resetTo(meta: SnapshotMeta): void {
    this.checkOpen();
    checkResetTo(meta);
    this.disk.entries = [];
    this.disk.compactedIndex = meta.index;
    this.disk.compactedTerm = meta.term;
  }

  close(): void {
    this.closed = true;
  }

  private entryAt(index: number): LogEntry | undefined {
    if (!Number.isSafeInteger(index)) return undefined;
    const position = index - this.disk.compactedIndex - 1;
    return position < 0 ? undefined : this.disk.entries[position];
  }

  private checkOpen(): void {
    assert(!this.closed, 'the raft store is used after close()');
  }
}
