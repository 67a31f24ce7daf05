/**
 * Scheduler throughput (issue 6's bench): one in-process master running its
 * leader loops, 1,000 hollow workers (Node objects with capacity, no process
 * behind them), 10,000 pods created through the API in batches; reported: pods
 * bound per second by the real scheduling loop (first create to last binding,
 * as the master's state applies them: an in-process watch on the state, so a
 * gRPC watch's own lag under 40,000 events is not counted as scheduling time)
 * and the time until all are Running. A hollow kubelet — one gRPC watch and
 * batched status writes, as the `sim` runtime would report — marks each bound
 * pod Running; seconds_watch_saw_all_bound says when that watch had seen them. Kubernetes' scheduler is tested at >= 680
 * pods/s (5,000 nodes, 10,000 pods); our goal on a 2-core machine is >= 1,000.
 * Leases are not renewed: the node grace is set far beyond the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Pod } from '../../src/api/index.js';
import { OrcaClient, type TransactOperation } from '../../src/client/index.js';
import { hollowNode, simplePod } from '../../src/master/hollow-nodes.js';
import { startMaster, type Master } from '../../src/master/index.js';
import type { BenchLine } from './raft-bench.js';

export interface SchedulerBenchOptions {
  readonly durationMs: number;
  readonly emit: (line: BenchLine) => void;
  readonly nodes?: number;
  readonly pods?: number;
  /** Run the controllers beside the scheduler, as a real leader does (default true). */
  readonly controllers?: boolean;
}

const createBatch = 500;
const nodeBatch = 250;
const statusBatch = 500;
const goalPodsPerSecond = 1000;

interface Progress {
  readonly bound: Set<string>;
  /** Bindings as the gRPC watch saw them. */
  readonly watchedBound: Set<string>;
  lastWatchedBoundAt: number;
  readonly running: Set<string>;
  firstCreateAt: number;
  firstBoundAt: number;
  lastBoundAt: number;
  lastRunningAt: number;
}

async function createNodes(client: OrcaClient, count: number): Promise<void> {
  for (let start = 0; start < count; start += nodeBatch) {
    const operations: TransactOperation[] = [];
    for (let index = start; index < Math.min(count, start + nodeBatch); index += 1) {
      const node = hollowNode(`hollow-${String(index).padStart(4, '0')}`, { cpu: '32', memory: '128Gi', pods: '110' });
      operations.push({ create: node }, { updateStatus: node });
    }
    await client.transact(operations);
  }
}

async function createPods(client: OrcaClient, count: number): Promise<void> {
  for (let start = 0; start < count; start += createBatch) {
    const operations: TransactOperation[] = [];
    for (let index = start; index < Math.min(count, start + createBatch); index += 1) {
      // No ownerReferences: an owner that does not exist would have the garbage collector delete the pod.
      operations.push({ create: simplePod(`bench-${index}`, { labels: { bench: 'scheduler' } }) });
    }
    await client.transact(operations);
  }
}

/** Watches pods: records bindings and, as a hollow kubelet would, marks bound pods Running in batches. */
function followPods(client: OrcaClient, progress: Progress, signal: AbortSignal): Promise<void> {
  const watch = client.watch('Pod', { labelSelector: 'bench=scheduler', resourceVersion: '' });
  signal.addEventListener('abort', () => watch.close(), { once: true });
  const toRun = new Map<string, Pod>();
  let writing: Promise<void> = Promise.resolve();
  const flush = (): void => {
    if (toRun.size === 0) return;
    const batch = [...toRun.values()].slice(0, statusBatch);
    for (const pod of batch) toRun.delete(pod.metadata?.name ?? '');
    writing = writing.then(async () => {
      const operations = batch.map((pod): TransactOperation => {
        const { resourceVersion: _any, ...metadata } = pod.metadata ?? {};
        return {
          updateStatus: {
            ...pod,
            metadata,
            status: {
              ...pod.status,
              phase: 'Running',
              conditions: [...(pod.status?.conditions ?? []), { type: 'Ready', status: 'True' }],
            },
          },
        };
      });
      await client.transact(operations).catch(() => undefined);
    });
  };
  const timer = setInterval(flush, 20);
  return (async () => {
    try {
      for await (const event of watch) {
        const pod = event.object;
        const name = pod.metadata?.name ?? '';
        if ((pod.spec?.nodeName ?? '') !== '' && !progress.watchedBound.has(name)) {
          progress.watchedBound.add(name);
          progress.lastWatchedBoundAt = performance.now();
          toRun.set(name, pod);
        }
        if (pod.status?.phase === 'Running' && !progress.running.has(name)) {
          progress.running.add(name);
          progress.lastRunningAt = performance.now();
        }
      }
    } finally {
      clearInterval(timer);
      await writing;
    }
  })();
}

