/**
 * raft-ts benchmarks: three replicas as separate processes over the gRPC
 * transport on loopback, SQLite on disk with fsync, driven by a Node gRPC client;
 * and the same load against a 3-member etcd 3.4 started here, in the same run.
 * Prints one JSON line per scenario.
 */
import { randomBytes } from 'node:crypto';
import { ReplicaCluster } from '../raft/replica-cluster.js';
import { EtcdCluster, etcdAvailable } from './etcd-cluster.js';
import { measureFailover, round, runClosedLoop, type LoadResult } from './load.js';

export interface BenchLine {
  readonly bench: string;
  readonly unit: string;
  readonly [field: string]: unknown;
}

const valueBytes = 240; // with the key and JSON framing, a 256-byte command
export const failoverTries = 5;

function value(): string {
  return randomBytes(valueBytes / 2).toString('hex');
}

export function ratio(orca: number, etcd: number | null): number | null {
  return etcd === null || etcd === 0 || Number.isNaN(etcd) ? null : round(orca / etcd, 2);
}

export function writeLine(name: string, orca: LoadResult, etcd: LoadResult | null, inFlight: number): BenchLine {
  return {
    bench: name,
    unit: 'ops/s',
    in_flight: inFlight,
    ops_per_s: orca.opsPerSecond,
    p50_ms: orca.p50Ms,
    p99_ms: orca.p99Ms,
    errors: orca.errors,
    ...(orca.firstError === undefined ? {} : { first_error: orca.firstError }),
    orca: orca.opsPerSecond,
    etcd: etcd?.opsPerSecond ?? null,
    ratio: ratio(orca.opsPerSecond, etcd?.opsPerSecond ?? null),
    etcd_p50_ms: etcd?.p50Ms ?? null,
    etcd_p99_ms: etcd?.p99Ms ?? null,
  };
}

async function orcaWrites(cluster: ReplicaCluster, inFlight: number, durationMs: number): Promise<LoadResult> {
  await cluster.waitForLeader();
  const payload = value();
  // Find the leader before the clock starts, so no worker's first call is a redirect.
  await cluster.connection.retrying(() => cluster.connection.put('warm-up', payload));
  return runClosedLoop({
    inFlight,
    durationMs,
    operation: async (sequence) => {
      await cluster.connection.put(`k${sequence % 10_000}`, payload);
    },
  });
}

async function etcdWrites(etcd: EtcdCluster, inFlight: number, durationMs: number): Promise<LoadResult> {
  await etcd.preferLeader();
  const payload = Buffer.from(value());
  await etcd.put('warm-up', payload);
  return runClosedLoop({ inFlight, durationMs, operation: (sequence) => etcd.put(`k${sequence % 10_000}`, payload) });
}

async function orcaFailover(cluster: ReplicaCluster): Promise<number[]> {
  const times: number[] = [];
  for (let attempt = 0; attempt < failoverTries; attempt += 1) {
    const leader = await cluster.waitForLeader();
    times.push(
      await measureFailover({
        inFlight: 8,
        timeoutMs: 10_000,
        write: async (sequence) => {
          await cluster.connection.put(`f${sequence}`, 'x', 1000);
        },
        kill: (signalling) => {
          signalling();
          return cluster.signal(leader.id, 'SIGKILL');
        },
      }),
    );
    await cluster.restart(leader.id);
    await cluster.waitForConvergence(20_000);
  }
  return times;
}

/** SIGKILL etcd's leader under 8 writers in flight, `failoverTries` times: fault → next write (ms). */
export async function etcdFailover(etcd: EtcdCluster, keyPrefix = 'f'): Promise<number[]> {
  const times: number[] = [];
  for (let attempt = 0; attempt < failoverTries; attempt += 1) {
    await etcd.preferLeader();
    let killed: Awaited<ReturnType<EtcdCluster['killLeader']>> | null = null;
    times.push(
      await measureFailover({
        inFlight: 8,
        timeoutMs: 10_000,
        write: (sequence) => etcd.put(`${keyPrefix}${attempt}-${sequence}`, Buffer.from('x'), 1000),
        kill: async (signalling) => {
          killed = await etcd.killLeader(signalling);
        },
      }),
    );
    if (killed !== null) await etcd.restart(killed);
    await etcd.waitForLeader();
  }
  return times;
}

function summary(times: number[]): { p50: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50: sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export async function runRaftBenchmarks(options: {
  durationMs: number;
  emit: (line: BenchLine) => void;
}): Promise<void> {
  const withEtcd = etcdAvailable();
  const etcd = withEtcd ? await EtcdCluster.start(3) : null;
  const cluster = await ReplicaCluster.start({ size: 3 });
  try {
    for (const inFlight of [64, 1]) {
      const orca = await orcaWrites(cluster, inFlight, options.durationMs);
      const other = etcd === null ? null : await etcdWrites(etcd, inFlight, options.durationMs);
      options.emit(writeLine(`raft_writes_${inFlight}_in_flight`, orca, other, inFlight));
    }
    const orcaTimes = summary(await orcaFailover(cluster));
    const etcdTimes = etcd === null ? null : summary(await etcdFailover(etcd));
    options.emit({
      bench: 'raft_failover_sigkill_leader',
      unit: 'ms',
      tries: failoverTries,
      orca: orcaTimes.p50,
      orca_max: orcaTimes.max,
      etcd: etcdTimes?.p50 ?? null,
      etcd_max: etcdTimes?.max ?? null,
      ratio: ratio(orcaTimes.p50, etcdTimes?.p50 ?? null),
    });
  } finally {
    await cluster.stop();
    await etcd?.stop();
  }
}
