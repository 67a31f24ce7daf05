/**
 * Which tables the proxy owns: a base table named `tableName` and `shards`
 * shard tables `tableName-0` … `tableName-(shards-1)`. A Service lives in the
 * shard given by a stable hash of namespace/name, so its shard never changes
 * while the shard count stays the same. Shard numbers are bounded by
 * `shardsMax`, which lets a full sync and stop() remove every shard a previous
 * run may have left (even with another count) without listing the ruleset:
 * `nft list tables` dumps everything and takes over a second at 5,000 Services.
 */
import { assertNetwork } from '../network-error.js';

/** Shard tables a proxy may have; also the range cleaned up at every full sync and at stop. */
export const shardsMax = 64;
export const defaultShards = 16;

export function shardTableName(tableName: string, shard: number): string {
  assertNetwork(
    Number.isInteger(shard) && shard >= 0 && shard < shardsMax,
    `shard ${shard} out of 0..${shardsMax - 1}`,
  );
  return `${tableName}-${shard}`;
}

/**
 * The shard of a Service (key namespace/name): 32-bit FNV-1a of the key,
 * modulo the count. Not cryptographic (nothing is gained by steering a Service
 * into a shard), just stable, well spread and cheap enough to compute at every
 * use (a full sync asks for each Service several times).
 */
export function shardOf(serviceKey: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < serviceKey.length; index += 1) {
    hash ^= serviceKey.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** `add table` + `delete table` for the base and every possible shard: valid whether or not each exists. */
export function deleteAllTablesLines(tableName: string): string[] {
  const lines: string[] = [];
  for (const table of [
    tableName,
    ...Array.from({ length: shardsMax }, (_, shard) => shardTableName(tableName, shard)),
  ]) {
    lines.push(`add table ip ${table}`, `delete table ip ${table}`);
  }
  return lines;
}
