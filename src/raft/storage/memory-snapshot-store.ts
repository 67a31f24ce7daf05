/**
 * SnapshotStore in memory, with the semantics of FileSnapshotStore, for tests and
 * the simulator. Published snapshots live in a MemorySnapshotVolume that outlives
 * the store, so a test can "restart" by opening a new store on the same volume;
 * a sink that was never closed leaves nothing on the volume.
 */
import { assert } from '../errors.js';
import type { SnapshotSink, SnapshotSource, SnapshotStore } from '../interfaces.js';
import type { SnapshotMeta } from '../types.js';
import {
  checkSnapshotPoint,
  copyMeta,
  newestFirst,
  snapshotId,
  snapshotStoreOptions,
  type SnapshotPoint,
  type SnapshotStoreOptions,
} from './snapshot-rules.js';
import { StorageError } from './storage-error.js';

interface StoredSnapshot {
  readonly meta: SnapshotMeta;
  readonly data: Uint8Array;
}

/** What survives a restart of a MemorySnapshotStore. */
export interface MemorySnapshotVolume {
  readonly published: Map<string, StoredSnapshot>;
  /** Makes ids unique and deterministic (the simulator replays from a seed). */
  nextSequence: number;
}

export function emptyMemorySnapshotVolume(): MemorySnapshotVolume {
  return { published: new Map(), nextSequence: 1 };
}

export class MemorySnapshotStore implements SnapshotStore {
  private readonly volume: MemorySnapshotVolume;
  private readonly options: SnapshotStoreOptions;

  constructor(options: Partial<SnapshotStoreOptions> = {}, volume: MemorySnapshotVolume = emptyMemorySnapshotVolume()) {
    this.options = snapshotStoreOptions(options);
    this.volume = volume;
  }

  async create(point: SnapshotPoint): Promise<SnapshotSink> {
    checkSnapshotPoint(point);
    const id = snapshotId(point, String(this.volume.nextSequence));
    this.volume.nextSequence += 1;
    return new MemorySnapshotSink(id, point, this.options.sizeBytesMax, (stored) => this.publish(stored));
  }

  async list(): Promise<SnapshotMeta[]> {
    return this.sorted().map(copyMeta);
  }

  async open(id: string): Promise<SnapshotSource> {
    const stored = this.volume.published.get(id);
    if (stored === undefined) throw new StorageError('not-found', `no snapshot ${id}`);
    const chunkBytes = this.options.chunkBytes;
    return {
      meta: copyMeta(stored.meta),
      async *chunks(): AsyncIterable<Uint8Array> {
        for (let offset = 0; offset < stored.data.byteLength; offset += chunkBytes) {
          yield stored.data.slice(offset, offset + chunkBytes);
        }
      },
    };
  }

  private sorted(): SnapshotMeta[] {
    return [...this.volume.published.values()].map((stored) => stored.meta).sort(newestFirst);
  }

  private publish(stored: StoredSnapshot): void {
    this.volume.published.set(stored.meta.id, stored);
    for (const old of this.sorted().slice(this.options.retain)) this.volume.published.delete(old.id);
  }
}

class MemorySnapshotSink implements SnapshotSink {
  readonly id: string;
  private readonly point: SnapshotPoint;
  private readonly sizeBytesMax: number;
  private readonly onPublish: (stored: StoredSnapshot) => void;
  private chunks: Uint8Array[] = [];
  private size = 0;
  private state: 'open' | 'published' | 'cancelled' = 'open';

  constructor(id: string, point: SnapshotPoint, sizeBytesMax: number, onPublish: (stored: StoredSnapshot) => void) {
    this.id = id;
    this.point = point;
    this.sizeBytesMax = sizeBytesMax;
    this.onPublish = onPublish;
  }

  async write(chunk: Uint8Array): Promise<void> {
    assert(this.state === 'open', `snapshot sink ${this.id} written after it was ${this.state}`);
    if (this.size + chunk.byteLength > this.sizeBytesMax) {
      throw new StorageError('too-large', `snapshot ${this.id} exceeds ${this.sizeBytesMax} bytes`);
    }
    this.chunks.push(Uint8Array.from(chunk));
    this.size += chunk.byteLength;
  }

  async close(): Promise<SnapshotMeta> {
    assert(this.state === 'open', `snapshot sink ${this.id} closed after it was ${this.state}`);
    const data = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, offset);
      offset += chunk.byteLength;
    }
    this.chunks = [];
    this.state = 'published';
    const meta = copyMeta({ ...this.point, id: this.id, size: this.size });
    this.onPublish({ meta, data });
    return copyMeta(meta);
  }

  async cancel(): Promise<void> {
    if (this.state === 'open') {
      this.chunks = [];
      this.state = 'cancelled';
    }
  }
}
