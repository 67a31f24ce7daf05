/**
 * API benchmarks: three `orca master` processes on loopback driven through the
 * client SDK, and a 3-member etcd 3.4 driven by the same Node gRPC load in the
 * same run. Creates of 256-byte ConfigMaps against etcd Puts of 256 bytes, at 64
 * and at 1 in flight; linearizable reads (Get) against etcd's default
 * (linearizable) Range; and leader failover under load (SIGKILL → next write).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConfigMap } from '../../src/api/index.js';
import { OrcaClient } from '../../src/client/index.js';
import { MasterProcesses } from '../masters/master-processes.js';
import { EtcdCluster, etcdAvailable } from './etcd-cluster.js';
import { measureFailover, percentile, round, runClosedLoop, type LoadResult } from './load.js';
import { etcdFailover, failoverTries, ratio, writeLine, type BenchLine } from './raft-bench.js';

const readKeys = 1000;

/** A ConfigMap whose serialized object is about 256 bytes, as the issue asks. */
function configMap(name: string, payload: string): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'bench' }, data: { value: payload } };
}

function payloadOf(bytes: number): string {
  return randomBytes(Math.ceil(bytes / 2))
    .toString('hex')
    .slice(0, bytes);
}

/** The payload that makes a ConfigMap's JSON 256 bytes with a typical name. */
function configMapPayload(): string {
  const framing = JSON.stringify(configMap('bench-000000000', '')).length;
  return payloadOf(Math.max(16, 256 - framing));
}

async function leaderClient(cluster: MasterProcesses): Promise<OrcaClient> {
  const leader = await cluster.waitForLeader();
  return cluster.clientFor(leader.name);
}

async function orcaCreates(
  cluster: MasterProcesses,
  inFlight: number,
  durationMs: number,
  run: string,
): Promise<LoadResult> {
  const client = await leaderClient(cluster);
  const payload = configMapPayload();
  await client.create(configMap(`warm-${run}`, payload));
  return runClosedLoop({
    inFlight,
    durationMs,
    operation: async (sequence) => {
      await client.create(configMap(`${run}-${sequence}`, payload));
    },
  });
}

async function etcdPuts(etcd: EtcdCluster, inFlight: number, durationMs: number, run: string): Promise<LoadResult> {
  await etcd.preferLeader();
  const payload = Buffer.from(payloadOf(256));
  await etcd.put(`warm-${run}`, payload);
  return runClosedLoop({
    inFlight,
    durationMs,
    operation: (sequence) => etcd.put(`/registry/configmaps/bench/${run}-${sequence}`, payload),
  });
}

async function orcaReads(cluster: MasterProcesses, durationMs: number): Promise<LoadResult> {
  const client = await leaderClient(cluster);
  const payload = configMapPayload();
  for (let index = 0; index < readKeys; index += 64) {
    await Promise.all(
      Array.from({ length: 64 }, (_, offset) => client.create(configMap(`read-${index + offset}`, payload))),
    );
  }
  return runClosedLoop({
    inFlight: 64,
    durationMs,
    operation: async (sequence) => {
      await client.get({ kind: 'ConfigMap', namespace: 'bench', name: `read-${sequence % readKeys}` });
    },
  });
}

async function etcdReads(etcd: EtcdCluster, durationMs: number): Promise<LoadResult> {
  await etcd.preferLeader();
  const payload = Buffer.from(payloadOf(256));
  for (let index = 0; index < readKeys; index += 64) {
    await Promise.all(Array.from({ length: 64 }, (_, offset) => etcd.put(`read-${index + offset}`, payload)));
  }
  return runClosedLoop({ inFlight: 64, durationMs, operation: (sequence) => etcd.get(`read-${sequence % readKeys}`) });
}

async function orcaFailover(cluster: MasterProcesses): Promise<number[]> {
  const times: number[] = [];
  const payload = payloadOf(64);
  for (let attempt = 0; attempt < failoverTries; attempt += 1) {
    const leader = await cluster.waitForLeader();
    const client = cluster.client();
    times.push(
      await measureFailover({
        inFlight: 8,
        timeoutMs: 10_000,
        write: async (sequence) => {
          await client.create(configMap(`failover-${attempt}-${sequence}`, payload));
        },
        kill: (signalling) => {
          signalling();
          return cluster.signal(leader.name, 'SIGKILL');
        },
      }),
    );
    await cluster.restart(leader.name);
    await cluster.waitForLeader();
  }
  return times;
}

