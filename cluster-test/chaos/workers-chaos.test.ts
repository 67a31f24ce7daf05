// The short version of the "with workers" chaos verdict (`make chaos` runs it
// for DURATION): three masters and three sim workers, the leader SIGKILLed
// twice while a Deployment is scaled and rolled; afterwards every Deployment
// has its replicas Running and no pod slot was filled twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runWorkersScenario } from './workers-scenario.js';

const outputDir = mkdtempSync(join(tmpdir(), 'orca-chaos-workers-'));
afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

it('keeps every Deployment Running with no slot filled twice across leader kills', async () => {
  const seed = Number(process.env['CHAOS_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
  const summary = await runWorkersScenario({
    seed,
    durationMs: 12_000,
    cyclesMax: 2,
    periodMs: 4_000,
    outputDir,
    settleMs: 30_000,
  });
  expect(summary.problems, `seed ${seed} (CHAOS_SEED=${seed} replays the choices)`).toEqual([]);
  expect(summary).toMatchObject({
    passed: true,
    faults: 2,
    deployments_running: true,
    pod_names_created_twice: 0,
    replica_sets_over_limit: 0,
  });
  expect(summary.ok).toBeGreaterThan(0);
}, 90_000);
