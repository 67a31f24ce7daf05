/**
 * Command line of the simulator:
 *   node dist/src/raft/sim/main.js --seeds N [--first S]   run seeds S .. S+N-1
 *   node dist/src/raft/sim/main.js --seed S                replay one seed, with its statistics
 *   --failures-dir DIR                                      also write each failure to DIR/seed-S.txt
 *   --bug ack-before-persist|read-locally                   run with a bug planted in the node or its host (seeds must fail)
 * Prints each failure with the command that replays it, then exactly
 * "N passed, M failed"; exits non-zero on any failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ShellBugs } from './replica.js';
import { runSeed, type SimResult } from './run.js';

/** Seeds whose linearizability search ran out of budget, as a fraction, before that counts as a failure. */
const unknownFractionMax = 0.05;
const seedsMax = 10_000_000;

interface Plan {
  readonly first: number;
  readonly count: number;
  readonly verbose: boolean;
  readonly failuresDirectory: string | null;
  readonly bugs: ShellBugs;
}

const bugsByName: Readonly<Record<string, ShellBugs>> = {
  'ack-before-persist': { ackBeforePersist: true },
  'read-locally': { readLocally: true },
};

function plan(argv: readonly string[]): Plan {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seeds: { type: 'string' },
      first: { type: 'string' },
      seed: { type: 'string' },
      'failures-dir': { type: 'string' },
      bug: { type: 'string' },
    },
    strict: true,
  });
  const integer = (name: string, text: string | undefined, fallback: number): number => {
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`--${name}: expected a non-negative integer, got ${String(text)}`);
    return value;
  };
  const failuresDirectory = values['failures-dir'] ?? null;
  const bugs = values.bug === undefined ? {} : bugsByName[values.bug];
  if (bugs === undefined) throw new Error(`--bug: expected one of ${Object.keys(bugsByName).join(', ')}`);
  if (values.seed !== undefined)
    return { first: integer('seed', values.seed, 0), count: 1, verbose: true, failuresDirectory, bugs };
  const count = integer('seeds', values.seeds, 100);
  if (count < 1 || count > seedsMax) throw new Error(`--seeds: expected 1 to ${seedsMax}`);
  return { first: integer('first', values.first, 1), count, verbose: false, failuresDirectory, bugs };
}

function report(seed: number, result: SimResult, failuresDirectory: string | null, replayFlags: string): void {
  const failure = result.failure;
  if (failure === undefined) return;
  const lines = [`seed ${seed} failed: ${failure.message}`];
  if (failure.window !== undefined)
    lines.push(`  operations around the anomaly:\n${failure.window.replace(/^/gm, '    ')}`);
  lines.push(`  replay: node dist/src/raft/sim/main.js --seed ${seed}${replayFlags}`);
  console.log(lines.join('\n'));
  if (failuresDirectory === null) return;
  mkdirSync(failuresDirectory, { recursive: true });
  writeFileSync(join(failuresDirectory, `seed-${seed}.txt`), `${lines.join('\n')}\n${JSON.stringify(result.stats)}\n`);
}

async function main(): Promise<number> {
  const { first, count, verbose, failuresDirectory, bugs } = plan(process.argv.slice(2));
  const bugName = Object.keys(bugsByName).find((name) => bugsByName[name] === bugs);
  const replayFlags = bugName === undefined ? '' : ` --bug ${bugName}`;
  let passed = 0;
  let failed = 0;
  let unknown = 0;
  for (let seed = first; seed < first + count; seed += 1) {
    const result = await runSeed(seed, { bugs });
    if (verbose) console.log(JSON.stringify(result.stats));
    if (result.ok) passed += 1;
    else failed += 1;
    if (result.stats.linearizability === 'unknown') unknown += 1;
    report(seed, result, failuresDirectory, replayFlags);
  }
  if (unknown > 0)
    console.log(`${unknown} seeds ended with an unknown linearizability verdict (search budget exhausted)`);
  const tooManyUnknown = unknown > Math.max(1, Math.floor(count * unknownFractionMax));
  if (tooManyUnknown)
    console.log(`too many unknown linearizability verdicts: more than ${unknownFractionMax * 100}% of seeds`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || tooManyUnknown ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
