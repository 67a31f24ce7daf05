/**
 * A replica's simulated disk: the Raft log, the hard state and the newest
 * snapshot. Writes land in a volatile image; only sync() makes them durable, and
 * crash() throws the volatile image away, as a power cut loses the page cache.
 */
import { assert } from '../errors.js';
import type { LogReader, PersistBatch } from '../interfaces.js';
import { emptyHardState, type HardState, type LogEntry, type SnapshotMeta } from '../types.js';

export interface StoredSnapshot {
  readonly meta: SnapshotMeta;
  readonly data: Uint8Array;
}

interface DiskImage {
  /** Index and term of the entry just before entries[0] (the compaction point). */
  compactedIndex: number;
  compactedTerm: number;
  entries: LogEntry[];
  hardState: HardState;
  snapshot: StoredSnapshot | null;
}

const receivedSnapshotsMax = 2;

function copyImage(image: DiskImage): DiskImage {
  return { ...image, entries: [...image.entries] };
}

export class SimStore implements LogReader {
  /** Appends that overwrote a suffix of the log (a deposed leader's entries). */
  truncations = 0;
  private volatile: DiskImage;
  /** Snapshot files received from leaders (durable; the image says which one is installed). */
  private readonly received = new Map<string, StoredSnapshot>();
  private durable: DiskImage;

  constructor() {
    this.durable = { compactedIndex: 0, compactedTerm: 0, entries: [], hardState: emptyHardState, snapshot: null };
    this.volatile = copyImage(this.durable);
  }

  firstIndex(): number {
    return this.volatile.compactedIndex + 1;
  }

  lastIndex(): number {
    return this.volatile.compactedIndex + this.volatile.entries.length;
  }

  term(index: number): number | undefined {
    if (index === this.volatile.compactedIndex) return this.volatile.compactedTerm;
    return this.volatile.entries[index - this.volatile.compactedIndex - 1]?.term;
  }

  entries(low: number, high: number, bytesMax: number): LogEntry[] {
    const result: LogEntry[] = [];
    let bytes = 0;
    for (let index = Math.max(low, this.firstIndex()); index < high && index <= this.lastIndex(); index += 1) {
      const entry = this.volatile.entries[index - this.volatile.compactedIndex - 1] as LogEntry;
      bytes += entry.data.byteLength + 24;
      if (result.length > 0 && bytes > bytesMax) break;
      result.push(entry);
    }
    return result;
  }

  hardState(): HardState {
    return this.volatile.hardState;
  }

  snapshot(): StoredSnapshot | null {
    return this.volatile.snapshot;
  }

  /** Write (not yet durable): truncate any suffix from entries[0].index, append, store the hard state. */
  write(batch: PersistBatch): void {
    const image = this.volatile;
    const first = batch.entries[0];
    if (first !== undefined) {
      assert(first.index > image.compactedIndex && first.index <= this.lastIndex() + 1, `append at ${first.index} leaves a gap or rewrites the compacted log`);
      if (first.index <= this.lastIndex()) this.truncations += 1;
      image.entries.length = first.index - image.compactedIndex - 1;
      batch.entries.forEach((entry, offset) => assert(entry.index === first.index + offset, 'appended entries are consecutive'));
      image.entries.push(...batch.entries);
    }
    if (batch.hardState !== null) image.hardState = batch.hardState;
  }

  /** Make everything written so far durable (one fsync). */
  sync(): void {
    this.durable = copyImage(this.volatile);
  }

  /** A snapshot this replica took: written and synced at once, as a snapshot file is renamed into place. */
  saveOwnSnapshot(snapshot: StoredSnapshot): void {
    this.volatile.snapshot = snapshot;
    this.durable.snapshot = snapshot;
  }

  /** A snapshot streamed from the leader, durable once fully received; installed only when the core says so. */
  saveReceivedSnapshot(snapshot: StoredSnapshot): void {
    this.received.set(snapshot.meta.id, snapshot);
    while (this.received.size > receivedSnapshotsMax) this.received.delete(this.received.keys().next().value as string);
  }

  receivedSnapshot(id: string): StoredSnapshot | undefined {
    return this.received.get(id);
  }

  /** Drop log entries up to `upTo` (already covered by a durable snapshot); durable at once. */
  compact(upTo: number): void {
    for (const image of [this.volatile, this.durable]) {
      if (upTo <= image.compactedIndex || upTo > image.compactedIndex + image.entries.length) continue;
      const term = image.entries[upTo - image.compactedIndex - 1]?.term as number;
      image.entries = image.entries.slice(upTo - image.compactedIndex);
      image.compactedIndex = upTo;
      image.compactedTerm = term;
    }
  }

  /** Install a received snapshot: the log restarts right after it (volatile until sync). */
  installSnapshot(snapshot: StoredSnapshot): void {
    this.volatile.snapshot = snapshot;
    this.resetTo(snapshot.meta);
  }

  private resetTo(meta: SnapshotMeta): void {
    this.volatile.entries = [];
    this.volatile.compactedIndex = meta.index;
    this.volatile.compactedTerm = meta.term;
  }

  /** Power loss: whatever was not synced is gone. */
  crash(): void {
    this.volatile = copyImage(this.durable);
  }
}
