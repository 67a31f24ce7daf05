/**
 * A snapshot being written to disk: data goes to a temporary folder, and close()
 * publishes it with fsyncs and one atomic rename, so a crash at any moment leaves
 * either the whole snapshot or nothing visible.
 */
import { createHash, type Hash } from 'node:crypto';
import { rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { assert } from '../errors.js';
import type { SnapshotSink } from '../interfaces.js';
import type { SnapshotMeta } from '../types.js';
import { syncDirectory, writeFileDurably, writeFully } from './durable-files.js';
import { copyMeta, type SnapshotPoint } from './snapshot-rules.js';
import { StorageError } from './storage-error.js';

export const dataFileName = 'data';
export const metaFileName = 'meta.json';
export const metaFormatVersion = 1;

/** The content of meta.json. */
export interface SnapshotMetaFile {
  readonly formatVersion: number;
  readonly meta: SnapshotMeta;
  readonly sha256: string;
}

export interface FileSnapshotSinkOptions {
  readonly id: string;
  readonly point: SnapshotPoint;
  readonly handle: FileHandle;
  readonly storeFolder: string;
  readonly temporaryFolder: string;
  readonly finalFolder: string;
  readonly sizeBytesMax: number;
  /** Called once the snapshot is published (retention runs there). */
  readonly onPublished: (meta: SnapshotMeta) => Promise<void>;
}

export class FileSnapshotSink implements SnapshotSink {
  readonly id: string;
  private readonly options: FileSnapshotSinkOptions;
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  private state: 'open' | 'writing' | 'closing' | 'published' | 'cancelled' = 'open';

  constructor(options: FileSnapshotSinkOptions) {
    this.id = options.id;
    this.options = options;
  }

  async write(chunk: Uint8Array): Promise<void> {
    assert(
      this.state === 'open',
      `snapshot sink ${this.id}: write while ${this.state} (writes must be awaited one at a time)`,
    );
    if (this.size + chunk.byteLength > this.options.sizeBytesMax) {
      throw new StorageError('too-large', `snapshot ${this.id} exceeds ${this.options.sizeBytesMax} bytes`);
    }
    this.state = 'writing';
    try {
      await writeFully(this.options.handle, chunk);
      this.hash.update(chunk);
      this.size += chunk.byteLength;
    } catch (error: unknown) {
      throw new StorageError('io', `writing snapshot ${this.id} failed: ${String(error)}`, { cause: error });
    } finally {
      this.state = 'open';
    }
  }

  async close(): Promise<SnapshotMeta> {
    assert(this.state === 'open', `snapshot sink ${this.id}: close while ${this.state}`);
    this.state = 'closing';
    const meta = copyMeta({ ...this.options.point, id: this.id, size: this.size });
    try {
      await this.publish(meta);
    } catch (error: unknown) {
      await this.removeTemporary();
      this.state = 'cancelled';
      throw new StorageError('io', `publishing snapshot ${this.id} failed: ${String(error)}`, { cause: error });
    }
    this.state = 'published';
    await this.options.onPublished(meta);
    return copyMeta(meta);
  }

  async cancel(): Promise<void> {
    if (this.state === 'published' || this.state === 'cancelled') return;
    this.state = 'cancelled';
    await this.removeTemporary();
  }

  private async publish(meta: SnapshotMeta): Promise<void> {
    const { handle, temporaryFolder, finalFolder, storeFolder } = this.options;
    await handle.sync();
    await handle.close();
    const file: SnapshotMetaFile = { formatVersion: metaFormatVersion, meta, sha256: this.hash.digest('hex') };
    await writeFileDurably(join(temporaryFolder, metaFileName), new TextEncoder().encode(JSON.stringify(file)));
    await syncDirectory(temporaryFolder);
    await rename(temporaryFolder, finalFolder);
    await syncDirectory(storeFolder);
  }

  private async removeTemporary(): Promise<void> {
    await this.options.handle.close().catch(() => undefined);
    await rm(this.options.temporaryFolder, { recursive: true, force: true });
  }
}
