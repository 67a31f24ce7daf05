/**
 * The short partition run of `make test`: the leader cut off from the other two
 * masters (network namespaces, as root) while clients keep writing through every
 * master, then healed. Without root it pauses the leader instead (SIGSTOP), the
 * nearest thing loopback allows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { canUseNamespaces } from './network.js';
import { runScenario, scenarios } from './scenario.js';
import { explain, testOutputDir, testSeed } from './chaos-test-support.js';

const outputDir = testOutputDir();
const namespaces = canUseNamespaces();
let passed = true;

afterAll(() => {
  if (passed) rmSync(outputDir, { recursive: true, force: true });
});

describe('chaos: the leader isolated by a partition', () => {
  it('a new leader takes over, the history is linearizable and the healed cluster converges', async () => {
    const scenario = scenarios.find(
      (candidate) => candidate.name === (namespaces ? 'isolate-leader' : 'pause-leader'),
    )!;
    const summary = await runScenario(scenario, {
      seed: testSeed(),
      durationMs: 15_000,
      cyclesMax: 1,
      size: 3,
      hosting: namespaces ? 'netns' : 'loopback',
      outputDir,
      convergenceBoundMs: 10_000,
    });
    passed = summary.passed;
    const why = explain(summary);
    expect(summary.faults, why).toBe(1);
    expect(summary.linearizability, why).toBe('linearizable');
    expect(summary.lost_acked_writes, why).toBe(0);
    expect(summary.watches_agree, why).toBe(true);
    expect(summary.converged, why).toBe(true);
    expect(summary.failover_ms_max, why).not.toBeNull();
    expect(summary.passed, why).toBe(true);
  }, 45_000);
});
