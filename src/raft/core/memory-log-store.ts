/**
 * An in-memory LogStore + StableStore that applies a Ready's persistence step
 * exactly as the contract says. For tests and the simulator.
 */
import { assert } from '../errors.js';
import type { LogStore, PersistBatch } from '../interfaces.js';
import type { HardState, LogEntry, SnapshotMeta } from '../types.js';
import { emptyHardState } from '../types.js';

export class MemoryLogStore implements LogStore {
  private entriesStored: LogEntry[] = [];
  /** Index and term of the entry just before the first stored one (the compaction point). */
  private compactedIndex = 0;
  private compactedTerm = 0;
  private stable: HardState = emptyHardState;

  hardState(): HardState {
    return this.stable;
  }

  firstIndex(): number {
    return this.compactedIndex + 1;
  }

  lastIndex(): number {
    return this.compactedIndex + this.entriesStored.length;
  }

  term(index: number): number | undefined {
    if (index === this.compactedIndex) return this.compactedTerm;
    if (index < this.compactedIndex || index > this.lastIndex()) return undefined;
    return this.entriesStored[index - this.compactedIndex - 1]?.term;
  }

  entries(low: number, high: number, bytesMax: number): LogEntry[] {
    assert(low > this.compactedIndex, `entries from ${low} are compacted`);
    const result: LogEntry[] = [];
    let bytes = 0;
    for (let index = low; index < Math.min(high, this.lastIndex() + 1); index += 1) {
      const entry = this.entriesStored[index - this.compactedIndex - 1];
      assert(entry !== undefined, 'stored entries are contiguous');
      if (result.length > 0 && bytes + entry.data.byteLength > bytesMax) break;
      bytes += entry.data.byteLength;
      result.push(entry);
    }
    return result;
  }

  /** Truncate from entries[0].index if stored, append, store the hard state. */
  persist(batch: PersistBatch): void {
    const first = batch.entries[0];
    if (first !== undefined) {
      assert(
        first.index > this.compactedIndex && first.index <= this.lastIndex() + 1,
        'persisted entries follow the log',
      );
      this.entriesStored = this.entriesStored.slice(0, first.index - this.compactedIndex - 1).concat(batch.entries);
    }
    if (batch.hardState !== null) this.stable = batch.hardState;
  }

  compact(upTo: number, termAtUpTo: number): void {
    if (upTo <= this.compactedIndex) return;
    assert(upTo <= this.lastIndex(), 'compaction within the log');
    this.entriesStored = this.entriesStored.slice(upTo - this.compactedIndex);
    this.compactedIndex = upTo;
    this.compactedTerm = termAtUpTo;
  }

  resetTo(meta: SnapshotMeta): void {
    this.entriesStored = [];
    this.compactedIndex = meta.index;
    this.compactedTerm = meta.term;
  }

  /** A deep-enough copy to simulate what survives a crash. */
  clone(): MemoryLogStore {
    const copy = new MemoryLogStore();
    copy.entriesStored = this.entriesStored.slice();
    copy.compactedIndex = this.compactedIndex;
    copy.compactedTerm = this.compactedTerm;
    copy.stable = this.stable;
    return copy;
  }
}
