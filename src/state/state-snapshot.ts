/**
 * Snapshot files of the state database: a consistent copy taken with
 * `VACUUM INTO`, streamed out in bounded chunks; and the other way, chunks
 * written to a file that is checked before it may replace the live database.
 */
import { closeSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { FSMSnapshot, SnapshotSink } from '../raft/interfaces.js';
import { verifySchema } from './schema.js';
import { assert, isStateError, StateError } from './state-error.js';

/** A captured copy of the state; persist() streams it, release() deletes it. */
export class StateSnapshot implements FSMSnapshot {
  private released = false;

  constructor(
    readonly path: string,
    readonly appliedIndex: number,
    private readonly chunkBytes: number,
  ) {}

  async persist(sink: SnapshotSink): Promise<void> {
    assert(!this.released, 'persist() before release()');
    const file = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(this.chunkBytes);
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        // A copy: the sink may keep the chunk while we reuse the buffer.
        await sink.write(Uint8Array.prototype.slice.call(buffer, 0, bytesRead));
      }
    } finally {
      await file.close();
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.path, { force: true });
  }
}

/** Write the chunks to `path` and make the file durable. */
export async function writeChunks(path: string, chunks: AsyncIterable<Uint8Array>, bytesMax: number): Promise<number> {
  const file = await open(path, 'w');
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      if (bytes > bytesMax) throw new StateError('bad-snapshot', `snapshot data is larger than ${bytesMax} bytes`);
      await file.write(chunk);
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return bytes;
}

/**
 * Check that the file is an intact state database of this schema and stamp the
 * snapshot's index as applied (the snapshot may have been cut after entries
 * that never reach the FSM, such as a leader's no-op). Leaves a single file
 * (rollback journal mode) ready to be renamed into place.
 */
export function prepareRestoredFile(path: string, snapshotIndex: number): void {
  let database: Database.Database | undefined;
  try {
    database = new Database(path, { fileMustExist: true });
    const check = database.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      throw new StateError('bad-snapshot', `snapshot database fails its integrity check: ${String(check)}`);
    verifySchema(database);
    database.prepare('UPDATE meta SET applied_index = max(applied_index, ?) WHERE id = 1').run(snapshotIndex);
    database.pragma('journal_mode = DELETE');
  } catch (error: unknown) {
    if (isStateError(error)) throw error;
    throw new StateError('bad-snapshot', `snapshot data is not a state database: ${String(error)}`);
  } finally {
    database?.close();
  }
}

/** Make a rename durable: fsync the directory that holds the entry. */
export function syncDirectory(directory: string): void {
  const descriptor = openSync(directory, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
