/**
 * SnapshotStore on disk: one folder per published snapshot (`data` + `meta.json`
 * holding the SHA-256 of the data), published by atomic rename; unfinished
 * `*.tmp` folders are removed on open. Data is streamed in bounded chunks and
 * verified against its checksum at the end of the stream.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotSink, SnapshotSource, SnapshotStore } from '../interfaces.js';
import type { SnapshotMeta } from '../types.js';
import { hasErrorCode, syncDirectory } from './durable-files.js';
import {
  dataFileName,
  FileSnapshotSink,
  metaFileName,
  metaFormatVersion,
  type SnapshotMetaFile,
} from './file-snapshot-sink.js';
import {
  checkSnapshotPoint,
  copyMeta,
  newestFirst,
  snapshotId,
  snapshotIdPattern,
  snapshotStoreOptions,
  type SnapshotPoint,
  type SnapshotStoreOptions,
} from './snapshot-rules.js';
import { StorageError } from './storage-error.js';

const temporarySuffix = '.tmp';
/** meta.json is small; anything larger is not ours. */
const metaFileBytesMax = 1024 * 1024;

/** A published snapshot as read back: its meta and the checksum of its data. */
interface PublishedSnapshot {
  readonly meta: SnapshotMeta;
  readonly sha256: string;
}

export class FileSnapshotStore implements SnapshotStore {
  private readonly folder: string;
  private readonly options: SnapshotStoreOptions;

  /** Opens (creating) the store folder and removes snapshots left unfinished by a crash. */
  static async open(folder: string, options: Partial<SnapshotStoreOptions> = {}): Promise<FileSnapshotStore> {
    const store = new FileSnapshotStore(folder, snapshotStoreOptions(options));
    await mkdir(folder, { recursive: true });
    const names = await readdir(folder);
    const unfinished = names.filter((name) => name.endsWith(temporarySuffix));
    for (const name of unfinished) await rm(join(folder, name), { recursive: true, force: true });
    if (unfinished.length > 0) await syncDirectory(folder);
    return store;
  }

  private constructor(folder: string, options: SnapshotStoreOptions) {
    this.folder = folder;
    this.options = options;
  }

