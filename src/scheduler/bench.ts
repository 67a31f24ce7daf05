/**
 * Throughput of the scheduler's pure core: 1,000 nodes in 3 zones, 10,000
 * pending pods of 50 Deployments, decided in batches of 256. Each batch is
 * scheduled, re-checked as at apply time and folded into the next snapshot, so
 * the number covers the whole decide–verify–apply cycle minus Raft.
 *
 *   npx tsc -p tsconfig.build.json && node dist/src/scheduler/bench.js [--nodes N] [--pods N] [--batch N] [--anti-affinity]
 *
 * Prints one JSON line.
 */
import type { Pod } from '../api/index.js';
import { seededRandom } from './random.js';
import { schedule } from './schedule.js';
import { buildSnapshot, withPlacements } from './snapshot.js';
import { makeNode, makePod, type PodSpecInput } from './testing.js';
import { verifyPlacements } from './verify.js';

const countMax = 1_000_000;

function argument(argv: readonly string[], name: string, fallback: number): number {
  const position = argv.indexOf(name);
  const value = position >= 0 ? Number(argv[position + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0 || value > countMax)
    throw new Error(`${name} must be an integer in (0, ${countMax}]`);
  return value;
}

/** With `--anti-affinity`, every replica refuses to share a node with another of its Deployment. */
function antiAffinity(owner: string): Pick<PodSpecInput, 'affinity'> {
  return {
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: owner } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    },
  };
}

function benchPods(count: number, withAntiAffinity: boolean): Pod[] {
  return Array.from({ length: count }, (_, index) => {
    const owner = `deploy-${index % 50}`;
    // A tenth of the Deployments want SSD nodes; a few pods claim a host port.
    return makePod({
      name: `${owner}-${index}`,
      owner,
      labels: { app: owner },
      cpu: '100m',
      memory: '256Mi',
      ...(index % 50 < 5 ? { nodeSelector: { disk: 'ssd' } } : {}),
      ...(index % 100 === 7 ? { hostPorts: ['9100'] } : {}),
      ...(withAntiAffinity ? antiAffinity(owner) : {}),
    });
  });
}

function main(): void {
  const argv = process.argv.slice(2);
  const nodeCount = argument(argv, '--nodes', 1_000);
  const podCount = argument(argv, '--pods', 10_000);
  const batchPods = argument(argv, '--batch', 256);
  const nodes = Array.from({ length: nodeCount }, (_, index) =>
    makeNode({
      name: `node-${String(index).padStart(5, '0')}`,
      cpu: '32',
      memory: '128Gi',
      pods: 110,
      zone: `zone-${index % 3}`,
      labels: index % 4 === 0 ? { disk: 'ssd' } : {},
    }),
  );
  const withAntiAffinity = argv.includes('--anti-affinity');
  const pods = benchPods(podCount, withAntiAffinity);
  let snapshot = buildSnapshot({ nodes, pods: [] });
  const random = seededRandom(1);
  const timings = { scheduleMs: 0, verifyMs: 0, applyMs: 0 };
  let placed = 0;
  let unschedulable = 0;
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  for (let offset = 0; offset < pods.length; offset += batchPods) {
    const batch = pods.slice(offset, offset + batchPods);
    const t0 = performance.now();
    const result = schedule(snapshot, batch, { random });
    const t1 = performance.now();
    const plan = verifyPlacements(snapshot, result.placements);
    const t2 = performance.now();
    snapshot = withPlacements(snapshot, plan.accepted);
    const t3 = performance.now();
    timings.scheduleMs += t1 - t0;
    timings.verifyMs += t2 - t1;
    timings.applyMs += t3 - t2;
    placed += plan.accepted.length;
    unschedulable += result.unschedulable.length + plan.rejected.length;
  }
  const elapsedMs = performance.now() - started;
  // On a shared machine wall time includes waiting for a core; CPU time does not.
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    JSON.stringify({
      bench: 'scheduler_core',
      unit: 'pods/s',
      value: Math.round((placed / elapsedMs) * 1000),
      nodes: nodeCount,
      pods: podCount,
      batchPods,
      antiAffinity: withAntiAffinity,
      placed,
      unschedulable,
      elapsedMs: Math.round(elapsedMs),
      cpuMs: Math.round(cpuMs),
      podsPerCpuSecond: Math.round((placed / cpuMs) * 1000),
      scheduleMs: Math.round(timings.scheduleMs),
      verifyMs: Math.round(timings.verifyMs),
      applyMs: Math.round(timings.applyMs),
    }),
  );
}

main();
