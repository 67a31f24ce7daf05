/**
 * Micro-benchmark of the state machine's apply path: creates per second of
 * 256-byte ConfigMap-like objects, one entry per create, applied in batches of
 * 1 and of 64 entries (one SQLite transaction and one fsync per batch).
 *
 *   make build && node dist/src/state/bench.js [--duration-ms N]
 *
 * Prints one JSON line per case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../raft/types.js';
import type { JsonObject } from './json.js';
import { StateMachine } from './state-machine.js';
import { commandEntry, configMap } from './test-support.js';

const objectBytes = 256;
const durationMsMax = 600_000;

function sizedConfigMap(sequence: number): JsonObject {
  const object = configMap(`bench-${sequence.toString().padStart(8, '0')}`, { value: '' });
  const padding = objectBytes - JSON.stringify(object).length;
  object['data'] = { value: 'x'.repeat(Math.max(0, padding)) };
  return object;
}

function durationFromArguments(argv: readonly string[]): number {
  const position = argv.indexOf('--duration-ms');
  const value = position >= 0 ? Number(argv[position + 1]) : 3_000;
  if (!Number.isSafeInteger(value) || value <= 0 || value > durationMsMax)
    throw new Error(`--duration-ms must be an integer in (0, ${durationMsMax}]`);
  return value;
}

function runCase(batchEntries: number, durationMs: number): Record<string, unknown> {
  const directory = mkdtempSync(join(tmpdir(), 'orca-state-bench-'));
  const state = new StateMachine({ directory });
  try {
    let index = 0;
    const started = performance.now();
    while (performance.now() - started < durationMs) {
      const batch: LogEntry[] = [];
      for (let n = 0; n < batchEntries; n += 1) {
        index += 1;
        batch.push(commandEntry(index, [{ op: 'create', object: sizedConfigMap(index) }]));
      }
      for (const result of state.applyBatch(batch)) {
        if (result.outcome !== 'applied') throw new Error(`bench create failed: ${JSON.stringify(result)}`);
      }
    }
    const elapsedMs = performance.now() - started;
    return {
      bench: 'state-apply-create',
      objectBytes,
      batchEntries,
      creates: index,
      elapsedMs: Math.round(elapsedMs),
      createsPerSecond: Math.round((index / elapsedMs) * 1000),
    };
  } finally {
    state.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

const durationMs = durationFromArguments(process.argv.slice(2));
for (const batchEntries of [1, 64]) console.log(JSON.stringify(runCase(batchEntries, durationMs)));
