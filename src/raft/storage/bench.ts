/**
 * Measures SqliteRaftStore on this machine's disk and prints one JSON line per
 * measurement:
 *   - persist of a 100-entry batch of 256-byte entries (the group-commit case);
 *   - single-entry persists per second (one fsync each: the latency floor).
 *
 *   make build && node dist/src/raft/storage/bench.js [--duration-ms 3000] [--dir D]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { LogEntry } from '../types.js';
import { SqliteRaftStore } from './sqlite-store.js';

interface Measurement {
  persists: number;
  entries: number;
  elapsedMs: number;
  latenciesMs: number[];
}

function percentile(sorted: readonly number[], fraction: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  return Math.round(value * 1000) / 1000;
}

function makeEntries(first: number, count: number, term: number, bytes: number): LogEntry[] {
  const data = new Uint8Array(bytes).fill(0x61);
  return Array.from({ length: count }, (_, offset) => ({
    index: first + offset,
    term,
    type: 'command' as const,
    data,
  }));
}

/** Persists batches of `batchEntries` until `durationMs` has passed (and at least 10 batches). */
function measure(store: SqliteRaftStore, batchEntries: number, entryBytes: number, durationMs: number): Measurement {
  const latenciesMs: number[] = [];
  const startedMs = performance.now();
  let entries = 0;
  while (performance.now() - startedMs < durationMs || latenciesMs.length < 10) {
    const batch = makeEntries(store.lastIndex() + 1, batchEntries, 1, entryBytes);
    const beforeMs = performance.now();
    store.persist({ hardState: null, entries: batch });
    latenciesMs.push(performance.now() - beforeMs);
    entries += batchEntries;
  }
  return { persists: latenciesMs.length, entries, elapsedMs: performance.now() - startedMs, latenciesMs };
}

function report(name: string, batchEntries: number, entryBytes: number, result: Measurement): void {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const seconds = result.elapsedMs / 1000;
  process.stdout.write(
    JSON.stringify({
      bench: name,
      batchEntries,
      entryBytes,
      persists: result.persists,
      persistsPerSecond: Math.round(result.persists / seconds),
      entriesPerSecond: Math.round(result.entries / seconds),
      persistMsP50: percentile(sorted, 0.5),
      persistMsP99: percentile(sorted, 0.99),
      persistMsMax: percentile(sorted, 1),
    }) + '\n',
  );
}

function main(): void {
  const { values } = parseArgs({
    options: { 'duration-ms': { type: 'string', default: '3000' }, dir: { type: 'string' } },
  });
  const durationMs = Number(values['duration-ms']);
  if (!Number.isInteger(durationMs) || durationMs <= 0) throw new Error('--duration-ms: a positive integer');
  const folder = mkdtempSync(join(values.dir ?? tmpdir(), 'raft-store-bench-'));
  const store = SqliteRaftStore.open(folder);
  try {
    store.persist({ hardState: { term: 1, vote: null, commit: 0 }, entries: [] });
    report('sqlite-raft-store/persist-batch', 100, 256, measure(store, 100, 256, durationMs));
    report('sqlite-raft-store/persist-single', 1, 256, measure(store, 1, 256, durationMs));
  } finally {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
