/**
 * Measures the real ServiceProxy against the real kernel: a scratch network
 * namespace, `services` ClusterIP Services (the first 1,000 also NodePort)
 * with `endpointsPerService` ready endpoints each, one full sync, then
 * `changes` endpoint changes one after another, each timed from the moment the
 * cache changed to the moment programmed() resolved (coalescing delay, model
 * rebuild, rendering and nft included).
 */
import { randomBytes } from 'node:crypto';
import type { Endpoints, Service } from '../../api/index.js';
import { MemoryNetworkSource } from '../network-source.js';
import { NftCommandExecutor } from './nft-executor.js';
import { NftSessionExecutor } from './nft-session.js';
import { NetworkError } from '../network-error.js';
import { createNetns, deleteNetns } from './scratch-netns.js';
import { ServiceProxy } from './service-proxy.js';

export interface ProxyBenchOptions {
  readonly services: number;
  readonly endpointsPerService: number;
  readonly changes: number;
  /** Shard tables (default: the proxy's default). */
  readonly shards?: number;
  /** `session` (default): one long-lived `nft -i`; `command`: a new `nft -f` per script. */
  readonly executor?: 'session' | 'command';
}

export interface ProxyBenchResult {
  readonly fullSyncMs: number;
  readonly incrementalP50Ms: number;
  readonly incrementalP99Ms: number;
  readonly endpointChangeToProgrammedP50Ms: number;
  readonly endpointChangeToProgrammedP99Ms: number;
}

const limits = { services: 20_000, endpointsPerService: 250, changes: 10_000 } as const;

export async function benchProxy(options: ProxyBenchOptions): Promise<ProxyBenchResult> {
  for (const field of ['services', 'endpointsPerService', 'changes'] as const) {
    const value = options[field];
    if (!Number.isInteger(value) || value < 1 || value > limits[field])
      throw new NetworkError('config', `${field}: must be an integer in 1..${limits[field]}`);
  }
  const netns = `orca-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
  await createNetns(netns);
  const source = new MemoryNetworkSource();
  const incrementalMs: number[] = [];
  const proxy = new ServiceProxy({
    source,
    executor: options.executor === 'command' ? new NftCommandExecutor({ netns }) : new NftSessionExecutor({ netns }),
    ...(options.shards === undefined ? {} : { shards: options.shards }),
    nodeName: 'bench-node',
    nodeIps: ['192.168.200.1'],
    clusterCidr: '10.128.0.0/9',
    onProgrammed: (event) => {
      if (event.kind === 'incremental' && event.scriptBytes > 0) incrementalMs.push(event.durationMs);
    },
  });
  try {
    for (let start = 0; start < options.services; start += 1_000) {
      const objects: (Service | Endpoints)[] = [];
      for (let index = start; index < Math.min(options.services, start + 1_000); index += 1) {
        objects.push(benchService(index), benchEndpoints(index, options.endpointsPerService, 0));
      }
      source.put(...objects);
    }
    await proxy.start();
    const fullSyncMs = proxy.stats().lastFullSyncMs ?? Number.NaN;
    const changeMs: number[] = [];
    for (let change = 1; change <= options.changes; change += 1) {
      const endpoints = benchEndpoints((change * 7919) % options.services, options.endpointsPerService, change);
      const started = performance.now();
      source.put(endpoints);
      await proxy.programmed();
      changeMs.push(performance.now() - started);
    }
    return {
      fullSyncMs,
      incrementalP50Ms: percentile(incrementalMs, 0.5),
      incrementalP99Ms: percentile(incrementalMs, 0.99),
      endpointChangeToProgrammedP50Ms: percentile(changeMs, 0.5),
      endpointChangeToProgrammedP99Ms: percentile(changeMs, 0.99),
    };
  } finally {
    await proxy.stop().catch(() => undefined);
    await deleteNetns(netns);
  }
}

function benchService(index: number): Service {
  const nodePort = index < 1_000;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: `ns${index % 50}`, name: `svc-${index}` },
    spec: {
      type: nodePort ? 'NodePort' : 'ClusterIP',
      clusterIp: `10.96.${(index >> 8) & 255}.${index & 255}`,
      ports: [
        {
          name: 'http',
          protocol: 'TCP',
          port: 80,
          targetPort: { intVal: 8080 },
          nodePort: nodePort ? 30_000 + index : 0,
        },
      ],
    },
  };
}

/** `round` shifts one endpoint's address so each change really changes the rules. */
function benchEndpoints(index: number, count: number, round: number): Endpoints {
  const addresses = [];
  for (let slot = 0; slot < count; slot += 1) {
    const host = index * count + slot + (slot === 0 ? round * 1_000_003 : 0);
    addresses.push({
      ip: `10.${128 + ((host >> 16) & 127)}.${(host >> 8) & 255}.${host & 255}`,
      nodeName: slot === 0 ? 'bench-node' : 'other',
    });
  }
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { namespace: `ns${index % 50}`, name: `svc-${index}` },
    subsets: [{ addresses, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  };
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}
