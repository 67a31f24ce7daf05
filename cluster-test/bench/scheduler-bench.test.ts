import { expect, it } from 'vitest';
import type { BenchLine } from './raft-bench.js';
import { runSchedulerBenchmarks } from './scheduler-bench.js';

it('the scheduler bench binds every pod and reports a rate (small size)', async () => {
  const lines: BenchLine[] = [];
  await runSchedulerBenchmarks({ durationMs: 1000, emit: (line) => lines.push(line), nodes: 50, pods: 500 });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ bench: 'scheduler throughput', unit: 'pods/s', bound: 500, running: 500 });
  expect(lines[0]?.['pods_bound_per_s']).toBeGreaterThan(0);
}, 60_000);