/** Records each binding as the master's state applies it (in process, no serialization). */
function followBindings(master: Master, progress: Progress, signal: AbortSignal): Promise<void> {
  const watch = master.state.watch({ kind: 'Pod', fromRevision: master.state.appliedIndex() });
  signal.addEventListener('abort', () => watch.close(), { once: true });
  return (async () => {
    for await (const event of watch) {
      const spec = event.object['spec'];
      const bound =
        typeof spec === 'object' &&
        spec !== null &&
        !Array.isArray(spec) &&
        typeof spec['nodeName'] === 'string' &&
        spec['nodeName'] !== '';
      if (!bound || progress.bound.has(event.name)) continue;
      progress.bound.add(event.name);
      progress.lastBoundAt = performance.now();
      if (progress.bound.size === 1) progress.firstBoundAt = progress.lastBoundAt;
    }
  })();
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

export async function runSchedulerBenchmarks(options: SchedulerBenchOptions): Promise<void> {
  const nodes = options.nodes ?? 1000;
  const pods = options.pods ?? 10_000;
  const folder = mkdtempSync(join(tmpdir(), 'orca-scheduler-bench-'));
  const master = await startMaster({
    name: 'm1',
    dataDir: join(folder, 'm1'),
    listen: '127.0.0.1:0',
    bootstrap: true,
    logger: pino({ level: 'silent' }),
    processMetrics: false,
    leaderLoops: { nodeGraceSeconds: 86_400, controllers: options.controllers ?? true },
  });
  const client = new OrcaClient({ servers: [master.address], operationDeadlineMs: 60_000 });
  const stop = new AbortController();
  try {
    await createNodes(client, nodes);
    const progress: Progress = {
      bound: new Set(),
      watchedBound: new Set(),
      lastWatchedBoundAt: 0,
      running: new Set(),
      firstCreateAt: 0,
      firstBoundAt: 0,
      lastBoundAt: 0,
      lastRunningAt: 0,
    };
    const following = followPods(client, progress, stop.signal);
    const bindings = followBindings(master, progress, stop.signal);
    const cpuBefore = process.cpuUsage();
    progress.firstCreateAt = performance.now();
    await createPods(client, pods);
    const createdSeconds = (performance.now() - progress.firstCreateAt) / 1000;
    const timeoutMs = Math.max(120_000, options.durationMs);
    const allBound = await waitUntil(() => progress.bound.size >= pods, timeoutMs);
    const allRunning = allBound && (await waitUntil(() => progress.running.size >= pods, timeoutMs));
    const cpu = process.cpuUsage(cpuBefore);
    stop.abort();
    await Promise.all([following, bindings]);
    const boundSeconds = (progress.lastBoundAt - progress.firstCreateAt) / 1000;
    const podsPerSecond = boundSeconds > 0 ? progress.bound.size / boundSeconds : null;
    // The scheduler's own pace, from its first binding to its last (creation runs alongside, in the same process).
    const bindingSeconds = (progress.lastBoundAt - progress.firstBoundAt) / 1000;
    const bindingRate = bindingSeconds > 0 ? Math.round(progress.bound.size / bindingSeconds) : null;
    options.emit({
      bench: 'scheduler throughput',
      unit: 'pods/s',
      nodes,
      pods,
      pods_bound_per_s: podsPerSecond === null ? null : Math.round(podsPerSecond),
      binding_window_pods_per_s: bindingRate,
      seconds_to_all_bound: allBound ? Number(boundSeconds.toFixed(2)) : null,
      seconds_watch_saw_all_bound:
        progress.watchedBound.size >= pods
          ? Number(((progress.lastWatchedBoundAt - progress.firstCreateAt) / 1000).toFixed(2))
          : null,
      seconds_to_all_running: allRunning
        ? Number(((progress.lastRunningAt - progress.firstCreateAt) / 1000).toFixed(2))
        : null,
      seconds_to_create_all: Number(createdSeconds.toFixed(2)),
      bound: progress.bound.size,
      running: progress.running.size,
      cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      goal_pods_per_s: goalPodsPerSecond,
      meets_goal: podsPerSecond !== null && podsPerSecond >= goalPodsPerSecond,
    });
  } finally {
    stop.abort();
    client.close();
    await master.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
