/**
 * The pod network's benchmarks, one JSON line each:
 * - the service proxy (real nft in a scratch namespace): a full sync and one
 *   incremental change at 1,000 and 5,000 Services × 3 endpoints, and the time
 *   from an endpoint change to its rules being in the kernel (p50/p99);
 * - cluster DNS: queries/s and p99 against the server a pod's resolv.conf
 *   names (here in a process of its own on loopback, 1,000 Services);
 * - the ingress proxy beside nginx proxying the same three backends in the
 *   same run (requests/s, p50/p99, ratio).
 * Goals (the pod network issue): endpoint change → programmed p99 ≤ 100 ms; an
 * incremental change ≤ 50 ms at 5,000 Services; Ingress ≥ 0.5× nginx.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDns } from '../../src/network/dns/index.js';
import { benchIngress } from '../../src/network/ingress/index.js';
import { benchProxy } from '../../src/network/proxy/index.js';
import type { BenchLine } from './raft-bench.js';

interface NetworkBenchOptions {
  readonly durationMs: number;
  readonly emit: (line: BenchLine) => void;
}

const round = (value: number): number => Math.round(value * 100) / 100;

async function proxyLines(options: NetworkBenchOptions): Promise<void> {
  if (process.getuid?.() !== 0) {
    options.emit({
      bench: 'network_proxy',
      unit: 'ms',
      skipped: 'the service proxy benchmark needs root (a scratch network namespace and nft)',
    });
    return;
  }
  for (const services of [1_000, 5_000]) {
    const result = await benchProxy({ services, endpointsPerService: 3, changes: 200 });
    options.emit({
      bench: 'network_proxy',
      unit: 'ms',
      services,
      endpoints_per_service: 3,
      full_sync_ms: round(result.fullSyncMs),
      incremental_p50_ms: round(result.incrementalP50Ms),
      incremental_p99_ms: round(result.incrementalP99Ms),
      endpoint_change_to_programmed_p50_ms: round(result.endpointChangeToProgrammedP50Ms),
      endpoint_change_to_programmed_p99_ms: round(result.endpointChangeToProgrammedP99Ms),
      goal_programmed_p99_ms: 100,
      goal_incremental_ms_at_5000: 50,
    });
  }
}

async function dnsLine(options: NetworkBenchOptions): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const child = spawn(process.execPath, [join(here, 'dns-server-child.js'), '1000'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        const match = /^PORT=(\d+)$/.exec(line);
        if (match !== null) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`the DNS server exited (${String(code)})`)));
    });
    const names = Array.from({ length: 1_000 }, (_, index) => `svc-${index}.bench.svc.cluster.local`);
    const result = await benchDns({
      server: { address: '127.0.0.1', port },
      names,
      concurrency: 64,
      durationMs: options.durationMs,
    });
    options.emit({
      bench: 'network_dns',
      unit: 'queries/s',
      services: 1_000,
      in_flight: 64,
      queries_per_s: Math.round(result.queriesPerSecond),
      p50_ms: round(result.p50Ms),
      p99_ms: round(result.p99Ms),
      errors: result.errors,
    });
  } finally {
    child.stdin.end();
    child.kill('SIGTERM');
  }
}

async function ingressLine(options: NetworkBenchOptions): Promise<void> {
  const result = await benchIngress({ durationMs: options.durationMs, concurrency: 64 });
  const nginx = 'skipped' in result.nginx ? null : result.nginx;
  options.emit({
    bench: 'network_ingress',
    unit: 'requests/s',
    in_flight: 64,
    orca: Math.round(result.orca.requestsPerSecond),
    orca_p50_ms: round(result.orca.p50Ms),
    orca_p99_ms: round(result.orca.p99Ms),
    orca_errors: result.orca.errors,
    nginx: nginx === null ? null : Math.round(nginx.requestsPerSecond),
    nginx_p50_ms: nginx === null ? null : round(nginx.p50Ms),
    nginx_p99_ms: nginx === null ? null : round(nginx.p99Ms),
    ratio: result.ratio === undefined ? null : round(result.ratio),
    goal_ratio: 0.5,
    ...('skipped' in result.nginx ? { nginx_skipped: result.nginx.skipped } : {}),
  });
}

export async function runNetworkBenchmarks(options: NetworkBenchOptions): Promise<void> {
  await proxyLines(options);
  await dnsLine(options);
  await ingressLine(options);
}
