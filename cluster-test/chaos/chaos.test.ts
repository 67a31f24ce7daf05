/**
 * The short chaos run of `make test`: three real masters, concurrent clients and
 * a watch on every master while the leader is killed with SIGKILL three times;
 * the history must be linearizable per object, lose no acknowledged write, the
 * watches must agree and the masters converge — over TLS, the masters joining by
 * token. Needs dist/ (make build).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { canUseNamespaces } from './network.js';
import { runScenario, scenarios } from './scenario.js';
import { explain, testOutputDir, testSeed } from './chaos-test-support.js';

const outputDir = testOutputDir();
let passed = true;

afterAll(() => {
  // the record stays for a failed run: its path is in the failure message
  if (passed) rmSync(outputDir, { recursive: true, force: true });
});

describe('chaos: the leader killed three times', () => {
  it('stays linearizable, loses no acknowledged write, watches agree and masters converge', async () => {
    const scenario = scenarios.find((candidate) => candidate.name === 'kill-leader')!;
    const summary = await runScenario(scenario, {
      seed: testSeed(),
      durationMs: 20_000,
      cyclesMax: 3,
      periodMs: 1_000,
      size: 3,
      hosting: canUseNamespaces() ? 'netns' : 'loopback',
      // Over TLS with authentication and RBAC, as users run clusters: chaos must pass with security on.
      secure: true,
      outputDir,
      convergenceBoundMs: 10_000,
    });
    passed = summary.passed;
    const why = explain(summary);
    expect(summary.faults, why).toBe(3);
    expect(summary.linearizability, why).toBe('linearizable');
    expect(summary.lost_acked_writes, why).toBe(0);
    expect(summary.watches_agree, why).toBe(true);
    expect(summary.converged, why).toBe(true);
    expect(summary.ok, why).toBeGreaterThan(20);
    expect(summary.failover_ms_max, why).not.toBeNull();
    expect(summary.passed, why).toBe(true);
  }, 55_000);
});
