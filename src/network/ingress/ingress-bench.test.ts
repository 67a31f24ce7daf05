import { describe, expect, it } from 'vitest';
import { findNginx } from './bench-processes.js';
import { benchIngress } from './ingress-bench.js';

const nginx = findNginx();
if (nginx === undefined) console.log('ingress bench: nginx is not installed; only the Orca side is measured');

describe('ingress benchmark', () => {
  it('drives the same load through Orca and nginx and reports both', async () => {
    const result = await benchIngress({ durationMs: 1_500, concurrency: 16 });
    console.log('ingress bench', JSON.stringify(result));
    expect(result.orca.requestsPerSecond).toBeGreaterThan(100);
    expect(result.orca.errors).toBe(0);
    expect(result.orca.p99Ms).toBeGreaterThanOrEqual(result.orca.p50Ms);
    if (nginx === undefined) {
      expect(result.nginx).toHaveProperty('skipped');
      return;
    }
    expect(result.nginx).toMatchObject({ errors: 0 });
    expect(result.ratio).toBeGreaterThan(0);
  }, 60_000);
});
