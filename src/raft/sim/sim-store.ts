/**
 * A server's simulated disk and the stores the production node opens on it.
 *
 * SimDisk is what survives a crash: the durable log image and the snapshot
 * volume. A SimRaftStore belongs to one process: while that process lives it
 * writes through to the disk; a power cut detaches it, so whatever the dead
 * process still does lands in its own memory only (as a write that never reached
 * the platter). SimWriterStore adds persistAsync, as SqliteRaftStore's writer
 * thread does it: each write is acknowledged after a delay of virtual time, in
 * order, and reaches the disk only then; a crash before that loses it.
 */
import { assert } from '../errors.js';
import type { PersistBatch, RaftStore, SnapshotSink, SnapshotSource, SnapshotStore } from '../interfaces.js';
import { checkCompact, checkEntriesRange, checkPersist, checkResetTo, entrySizeBytes } from '../storage/log-rules.js';
import {
  emptyMemorySnapshotVolume,
  MemorySnapshotStore,
  type MemorySnapshotVolume,
} from '../storage/memory-snapshot-store.js';
import type { SnapshotStoreOptions } from '../storage/snapshot-rules.js';
import { emptyHardState, type HardState, type LogEntry, type SnapshotMeta } from '../types.js';

export interface DiskImage {
  /** Index and term of the entry just before entries[0] (the compaction point). */
  compactedIndex: number;
  compactedTerm: number;
  entries: LogEntry[];
  hardState: HardState;
}

function copyImage(image: DiskImage): DiskImage {
  return { ...image, entries: [...image.entries] };
}

export class SimDisk {
  image: DiskImage = { compactedIndex: 0, compactedTerm: 0, entries: [], hardState: emptyHardState };
  readonly snapshots: MemorySnapshotVolume = emptyMemorySnapshotVolume();
  /** Appends that overwrote a suffix of the log (a deposed leader's entries). */
  truncations = 0;
}

/** What a store asks of the world around it. */
export interface StoreHooks {
  /** Entries about to be written (the simulator checks log matching here). */
  appended(entries: readonly LogEntry[]): void;
  /** True when the power fails between this write and its fsync. */
  powerCutBeforeSync(): boolean;
  /** The power fails now: the process dies, this store is detached from the disk. */
  cutPower(): void;
}

/** A synchronous store: persist() writes and fsyncs before it returns. */
export class SimRaftStore implements RaftStore {
  /** The disk's own image while attached; a private copy once the process died. */
  private image: DiskImage;
  private attached = true;

  constructor(
    protected readonly disk: SimDisk,
    protected readonly hooks: StoreHooks,
  ) {
    this.image = disk.image;
  }

  firstIndex(): number {
    return this.image.compactedIndex + 1;
  }

  lastIndex(): number {
    return this.image.compactedIndex + this.image.entries.length;
  }

  term(index: number): number | undefined {
    if (index === this.image.compactedIndex) return this.image.compactedTerm;
    if (index < this.image.compactedIndex) return undefined;
    return this.image.entries[index - this.image.compactedIndex - 1]?.term;
  }

  entries(low: number, high: number, bytesMax: number): LogEntry[] {
    checkEntriesRange(low, high, bytesMax);
    const result: LogEntry[] = [];
    if (low < this.firstIndex()) return result;
    let bytes = 0;
    for (let index = low; index < high && index <= this.lastIndex(); index += 1) {
      const entry = this.image.entries[index - this.image.compactedIndex - 1] as LogEntry;
      bytes += entrySizeBytes(entry);
      if (result.length > 0 && bytes > bytesMax) break;
      result.push(entry);
    }
    return result;
  }

  hardState(): HardState {
    return this.image.hardState;
  }

  persist(batch: PersistBatch): void {
    checkPersist(this, batch);
    this.hooks.appended(batch.entries);
    // A power cut during the fsync: the process dies; the write never reaches the disk.
    if (this.hooks.powerCutBeforeSync()) this.hooks.cutPower();
    this.write(batch);
  }

