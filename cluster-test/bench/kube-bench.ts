/**
 * REST API benchmarks on three secure masters (the same cluster kubectl's
 * suite uses): `kubectl get pods` on 1,000 pods — the list-as-Table request
 * kubectl makes (chunks of 500), p50/p99 — and the real kubectl's wall time for
 * the same command; list and watch throughput of the REST API beside the gRPC
 * API's in the same run.
 */
import { execFile } from 'node:child_process';
import type { ConfigMap, Pod } from '../../src/api/index.js';
import { KubectlCluster, kubectlVersion, restRequest, restWatch } from '../kube/kubectl-cluster.js';
import { waitFor } from '../raft/replica-cluster.js';
import { percentile, round, runClosedLoop } from './load.js';
import { ratio, type BenchLine } from './raft-bench.js';

const ns = 'bench-kube';
const pods = 1000;
const tableAccept =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

function pod(index: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${String(index).padStart(5, '0')}`, namespace: ns, labels: { app: 'bench' } },
    spec: {
      nodeSelector: { 'bench.orca.dev/none': 'none' },
      containers: [{ name: 'c', image: 'registry.local/app:1', command: ['sleep', '3600'] }],
    },
  };
}

/** kubectl get's request: a Table, in chunks of 500, every page. */
async function tableList(cluster: KubectlCluster): Promise<number> {
  let token = '';
  let rows = 0;
  do {
    const answer = await restRequest(
      cluster,
      'GET',
      `/api/v1/namespaces/${ns}/pods?limit=500${token === '' ? '' : `&continue=${encodeURIComponent(token)}`}`,
      undefined,
      { Accept: tableAccept },
    );
    if (answer.status !== 200) throw new Error(`list answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    const table = answer.json<{ rows: unknown[]; metadata: { continue?: string } }>();
    rows += table.rows.length;
    token = table.metadata.continue ?? '';
  } while (token !== '');
  return rows;
}

function kubectlWallMs(cluster: KubectlCluster): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile('kubectl', ['-n', ns, 'get', 'pods'], { env: cluster.env(), maxBuffer: 64 * 1024 * 1024 }, (error) => {
      if (error !== null) reject(error);
      else resolve(performance.now() - started);
    });
  });
}

export async function runKubeBenchmarks(options: {
  durationMs: number;
  emit: (line: BenchLine) => void;
}): Promise<void> {
  if ((await kubectlVersion()) === undefined) {
    process.stderr.write('kube bench skipped: kubectl is not on the PATH\n');
    return;
  }
  const cluster = await KubectlCluster.start({ workers: 0 });
  try {
    const client = cluster.masters.client();
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (let index = 0; index < pods; index += 64)
      await Promise.all(
        Array.from({ length: Math.min(64, pods - index) }, (_, offset) => client.create(pod(index + offset))),
      );
    const table = await runClosedLoop({
      inFlight: 1,
      durationMs: options.durationMs,
      operation: async () => {
        if ((await tableList(cluster)) !== pods) throw new Error('the table misses pods');
      },
    });
    const walls: number[] = [];
    for (let run = 0; run < 10; run += 1) walls.push(await kubectlWallMs(cluster));
    walls.sort((a, b) => a - b);
    options.emit({
      bench: 'kube_get_pods_1000_table',
      unit: 'ms',
      pods,
      request_p50_ms: table.p50Ms,
      request_p99_ms: table.p99Ms,
      requests: table.operations,
      errors: table.errors,
      kubectl_wall_p50_ms: round(percentile(walls, 0.5)),
      kubectl_wall_max_ms: round(walls[walls.length - 1] ?? Number.NaN),
    });
    // Lists of the 1,000 pods as JSON: REST against the gRPC API, objects per second.
    const restList = await runClosedLoop({
      inFlight: 4,
      durationMs: options.durationMs,
      operation: async () => {
        const answer = await restRequest(cluster, 'GET', `/api/v1/namespaces/${ns}/pods`);
        if (answer.json<{ items: unknown[] }>().items.length !== pods) throw new Error('short REST list');
      },
    });
    const grpcList = await runClosedLoop({
      inFlight: 4,
      durationMs: options.durationMs,
      operation: async () => {
        if ((await client.list('Pod', { namespace: ns })).items.length !== pods) throw new Error('short gRPC list');
      },
    });
    options.emit({
      bench: 'kube_list_1000_pods_objects_per_second',
      unit: 'objects/s',
      rest: round(restList.opsPerSecond * pods),
      rest_p50_ms: restList.p50Ms,
      grpc: round(grpcList.opsPerSecond * pods),
      grpc_p50_ms: grpcList.p50Ms,
      ratio: ratio(restList.opsPerSecond, grpcList.opsPerSecond),
    });
    await watchThroughput(cluster, options);
  } finally {
    await cluster.stop();
  }
}

/** A burst of ConfigMap creates seen by a REST watch and a gRPC watch at once: events per second until the last. */
async function watchThroughput(
  cluster: KubectlCluster,
  options: { durationMs: number; emit: (line: BenchLine) => void },
): Promise<void> {
  const client = cluster.masters.client();
  const burst = 2000;
  const start = await client.list('ConfigMap', { namespace: ns });
  const rest = await restWatch(
    cluster,
    `/api/v1/namespaces/${ns}/configmaps?watch=1&resourceVersion=${start.resourceVersion}`,
  );
  const grpcWatch = client.watch('ConfigMap', { namespace: ns, resourceVersion: start.resourceVersion });
  let grpcSeen = 0;
  let grpcDoneMs = 0;
  let restDoneMs = 0;
  const started = performance.now();
  const grpcReading = (async () => {
    for await (const event of grpcWatch) {
      if (event.type !== 'ADDED') continue;
      grpcSeen += 1;
      if (grpcSeen === burst) {
        grpcDoneMs = performance.now() - started;
        return;
      }
    }
  })();
  const configMap = (index: number): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `w-${index}`, namespace: ns },
    data: { value: 'x'.repeat(128) },
  });
  for (let index = 0; index < burst; index += 64)
    await Promise.all(
      Array.from({ length: Math.min(64, burst - index) }, (_, offset) => client.create(configMap(index + offset))),
    );
  const writtenMs = performance.now() - started;
  await waitFor(
    'the REST watch to see the burst',
    60_000,
    async () => {
      if (rest.events.filter((event) => event.type === 'ADDED').length < burst) return undefined;
      restDoneMs ||= performance.now() - started;
      return true;
    },
    5,
  );
  await Promise.race([grpcReading, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  rest.close();
  grpcWatch.close();
  options.emit({
    bench: 'kube_watch_burst_events_per_second',
    unit: 'events/s',
    events: burst,
    write_ms: round(writtenMs),
    rest: round((burst * 1000) / restDoneMs),
    rest_last_event_ms: round(restDoneMs),
    grpc: grpcDoneMs === 0 ? null : round((burst * 1000) / grpcDoneMs),
    grpc_last_event_ms: grpcDoneMs === 0 ? null : round(grpcDoneMs),
    ratio: grpcDoneMs === 0 ? null : ratio(grpcDoneMs, restDoneMs),
  });
}