  async create(point: SnapshotPoint): Promise<SnapshotSink> {
    checkSnapshotPoint(point);
    const id = snapshotId(point, `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
    const temporaryFolder = join(this.folder, id + temporarySuffix);
    await mkdir(temporaryFolder);
    let handle: FileHandle;
    try {
      handle = await open(join(temporaryFolder, dataFileName), 'wx');
    } catch (error: unknown) {
      await rm(temporaryFolder, { recursive: true, force: true });
      throw new StorageError('io', `creating snapshot ${id} failed: ${String(error)}`, { cause: error });
    }
    return new FileSnapshotSink({
      id,
      point,
      handle,
      temporaryFolder,
      storeFolder: this.folder,
      finalFolder: join(this.folder, id),
      sizeBytesMax: this.options.sizeBytesMax,
      onPublished: () => this.applyRetention(),
    });
  }

  /** Published snapshots, newest first; corrupt ones are removed and skipped. */
  async list(): Promise<SnapshotMeta[]> {
    return (await this.published()).map((snapshot) => copyMeta(snapshot.meta));
  }

  async open(id: string): Promise<SnapshotSource> {
    if (!snapshotIdPattern.test(id))
      throw new StorageError('not-found', `no snapshot ${JSON.stringify(id)} (not a snapshot id)`);
    const snapshot = await this.read(id);
    if (snapshot === 'missing') throw new StorageError('not-found', `no snapshot ${id}`);
    if (snapshot === 'corrupt') throw new StorageError('corrupt', `snapshot ${id} is damaged`);
    const path = join(this.folder, id, dataFileName);
    const chunkBytes = this.options.chunkBytes;
    return { meta: copyMeta(snapshot.meta), chunks: () => streamVerified(path, snapshot, chunkBytes) };
  }

  private async published(): Promise<PublishedSnapshot[]> {
    let names: string[];
    try {
      names = (await readdir(this.folder)).filter((name) => snapshotIdPattern.test(name));
    } catch (error: unknown) {
      throw new StorageError('io', `listing snapshots in ${this.folder} failed: ${String(error)}`, { cause: error });
    }
    const found: PublishedSnapshot[] = [];
    for (const name of names) {
      const snapshot = await this.read(name);
      if (snapshot === 'corrupt') await rm(join(this.folder, name), { recursive: true, force: true });
      else if (snapshot !== 'missing') found.push(snapshot);
    }
    return found.sort((a, b) => newestFirst(a.meta, b.meta));
  }

  /**
   * Keeps the `retain` newest snapshots. Streams already open keep reading their
   * (unlinked) files. Best effort: the new snapshot is already published, and a
   * failure here is retried by the next publish, so it must not fail close().
   */
  private async applyRetention(): Promise<void> {
    try {
      const old = (await this.published()).slice(this.options.retain);
      for (const snapshot of old) await rm(join(this.folder, snapshot.meta.id), { recursive: true, force: true });
      if (old.length > 0) await syncDirectory(this.folder);
    } catch {
      // Retried on the next publish (see above).
    }
  }

  /** Reads and checks one snapshot's meta.json against its folder and data file. */
  private async read(id: string): Promise<PublishedSnapshot | 'missing' | 'corrupt'> {
    const folder = join(this.folder, id);
    let text: string;
    let dataBytes: number;
    try {
      const metaStat = await stat(join(folder, metaFileName));
      if (metaStat.size > metaFileBytesMax) return 'corrupt';
      text = await readFile(join(folder, metaFileName), 'utf8');
      dataBytes = (await stat(join(folder, dataFileName))).size;
    } catch (error: unknown) {
      if (!hasErrorCode(error, 'ENOENT'))
        throw new StorageError('io', `reading snapshot ${id} failed: ${String(error)}`, { cause: error });
      return (await folderExists(folder)) ? 'corrupt' : 'missing';
    }
    const parsed = parseMetaFile(text);
    if (parsed === null || parsed.meta.id !== id || parsed.meta.size !== dataBytes) return 'corrupt';
    return parsed;
  }
}

async function folderExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The meta file as written by FileSnapshotSink, or null for anything else. */
function parseMetaFile(text: string): PublishedSnapshot | null {
  let file: Partial<SnapshotMetaFile>;
  try {
    file = JSON.parse(text) as Partial<SnapshotMetaFile>;
  } catch {
    return null;
  }
  const meta = file.meta as Partial<SnapshotMeta> | undefined;
  if (
    file.formatVersion !== metaFormatVersion ||
    typeof file.sha256 !== 'string' ||
    meta === undefined ||
    typeof meta.id !== 'string'
  )
    return null;
  if (![meta.index, meta.term, meta.configurationIndex, meta.size].every(isNonNegativeInteger)) return null;
  if (
    typeof meta.configuration !== 'object' ||
    meta.configuration === null ||
    !Array.isArray(meta.configuration.servers)
  )
    return null;
  return { meta: copyMeta(meta as SnapshotMeta), sha256: file.sha256 };
}

/** Streams a data file in chunks of at most `chunkBytes`, checking size and SHA-256 at the end. */
async function* streamVerified(
  path: string,
  snapshot: PublishedSnapshot,
  chunkBytes: number,
): AsyncGenerator<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error: unknown) {
    if (hasErrorCode(error, 'ENOENT')) throw new StorageError('not-found', `snapshot ${snapshot.meta.id} was removed`);
    throw new StorageError('io', `opening snapshot ${snapshot.meta.id} failed: ${String(error)}`, { cause: error });
  }
  try {
    const hash = createHash('sha256');
    let total = 0;
    for (;;) {
      // One byte past the declared size would reveal a file that grew.
      const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, snapshot.meta.size - total)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > snapshot.meta.size)
        throw new StorageError(
          'corrupt',
          `snapshot ${snapshot.meta.id} is longer than its declared ${snapshot.meta.size} bytes`,
        );
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      yield chunk;
    }
    if (total !== snapshot.meta.size)
      throw new StorageError(
        'corrupt',
        `snapshot ${snapshot.meta.id} has ${total} bytes, declared ${snapshot.meta.size}`,
      );
    if (hash.digest('hex') !== snapshot.sha256)
      throw new StorageError('checksum-mismatch', `snapshot ${snapshot.meta.id} does not match its checksum`);
  } finally {
    await handle.close();
  }
}
