/**
 * What only the file store has to prove: damaged snapshots are caught (checksum at
 * the end of the stream, size against the meta, unreadable meta), leftovers of a
 * crash are cleaned up, and ids cannot name paths outside the store folder.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotStore } from '../interfaces.js';
import type { SnapshotMeta } from '../types.js';
import { FileSnapshotStore } from './file-snapshot-store.js';
import { isStorageError } from './storage-error.js';

async function publish(store: SnapshotStore, index: number, data: Uint8Array): Promise<SnapshotMeta> {
  const sink = await store.create({ index, term: 1, configuration: { servers: [] }, configurationIndex: 0 });
  await sink.write(data);
  return sink.close();
}

async function drain(store: SnapshotStore, id: string): Promise<unknown> {
  try {
    const source = await store.open(id);
    for await (const chunk of source.chunks()) void chunk;
  } catch (error: unknown) {
    return error;
  }
  return null;
}

describe('FileSnapshotStore', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'file-snapshots-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('lays a published snapshot out as <id>/data and <id>/meta.json, with no temporary folder left', async () => {
    const store = await FileSnapshotStore.open(folder);
    const meta = await publish(store, 3, Buffer.from('state'));
    expect(readdirSync(folder)).toEqual([meta.id]);
    expect(readdirSync(join(folder, meta.id)).sort()).toEqual(['data', 'meta.json']);
  });

  it('fails the stream with checksum-mismatch when a byte of the data changed on disk', async () => {
    const store = await FileSnapshotStore.open(folder, { chunkBytes: 4096 });
    const meta = await publish(store, 3, randomBytes(20_000));
    const handle = await openFile(join(folder, meta.id, 'data'), 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 15_000);
    await handle.write(Buffer.from([(byte[0] ?? 0) ^ 0xff]), 0, 1, 15_000);
    await handle.close();
    expect(isStorageError(await drain(store, meta.id), 'checksum-mismatch')).toBe(true);
  });

  it('skips and removes a snapshot whose data is shorter than its meta says', async () => {
    const store = await FileSnapshotStore.open(folder);
    const kept = await publish(store, 2, Buffer.from('kept'));
    const damaged = await publish(store, 3, randomBytes(1000));
    truncateSync(join(folder, damaged.id, 'data'), 10);
    expect(await store.list()).toEqual([kept]);
    expect(existsSync(join(folder, damaged.id))).toBe(false);
  });

  it('skips and removes a snapshot whose meta.json is unreadable', async () => {
    const store = await FileSnapshotStore.open(folder);
    const damaged = await publish(store, 3, Buffer.from('x'));
    writeFileSync(join(folder, damaged.id, 'meta.json'), '{"formatVersion": 1, "me');
    expect(await store.list()).toEqual([]);
    expect(existsSync(join(folder, damaged.id))).toBe(false);
  });

  it('removes temporary folders left by a crash when it opens', async () => {
    mkdirSync(join(folder, '9-1-abc.tmp'));
    writeFileSync(join(folder, '9-1-abc.tmp', 'data'), 'partial');
    await FileSnapshotStore.open(folder);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('does not let an id name a path outside its folder', async () => {
    const store = await FileSnapshotStore.open(join(folder, 'store'));
    mkdirSync(join(folder, 'outside'));
    expect(isStorageError(await drain(store, '../outside'), 'not-found')).toBe(true);
  });

  it('keeps streaming a snapshot that retention deletes while it is being read', async () => {
    const store = await FileSnapshotStore.open(folder, { retain: 1, chunkBytes: 1024 });
    const data = randomBytes(10_000);
    const old = await publish(store, 1, data);
    const source = await store.open(old.id);
    const chunks: Buffer[] = [];
    for await (const chunk of source.chunks()) {
      if (chunks.length === 0) await publish(store, 2, Buffer.from('newer'));
      chunks.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect((await store.list()).map((meta) => meta.index)).toEqual([2]);
  });
});
