/**
 * What the file and in-memory snapshot stores share: options and their
 * validation, the checks on a new snapshot's point, ids, and ordering.
 */
import { assert } from '../errors.js';
import type { SnapshotMeta } from '../types.js';

export interface SnapshotStoreOptions {
  /** Published snapshots kept; older ones are deleted after a new one is published. */
  retain: number;
  /** Largest chunk open(id).chunks() yields. */
  chunkBytes: number;
  /** Largest snapshot a sink accepts. */
  sizeBytesMax: number;
}

export const chunkBytesMax = 64 * 1024 * 1024;

export function defaultSnapshotStoreOptions(): SnapshotStoreOptions {
  return { retain: 2, chunkBytes: 256 * 1024, sizeBytesMax: 64 * 1024 * 1024 * 1024 };
}

export function snapshotStoreOptions(options: Partial<SnapshotStoreOptions>): SnapshotStoreOptions {
  const merged = { ...defaultSnapshotStoreOptions(), ...options };
  for (const [field, value] of Object.entries(merged)) {
    assert(
      Number.isSafeInteger(value) && value > 0,
      `snapshot store option ${field} is a positive integer, got ${String(value)}`,
    );
  }
  assert(
    merged.chunkBytes <= chunkBytesMax,
    `snapshot store option chunkBytes is at most ${chunkBytesMax}, got ${merged.chunkBytes}`,
  );
  return merged;
}

export type SnapshotPoint = Omit<SnapshotMeta, 'id' | 'size'>;

export function checkSnapshotPoint(point: SnapshotPoint): void {
  assert(
    Number.isSafeInteger(point.index) && point.index >= 0,
    `snapshot index ${point.index} is a non-negative integer`,
  );
  assert(Number.isSafeInteger(point.term) && point.term >= 0, `snapshot term ${point.term} is a non-negative integer`);
  assert(
    Number.isSafeInteger(point.configurationIndex) &&
      point.configurationIndex >= 0 &&
      point.configurationIndex <= point.index,
    `snapshot configurationIndex ${point.configurationIndex} is within [0, ${point.index}]`,
  );
  assert(Array.isArray(point.configuration.servers), 'snapshot configuration has a server list');
}

/** Ids name the point first, so they sort and read well in a folder listing; `suffix` makes them unique. */
export function snapshotId(point: SnapshotPoint, suffix: string): string {
  return `${point.index}-${point.term}-${suffix}`;
}

/** Safe as a single path component: digits, letters and dashes only. */
export const snapshotIdPattern = /^[0-9]+-[0-9]+-[0-9a-z-]+$/;

/** Newest first: highest index, then highest term; the id decides between copies of the same point. */
export function newestFirst(a: SnapshotMeta, b: SnapshotMeta): number {
  if (a.index !== b.index) return b.index - a.index;
  if (a.term !== b.term) return b.term - a.term;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A plain copy of the meta, so callers never share mutable objects with a store. */
export function copyMeta(meta: SnapshotMeta): SnapshotMeta {
  return {
    id: meta.id,
    index: meta.index,
    term: meta.term,
    configurationIndex: meta.configurationIndex,
    size: meta.size,
    configuration: {
      servers: meta.configuration.servers.map((server) => ({
        id: server.id,
        address: server.address,
        suffrage: server.suffrage,
      })),
    },
  };
}
