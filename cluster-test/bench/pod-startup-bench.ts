/**
 * Pod start-up latency (issue 5's bench): one in-process master, one worker on
 * a private containerd (the process runtime where the machine cannot run
 * containers), the image already present; 30 pods created through the API at
 * once, each timed from its create call to the watch event that shows it
 * Running. Kubernetes' SLO is p99 <= 5 s; Orca's is p99 <= 1 s.
 * Pods are created already bound (spec.nodeName) so the scheduler is not timed.
 * A second line times the same number of pods created one after another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Pod } from '../../src/api/index.js';
import { OrcaClient } from '../../src/client/index.js';
import { startMaster, type Master } from '../../src/master/index.js';
import { CriRuntime, ProcessRuntime, Worker, workerDefaults, type Runtime } from '../../src/worker/index.js';
import { containerSupport, startTestRuntime, type TestRuntime } from '../env/index.js';
import type { BenchLine } from './raft-bench.js';

const podCount = 30;
const nodeName = 'bench-w1';
const busybox = '127.0.0.1:5000/busybox:latest';
const runningTimeoutMs = 120_000;

interface Setup {
  readonly master: Master;
  readonly client: OrcaClient;
  readonly runtime: Runtime;
  readonly worker: Worker;
  readonly containerd: TestRuntime | undefined;
  readonly folder: string;
}

function podFor(name: string, runtime: Runtime['name']): Pod {
  const container =
    runtime === 'cri'
      ? { name: 'app', image: busybox, imagePullPolicy: 'IfNotPresent' as const, command: ['sleep', '3600'] }
      : { name: 'app', image: 'none', command: ['sleep', '3600'] };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { bench: 'pod-startup' } },
    spec: { nodeName, terminationGracePeriodSeconds: 1, containers: [container] },
  };
}

async function setUp(): Promise<Setup> {
  const folder = mkdtempSync(join(tmpdir(), 'orca-pod-bench-'));
  const silent = pino({ level: 'silent' });
  const containerd = containerSupport().ok ? await startTestRuntime() : undefined;
  const master = await startMaster({
    name: 'm1',
    dataDir: join(folder, 'm1'),
    listen: '127.0.0.1:0',
    bootstrap: true,
    logger: silent,
    processMetrics: false,
    ...(containerd === undefined ? {} : { clusterCidr: containerd.podCidr }),
  });
  const client = new OrcaClient({ servers: [master.address] });
  const runtime: Runtime =
    containerd === undefined
      ? new ProcessRuntime({ hostIp: '127.0.0.1' })
      : new CriRuntime({ socketPath: containerd.socket });
  const worker = new Worker({
    ...workerDefaults,
    name: nodeName,
    client,
    runtime,
    rootDir: join(folder, 'worker'),
    hostIp: '127.0.0.1',
    capacity: {},
    serviceListen: '127.0.0.1:0',
    relistPeriodMs: 1_000,
    logger: silent,
  });
  await worker.start();
  return { master, client, runtime, worker, containerd, folder };
}

async function tearDown(setup: Setup): Promise<void> {
  await setup.worker.stop();
  await setup.runtime.close();
  setup.client.close();
  await setup.master.close();
  await setup.containerd?.stop();
  rmSync(setup.folder, { recursive: true, force: true });
}

/** Resolves with each pod's create → Running time, as a watch sees it. */
async function timeStartups(client: OrcaClient, names: readonly string[], runtime: Runtime['name']): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const latencies = new Map<string, number>();
  const { resourceVersion } = await client.list('Pod', { namespace: 'default' });
  const watch = client.watch('Pod', { namespace: 'default', labelSelector: 'bench=pod-startup', resourceVersion });
  const watching = (async () => {
    for await (const event of watch) {
      const name = event.object.metadata?.name ?? '';
      const sent = sentAt.get(name);
      if (sent === undefined || latencies.has(name) || (event.object as Pod).status?.phase !== 'Running') continue;
      latencies.set(name, performance.now() - sent);
      if (latencies.size === names.length) return;
    }
  })();
  await Promise.all(
    names.map(async (name) => {
      sentAt.set(name, performance.now());
      await client.create(podFor(name, runtime));
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`only ${latencies.size} of ${names.length} pods were Running after ${runningTimeoutMs} ms`)),
      runningTimeoutMs,
    );
  });
  try {
    await Promise.race([watching, late]);
  } finally {
    clearTimeout(timer);
    watch.close();
  }
  return [...latencies.values()];
}

async function deletePods(client: OrcaClient, names: readonly string[]): Promise<void> {
  await Promise.all(
    names.map((name) => client.delete({ kind: 'Pod', namespace: 'default', name }, { gracePeriodSeconds: 0 })),
  );
}

/** Waits until the worker has removed every sandbox of the deleted pods. */
async function runtimeEmptied(runtime: Runtime): Promise<void> {
  const deadline = performance.now() + runningTimeoutMs;
  while ((await runtime.listSandboxes()).length > 0) {
    if (performance.now() > deadline)
      throw new Error(`the worker still had sandboxes ${runningTimeoutMs} ms after their pods were deleted`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
  return Math.round(value * 10) / 10;
}

export async function runPodStartupBenchmarks(options: {
  durationMs: number;
  emit: (line: BenchLine) => void;
  pods?: number;
}): Promise<void> {
  const count = options.pods ?? podCount;
  const setup = await setUp();
  try {
    // A first pod makes the image present (and warms the worker), as the bench asks.
    await timeStartups(setup.client, ['warm-up'], setup.runtime.name);
    await deletePods(setup.client, ['warm-up']);
    const names = Array.from({ length: count }, (_unused, index) => `startup-${index}`);
    const sorted = (await timeStartups(setup.client, names, setup.runtime.name)).sort((left, right) => left - right);
    options.emit({
      bench: 'pod_startup',
      unit: 'ms',
      pods: count,
      p50_ms: percentile(sorted, 0.5),
      p99_ms: percentile(sorted, 0.99),
      max_ms: percentile(sorted, 1),
      runtime: setup.runtime.name,
      slo_p99_ms: 1000,
    });
    await deletePods(setup.client, names);
    // The same pods one at a time, each on an otherwise empty worker: the latency of one pod
    // without others competing for the two cores (a sandbox costs containerd, its shim and
    // runc about 0.2 s of CPU, and stopping one takes its grace period).
    await runtimeEmptied(setup.runtime);
    const alone: number[] = [];
    for (const name of names.map((base) => `${base}-alone`)) {
      alone.push(...(await timeStartups(setup.client, [name], setup.runtime.name)));
      await deletePods(setup.client, [name]);
      await runtimeEmptied(setup.runtime);
    }
    alone.sort((left, right) => left - right);
    options.emit({
      bench: 'pod_startup_one_at_a_time',
      unit: 'ms',
      pods: count,
      p50_ms: percentile(alone, 0.5),
      p99_ms: percentile(alone, 0.99),
      max_ms: percentile(alone, 1),
      runtime: setup.runtime.name,
      slo_p99_ms: 1000,
    });
  } finally {
    await tearDown(setup);
  }
}
