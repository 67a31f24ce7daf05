/** Shared by the short chaos tests: a seed that is printed, and a failure message that says how to replay. */
import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioSummary } from './scenario.js';

/** CHAOS_SEED replays a run; otherwise a fresh seed, printed. */
export function testSeed(): number {
  const fromEnv = process.env['CHAOS_SEED'];
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : randomInt(1, 2 ** 31);
  console.log(`chaos test seed ${seed} (CHAOS_SEED=${seed} replays it)`);
  return seed;
}

export function testOutputDir(): string {
  return mkdtempSync(join(tmpdir(), 'orca-chaos-test-'));
}

export function explain(summary: ScenarioSummary): string {
  return `scenario ${summary.scenario}, seed ${summary.seed} (CHAOS_SEED=${summary.seed}), history ${summary.history}\n${summary.problems.join('\n')}`;
}
