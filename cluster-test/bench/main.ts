/**
 * `make bench`: every benchmark of the project in one run, one JSON line each.
 *   node dist/cluster-test/bench/main.js [--duration-ms N] [--only NAME]
 */
import { parseArgs } from 'node:util';
import { runApiBenchmarks, runWatchBenchmarks } from './api-bench.js';
import { runKubeBenchmarks } from './kube-bench.js';
import { runNetworkBenchmarks } from './network-bench.js';
import { runPodStartupBenchmarks } from './pod-startup-bench.js';
import { runRaftBenchmarks, type BenchLine } from './raft-bench.js';
import { runSchedulerBenchmarks } from './scheduler-bench.js';

const suites: Record<string, (options: { durationMs: number; emit: (line: BenchLine) => void }) => Promise<void>> = {
  raft: runRaftBenchmarks,
  api: runApiBenchmarks,
  watch: runWatchBenchmarks,
  pods: runPodStartupBenchmarks,
  scheduler: runSchedulerBenchmarks,
  network: runNetworkBenchmarks,
  kube: runKubeBenchmarks,
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'duration-ms': { type: 'string', default: '10000' }, only: { type: 'string' } },
  });
  const durationMs = Number(values['duration-ms']);
  if (!Number.isInteger(durationMs) || durationMs <= 0) throw new Error('--duration-ms: a positive integer');
  const emit = (line: BenchLine): void => {
    process.stdout.write(JSON.stringify(line) + '\n');
  };
  for (const [name, run] of Object.entries(suites)) {
    if (values.only !== undefined && values.only !== name) continue;
    await run({ durationMs, emit });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