/** The watch-burst lines on a cluster of their own (`--only watch`). */
export async function runWatchBenchmarks(options: {
  durationMs: number;
  emit: (line: BenchLine) => void;
}): Promise<void> {
  // A fresh cluster for each: the first burst's 10,000 pending pods would weigh on the second.
  options.emit(await watchersCpu());
  for (const batched of [true, false]) {
    const cluster = await MasterProcesses.start({ size: 3 });
    try {
      options.emit(await watchBurst(cluster, batched));
    } finally {
      await cluster.stop();
    }
  }
}

/** CPU seconds a process has used (user + system), from /proc: ticks of 10 ms. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const watchers = 1000;

/**
 * 1,000 watchers of ConfigMaps on the leader (from 10 client connections, as
 * many informers share few connections) while 100 creates/s run: the share of
 * one core the leader spends on them, against the same writes with no watchers.
 */
async function watchersCpu(): Promise<BenchLine> {
  const cluster = await MasterProcesses.start({ size: 3 });
  try {
    const leader = await cluster.waitForLeader();
    const pid = leader.process?.pid;
    if (pid === undefined) throw new Error('the leader has no process');
    const writer = cluster.clientFor(leader.name);
    const payload = configMapPayload();
    // A steady 100 creates/s for 5 s (each fanned out to every watcher): the leader's CPU, not its ceiling.
    const measure = async (run: string): Promise<{ cpu: number; ops: number }> => {
      const before = cpuSeconds(pid);
      const started = performance.now();
      const writes: Promise<unknown>[] = [];
      for (let sequence = 0; sequence < 500; sequence += 1) {
        const due = started + sequence * 10;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        writes.push(writer.create(configMap(`${run}-${sequence}`, payload)).catch(() => undefined));
      }
      await Promise.all(writes);
      const seconds = (performance.now() - started) / 1000;
      return { cpu: (cpuSeconds(pid) - before) / seconds, ops: round(500 / seconds) };
    };
    const alone = await measure('alone');
    const clients = Array.from({ length: 10 }, () => new OrcaClient({ servers: [leader.address] }));
    let events = 0;
    const streams = Array.from({ length: watchers }, (_, index) => {
      const watch = (clients[index % clients.length] as OrcaClient).watch('ConfigMap', { namespace: 'bench' });
      void (async () => {
        for await (const event of watch) if (event.type !== 'BOOKMARK') events += 1;
      })().catch(() => undefined);
      return watch;
    });
    const watched = await measure('watched');
    for (const stream of streams) stream.close();
    for (const client of clients) client.close();
    return {
      bench: 'api_1000_watchers_leader_cpu',
      unit: 'cores',
      watchers,
      leader_cpu_without: round(alone.cpu),
      leader_cpu_with: round(watched.cpu),
      watcher_share: round(watched.cpu - alone.cpu),
      creates_per_second: watched.ops,
      events_delivered: events,
      goal_share: 0.2,
    };
  } finally {
    await cluster.stop();
  }
}

const burstPods = 10_000;

/**
 * A watcher of all pods during a burst of 10,000 pod creates (64 in flight):
 * how long after each create was acknowledged the watcher saw it, for the
 * last pod and over all; with events batched per message (the default) and
 * one event per message (as before), in the same run.
 */
async function watchBurst(cluster: MasterProcesses, batched: boolean): Promise<BenchLine> {
  const leader = await cluster.waitForLeader();
  const writer = cluster.clientFor(leader.name);
  const namespace = `burst-${batched ? 'batched' : 'single'}`;
  const watcher = new OrcaClient({ servers: [leader.address], watchBatchEvents: batched });
  const start = await writer.list('Pod', { namespace, limit: 1 });
  const watch = watcher.watch('Pod', { resourceVersion: start.resourceVersion });
  const acked = new Map<string, number>();
  const seen = new Map<string, number>();
  let lastName = '';
  let errors = 0;
  let firstError: string | undefined;
  const reading = (async () => {
    for await (const event of watch) {
      if (event.type !== 'ADDED' || event.object.metadata?.namespace !== namespace) continue;
      seen.set(event.object.metadata.name ?? '', performance.now());
      if (seen.size >= burstPods) return;
    }
  })();
  const started = performance.now();
  let next = 0;
  const create = async (): Promise<void> => {
    while (next < burstPods) {
      const name = `p-${next}`;
      next += 1;
      try {
        await writer.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace },
          spec: {
            nodeSelector: { 'bench.orca.dev/none': 'none' },
            containers: [{ name: 'c', image: 'registry.local/app:1' }],
          },
        });
        acked.set(name, performance.now());
        lastName = name;
      } catch (error: unknown) {
        // A create the overloaded leader did not answer in time: counted, the burst goes on.
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, create));
  const writeMs = performance.now() - started;
  const deadline = performance.now() + 60_000;
  while (seen.size < acked.size && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  watch.close();
  await reading.catch(() => undefined);
  watcher.close();
  const lags = [...acked.entries()]
    .map(([name, at]) => (seen.get(name) ?? Number.NaN) - at)
    .filter((lag) => !Number.isNaN(lag))
    .sort((a, b) => a - b);
  const lastSeen = seen.get(lastName);
  const lastAcked = acked.get(lastName);
  return {
    bench: `api_watch_burst_10000_pods${batched ? '' : '_one_event_per_message'}`,
    unit: 'ms',
    pods: burstPods,
    seen: seen.size,
    write_errors: errors,
    ...(firstError === undefined ? {} : { first_error: firstError }),
    write_ms: round(writeMs),
    last_event_lag_ms: lastSeen === undefined || lastAcked === undefined ? null : round(lastSeen - lastAcked),
    lag_p50_ms: round(percentile(lags, 0.5)),
    lag_p99_ms: round(percentile(lags, 0.99)),
    lag_max_ms: round(lags[lags.length - 1] ?? Number.NaN),
    goal_ms: 200,
  };
}

