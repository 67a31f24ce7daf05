/**
 * One conformance suite, run against every SnapshotStore: publishing, ordering,
 * retention, cancel, bounded streaming of a multi-megabyte snapshot, size limits,
 * and a crash mid-write that must leave nothing visible after a restart.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AssertionError } from '../errors.js';
import type { SnapshotSource, SnapshotStore } from '../interfaces.js';
import type { SnapshotMeta } from '../types.js';
import { FileSnapshotStore } from './file-snapshot-store.js';
import { emptyMemorySnapshotVolume, MemorySnapshotStore } from './memory-snapshot-store.js';
import type { SnapshotPoint, SnapshotStoreOptions } from './snapshot-rules.js';
import { isStorageError } from './storage-error.js';

/** Opens a store on a fresh medium; `reopen` opens a new store on the same medium (a restart). */
interface SnapshotStoreFactory {
  open(options: Partial<SnapshotStoreOptions>): Promise<SnapshotStore>;
  reopen(options: Partial<SnapshotStoreOptions>): Promise<SnapshotStore>;
  cleanup(): void;
}

function point(index: number, term = 1): SnapshotPoint {
  return {
    index,
    term,
    configuration: { servers: [{ id: 'a', address: 'x:1', suffrage: 'voter' }] },
    configurationIndex: Math.min(index, 1),
  };
}

async function publish(
  store: SnapshotStore,
  at: SnapshotPoint,
  data: Uint8Array,
  chunkBytes = 1000,
): Promise<SnapshotMeta> {
  const sink = await store.create(at);
  for (let offset = 0; offset < data.byteLength; offset += chunkBytes)
    await sink.write(data.subarray(offset, offset + chunkBytes));
  return sink.close();
}

async function readAll(source: SnapshotSource): Promise<{ data: Buffer; chunkSizes: number[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of source.chunks()) chunks.push(Buffer.from(chunk));
  return { data: Buffer.concat(chunks), chunkSizes: chunks.map((chunk) => chunk.byteLength) };
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected a rejection');
}

function describeSnapshotStore(name: string, makeFactory: () => SnapshotStoreFactory): void {
  describe(`SnapshotStore conformance: ${name}`, () => {
    let factory: SnapshotStoreFactory = makeFactory();
    const open = (options: Partial<SnapshotStoreOptions> = {}): Promise<SnapshotStore> => {
      factory = makeFactory();
      return factory.open(options);
    };
    afterEach(() => factory.cleanup());

    it('publishes a snapshot on close: listed with its size, opened with the same bytes', async () => {
      const store = await open();
      const data = randomBytes(5000);
      const meta = await publish(store, point(10, 2), data);
      expect(meta).toMatchObject({ index: 10, term: 2, configurationIndex: 1, size: 5000 });
      expect(await store.list()).toEqual([meta]);
      const source = await store.open(meta.id);
      expect(source.meta).toEqual(meta);
      expect((await readAll(source)).data.equals(data)).toBe(true);
    });

    it('publishes an empty snapshot', async () => {
      const store = await open();
      const meta = await publish(store, point(0, 0), new Uint8Array(0));
      expect((await readAll(await store.open(meta.id))).data.byteLength).toBe(0);
    });

    it('lists newest (highest index) first and keeps only the newest `retain`', async () => {
      const store = await open({ retain: 2 });
      const first = await publish(store, point(5), Buffer.from('five'));
      const third = await publish(store, point(20), Buffer.from('twenty'));
      expect((await store.list()).map((meta) => meta.index)).toEqual([20, 5]);
      await publish(store, point(12), Buffer.from('twelve'));
      expect((await store.list()).map((meta) => meta.index)).toEqual([20, 12]);
      expect(isStorageError(await errorOf(store.open(first.id)), 'not-found')).toBe(true);
      expect((await readAll(await store.open(third.id))).data.toString()).toBe('twenty');
    });

    it('gives two snapshots of the same point distinct ids', async () => {
      const store = await open({ retain: 5 });
      const one = await publish(store, point(7), Buffer.from('a'));
      const two = await publish(store, point(7), Buffer.from('a'));
      expect(one.id).not.toBe(two.id);
      expect(await store.list()).toHaveLength(2);
    });

    it('makes nothing visible when a sink is cancelled', async () => {
      const store = await open();
      const sink = await store.create(point(3));
      await sink.write(Buffer.from('partial'));
      await sink.cancel();
      await sink.cancel();
      expect(await store.list()).toEqual([]);
      expect(isStorageError(await errorOf(store.open(sink.id)), 'not-found')).toBe(true);
    });

    it('streams a multi-megabyte snapshot in chunks no larger than chunkBytes', async () => {
      const chunkBytes = 64 * 1024;
      const store = await open({ chunkBytes });
      const data = randomBytes(3 * 1024 * 1024 + 123);
      const meta = await publish(store, point(100), data, 100_000);
      const { data: read, chunkSizes } = await readAll(await store.open(meta.id));
      expect(read.equals(data)).toBe(true);
      expect(Math.max(...chunkSizes)).toBeLessThanOrEqual(chunkBytes);
      expect(chunkSizes.length).toBe(Math.ceil(data.byteLength / chunkBytes));
    });

    it('refuses data beyond sizeBytesMax with a too-large error', async () => {
      const store = await open({ sizeBytesMax: 10 });
      const sink = await store.create(point(1));
      await sink.write(Buffer.from('12345'));
      expect(isStorageError(await errorOf(sink.write(Buffer.from('678901'))), 'too-large')).toBe(true);
      await sink.cancel();
      expect(await store.list()).toEqual([]);
    });

    it('treats writing to a published sink as a programmer error', async () => {
      const store = await open();
      const sink = await store.create(point(1));
      await sink.close();
      await expect(sink.write(Buffer.from('late'))).rejects.toBeInstanceOf(AssertionError);
    });

    it('shows nothing of a sink that was never closed once the store is reopened after a crash', async () => {
      const store = await open();
      const kept = await publish(store, point(4), Buffer.from('kept'));
      const sink = await store.create(point(9));
      await sink.write(randomBytes(100_000));
      const restarted = await factory.reopen({});
      expect(await restarted.list()).toEqual([kept]);
      expect(isStorageError(await errorOf(restarted.open(sink.id)), 'not-found')).toBe(true);
      const next = await publish(restarted, point(9), Buffer.from('again'));
      expect((await restarted.list()).map((meta) => meta.id)).toEqual([next.id, kept.id]);
      await sink.cancel();
    });
  });
}

describeSnapshotStore('MemorySnapshotStore', () => {
  const volume = emptyMemorySnapshotVolume();
  return {
    open: (options) => Promise.resolve(new MemorySnapshotStore(options, volume)),
    reopen: (options) => Promise.resolve(new MemorySnapshotStore(options, volume)),
    cleanup: () => undefined,
  };
});

describeSnapshotStore('FileSnapshotStore', () => {
  const folder = mkdtempSync(join(tmpdir(), 'snapshot-store-'));
  return {
    open: (options) => FileSnapshotStore.open(folder, options),
    reopen: (options) => FileSnapshotStore.open(folder, options),
    cleanup: () => rmSync(folder, { recursive: true, force: true }),
  };
});