  compact(upTo: number, termAtUpTo: number): void {
    if (!checkCompact(this, upTo, termAtUpTo)) return;
    this.image.entries = this.image.entries.slice(upTo - this.image.compactedIndex);
    this.image.compactedIndex = upTo;
    this.image.compactedTerm = termAtUpTo;
  }

  resetTo(meta: SnapshotMeta): void {
    checkResetTo(meta);
    this.image.entries = [];
    this.image.compactedIndex = meta.index;
    this.image.compactedTerm = meta.term;
  }

  close(): void {
    // Nothing to release: the disk outlives the store.
  }

  /** The process died: from now on it writes to its own memory only. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.image = copyImage(this.image);
  }

  /** Write (and, while attached, make durable) one batch. */
  protected write(batch: PersistBatch): void {
    const first = batch.entries[0];
    if (first !== undefined) {
      assert(
        first.index > this.image.compactedIndex && first.index <= this.lastIndex() + 1,
        `append at ${first.index} leaves a gap or rewrites the compacted log`,
      );
      if (first.index <= this.lastIndex() && this.attached) this.disk.truncations += 1;
      const kept = this.image.entries.slice(0, first.index - this.image.compactedIndex - 1);
      this.image.entries = kept.concat(batch.entries);
    }
    if (batch.hardState !== null) this.image.hardState = batch.hardState;
  }
}

export interface WriterHooks extends StoreHooks {
  /** How long this write's fsync takes, in virtual milliseconds. */
  syncDelayMs(): number;
  /** Run `action` after `delayMs` of virtual time, unless the process died meanwhile. */
  later(delayMs: number, label: string, action: () => void): void;
  /** A point in [0, delayMs] at which the power fails during this write. */
  powerCutWithin(delayMs: number): number;
  now(): number;
}

/** A store with a writer thread: persistAsync acknowledges each write later, in order. */
export class SimWriterStore extends SimRaftStore {
  private lastSyncAtMs = 0;

  constructor(
    disk: SimDisk,
    private readonly writer: WriterHooks,
  ) {
    super(disk, writer);
  }

  persistAsync(batch: PersistBatch): Promise<void> {
    checkPersist(this, batch);
    this.writer.appended(batch.entries);
    const nowMs = this.writer.now();
    const syncAtMs = Math.max(nowMs + this.writer.syncDelayMs(), this.lastSyncAtMs);
    this.lastSyncAtMs = syncAtMs;
    if (this.writer.powerCutBeforeSync()) {
      // Scheduled first, so at the same instant the power cut wins over the fsync.
      this.writer.later(this.writer.powerCutWithin(syncAtMs - nowMs), 'power cut', () => this.writer.cutPower());
    }
    return new Promise<void>((resolve) => {
      this.writer.later(syncAtMs - nowMs, 'fsync', () => {
        this.write(batch);
        resolve();
      });
    });
  }
}

/**
 * The snapshot files of one process, over the disk's snapshot volume (with
 * FileSnapshotStore's semantics, through MemorySnapshotStore). A snapshot is
 * published when its sink closes, as a file renamed into place; a dead process
 * publishes nothing.
 */
export class SimSnapshotStore implements SnapshotStore {
  private readonly inner: MemorySnapshotStore;

  constructor(
    volume: MemorySnapshotVolume,
    options: Partial<SnapshotStoreOptions>,
    private readonly alive: () => boolean,
  ) {
    this.inner = new MemorySnapshotStore(options, volume);
  }

  async create(meta: Omit<SnapshotMeta, 'id' | 'size'>): Promise<SnapshotSink> {
    const sink = await this.inner.create(meta);
    const alive = this.alive;
    return {
      id: sink.id,
      write: (chunk) => sink.write(chunk),
      close: () => (alive() ? sink.close() : new Promise<SnapshotMeta>(() => undefined)),
      cancel: () => sink.cancel(),
    };
  }

  list(): Promise<SnapshotMeta[]> {
    return this.inner.list();
  }

  open(id: string): Promise<SnapshotSource> {
    return this.inner.open(id);
  }
}