function percentiles(times: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1] ?? Number.NaN) };
}

export async function runApiBenchmarks(options: {
  durationMs: number;
  emit: (line: BenchLine) => void;
}): Promise<void> {
  const etcd = etcdAvailable() ? await EtcdCluster.start(3) : null;
  const cluster = await MasterProcesses.start({ size: 3 });
  try {
    for (const inFlight of [64, 1]) {
      const run = `c${inFlight}`;
      const orca = await orcaCreates(cluster, inFlight, options.durationMs, run);
      const other = etcd === null ? null : await etcdPuts(etcd, inFlight, options.durationMs, run);
      options.emit(writeLine(`api_creates_${inFlight}_in_flight`, orca, other, inFlight));
    }
    const reads = await orcaReads(cluster, options.durationMs);
    const etcdRead = etcd === null ? null : await etcdReads(etcd, options.durationMs);
    options.emit(writeLine('api_linearizable_reads_64_in_flight', reads, etcdRead, 64));
    const orcaTimes = percentiles(await orcaFailover(cluster));
    const etcdTimes = etcd === null ? null : percentiles(await etcdFailover(etcd, 'failover-'));
    options.emit({
      bench: 'api_failover_sigkill_leader',
      unit: 'ms',
      tries: failoverTries,
      orca: orcaTimes.p50,
      orca_p99: orcaTimes.p99,
      orca_max: orcaTimes.max,
      etcd: etcdTimes?.p50 ?? null,
      etcd_p99: etcdTimes?.p99 ?? null,
      etcd_max: etcdTimes?.max ?? null,
      ratio: ratio(orcaTimes.p50, etcdTimes?.p50 ?? null),
    });
    await runTlsComparison(options, cluster);
  } finally {
    await cluster.stop();
    await etcd?.stop();
  }
}

/**
 * The same writes and failover through a cluster with security on (TLS on
 * every connection, authentication, RBAC, audit), beside the plaintext
 * cluster's numbers from this run: the price of security.
 */
async function runTlsComparison(
  options: { durationMs: number; emit: (line: BenchLine) => void },
  plain: MasterProcesses,
): Promise<void> {
  const secure = await MasterProcesses.start({ size: 3, secure: true });
  try {
    for (const inFlight of [64, 1]) {
      const run = `tls${inFlight}`;
      const withTls = await orcaCreates(secure, inFlight, options.durationMs, run);
      const without = await orcaCreates(plain, inFlight, options.durationMs, `plain-${run}`);
      options.emit({
        bench: `api_creates_${inFlight}_in_flight_tls`,
        unit: 'ops/s',
        in_flight: inFlight,
        tls: withTls.opsPerSecond,
        tls_p50_ms: withTls.p50Ms,
        tls_p99_ms: withTls.p99Ms,
        plaintext: without.opsPerSecond,
        plaintext_p50_ms: without.p50Ms,
        plaintext_p99_ms: without.p99Ms,
        errors: withTls.errors + without.errors,
        ratio: ratio(withTls.opsPerSecond, without.opsPerSecond),
      });
    }
    const tlsTimes = percentiles(await orcaFailover(secure));
    options.emit({
      bench: 'api_failover_sigkill_leader_tls',
      unit: 'ms',
      tries: failoverTries,
      tls: tlsTimes.p50,
      tls_p99: tlsTimes.p99,
      tls_max: tlsTimes.max,
    });
  } finally {
    await secure.stop();
  }
}
