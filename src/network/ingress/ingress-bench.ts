/**
 * Orca's ingress proxy against nginx on the same machine, in the same run:
 * the same three backends, the same keep-alive load, one after the other.
 * Numbers drift between machines; the ratio is what to read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryNetworkSource } from '../network-source.js';
import { findNginx, runLoad, startBackends, startNginx, type ChildHandle, type LoadResult } from './bench-processes.js';
import { NetworkError } from '../network-error.js';
import { IngressProxy } from './ingress-proxy.js';
import { endpointsOf, ingressClassOf, ingressOf, serviceOf } from './object-builders.js';

export interface BenchNumbers {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers other than 200, and failed requests. */
  readonly errors: number;
}

export interface IngressBenchResult {
  readonly orca: BenchNumbers;
  readonly nginx: BenchNumbers | { readonly skipped: string };
  /** orca / nginx requests per second, when nginx ran. */
  readonly ratio?: number;
}

export interface IngressBenchOptions {
  readonly durationMs: number;
  readonly concurrency: number;
}

const benchHost = 'bench.test';

/** Sums the rounds of one target into its numbers. */
function numbers(rounds: readonly LoadResult[]): BenchNumbers {
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  const requests = rounds.reduce((sum, item) => sum + item.requests, 0);
  const seconds = rounds.reduce((sum, item) => sum + item.seconds, 0);
  const errors = rounds.reduce((sum, item) => sum + item.errors, 0);
  const latencies = new Float64Array(rounds.reduce((sum, item) => sum + item.latencies.length, 0));
  let offset = 0;
  for (const item of rounds) {
    latencies.set(item.latencies, offset);
    offset += item.latencies.length;
  }
  latencies.sort();
  const at = (quantile: number): number =>
    latencies.length === 0
      ? 0
      : (latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? 0);
  return { requestsPerSecond: Math.round(requests / seconds), p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), errors };
}

function benchSource(ports: readonly number[]): MemoryNetworkSource {
  const source = new MemoryNetworkSource();
  source.put(
    ingressClassOf('orca'),
    serviceOf('bench', 'backend', [{ name: 'http', port: 80, targetPort: 8080 }]),
    endpointsOf(
      'bench',
      'backend',
      ports.map((port) => ({ ready: ['127.0.0.1'], ports: [{ name: 'http', port }] })),
    ),
    ingressOf({
      namespace: 'bench',
      name: 'bench',
      className: 'orca',
      rules: [{ host: benchHost, paths: [{ path: '/', service: 'backend', port: 80 }] }],
    }),
  );
  return source;
}

function validate(options: IngressBenchOptions): void {
  if (!Number.isInteger(options.durationMs) || options.durationMs < 100 || options.durationMs > 600_000) {
    throw new NetworkError('config', `durationMs must be an integer in [100, 600000], got ${options.durationMs}`);
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1 || options.concurrency > 1_024) {
    throw new NetworkError('config', `concurrency must be an integer in [1, 1024], got ${options.concurrency}`);
  }
}

/** Rounds per target: alternating Orca and nginx spreads the noise of a shared machine over both. */
const rounds = 2;

async function runNginx(
  ports: readonly number[],
  children: ChildHandle[],
  folders: string[],
): Promise<number | string> {
  const binary = findNginx();
  if (binary === undefined) return 'nginx is not installed (command -v nginx found nothing)';
  const folder = await mkdtemp(join(tmpdir(), 'orca-ingress-bench-'));
  folders.push(folder);
  const nginx = await startNginx(binary, folder, ports, benchHost);
  children.push(nginx.handle);
  return nginx.port;
}

export async function benchIngress(options: IngressBenchOptions): Promise<IngressBenchResult> {
  validate(options);
  const durationMs = Math.max(50, Math.round(options.durationMs / rounds));
  const plan = {
    host: benchHost,
    path: '/',
    concurrency: options.concurrency,
    durationMs,
    warmupMs: Math.min(500, Math.round(durationMs / 4)),
  };
  const children: ChildHandle[] = [];
  const folders: string[] = [];
  let proxy: IngressProxy | undefined;
  try {
    const backends = await startBackends();
    children.push(backends.handle);
    proxy = new IngressProxy({
      source: benchSource(backends.ports),
      http: { address: '127.0.0.1', port: 0 },
      https: null,
    });
    const orcaPort = (await proxy.start()).http?.port ?? 0;
    const nginxPort = await runNginx(backends.ports, children, folders);
    const orcaRounds: LoadResult[] = [];
    const nginxRounds: LoadResult[] = [];
    for (let index = 0; index < rounds; index += 1) {
      orcaRounds.push(await runLoad({ ...plan, port: orcaPort }));
      if (typeof nginxPort === 'number') nginxRounds.push(await runLoad({ ...plan, port: nginxPort }));
    }
    const orca = numbers(orcaRounds);
    if (typeof nginxPort === 'string') return { orca, nginx: { skipped: nginxPort } };
    const nginx = numbers(nginxRounds);
    const ratio =
      nginx.requestsPerSecond > 0
        ? Math.round((orca.requestsPerSecond / nginx.requestsPerSecond) * 1000) / 1000
        : undefined;
    return ratio === undefined ? { orca, nginx } : { orca, nginx, ratio };
  } finally {
    await proxy?.stop();
    await Promise.all(children.map((child) => child.stop()));
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
}
