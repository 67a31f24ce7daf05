/**
 * Concurrent clients on a small set of ConfigMaps: creates, compare-and-swap
 * updates, conditional deletes and linearizable reads, every one recorded as an
 * invoke and a complete event. One attempt per operation (no client retries), so
 * the history shows what the cluster did, not what a retry loop made of it; a
 * failure after the request may have been sent is recorded as indeterminate.
 */
import type { ConfigMap } from '../../src/api/index.js';
import { OrcaClient, isClientError } from '../../src/client/index.js';
import type { Random } from '../../src/raft/sim/random.js';
import type { ChaosCluster } from './chaos-cluster.js';
import type { HistoryRecorder, ObjectOperation, ObjectResult } from './history.js';

export interface WorkloadOptions {
  readonly clients: number;
  readonly keys: number;
  readonly namespace: string;
  /** Name prefix of the objects, so watches and lists can pick them out. */
  readonly prefix: string;
  /** Pause after a failed operation, so an outage does not pile up thousands of indeterminate ones. */
  readonly failurePauseMs: number;
  readonly callTimeoutMs: number;
}

export const defaultWorkloadOptions: WorkloadOptions = {
  clients: 4,
  keys: 4,
  namespace: 'default',
  prefix: 'chaos-',
  failurePauseMs: 100,
  callTimeoutMs: 2_000,
};

/** The client's verdict on an error: definite answers are results, the rest leaves the outcome unknown. */
export function resultOfError(error: unknown): ObjectResult {
  if (isClientError(error, 'conflict')) return { kind: 'conflict' };
  if (isClientError(error, 'not-found')) return { kind: 'not-found' };
  if (isClientError(error, 'already-exists')) return { kind: 'already-exists' };
  const message = error instanceof Error ? error.message : String(error);
  if (isClientError(error) && error.notSent) return { kind: 'not-applied', error: message };
  return { kind: 'indeterminate', error: message.slice(0, 300) };
}

function configMap(name: string, namespace: string, value: string, resourceVersion?: string): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
    data: { value },
  };
}

export class Workload {
  private stopping = false;
  private readonly running: Promise<void>[] = [];
  /** The last resourceVersion any client saw per key: shared, so compare-and-swaps race each other. */
  private readonly known = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly cluster: ChaosCluster,
    private readonly recorder: HistoryRecorder,
    private readonly random: Random,
    readonly options: WorkloadOptions = defaultWorkloadOptions,
  ) {}

  keys(): string[] {
    return Array.from({ length: this.options.keys }, (_, index) => `${this.options.prefix}${index}`);
  }

  start(): void {
    for (let client = 1; client <= this.options.clients; client += 1)
      this.running.push(this.loop(client, this.random.fork()));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  private makeClient(): OrcaClient {
    const servers = this.cluster.masters().map((master) => master.address);
    const { callTimeoutMs } = this.options;
    return new OrcaClient({
      ...this.cluster.tlsOption(),
      servers,
      attemptsMax: 1,
      callTimeoutMs,
      connectTimeoutMs: Math.min(1_000, callTimeoutMs),
      operationDeadlineMs: callTimeoutMs + 500,
    });
  }

  private async loop(clientId: number, random: Random): Promise<void> {
    let generation = this.cluster.generation;
    let client = this.makeClient();
    try {
      while (!this.stopping) {
        if (generation !== this.cluster.generation) {
          client.close();
          client = this.makeClient();
          generation = this.cluster.generation;
        }
        const result = await this.one(client, clientId, random);
        if (result.kind === 'indeterminate' || result.kind === 'not-applied') await pause(this.options.failurePauseMs);
      }
    } finally {
      client.close();
    }
  }

  private choose(key: string, random: Random): ObjectOperation {
    const version = this.known.get(key);
    const value = `v${this.counter++}`;
    const roll = random.next();
    if (roll < 0.3) return { op: 'read' };
    if (version === undefined) return { op: 'create', value };
    if (roll < 0.75) return { op: 'update', expectedVersion: version, value };
    if (roll < 0.87) return { op: 'create', value };
    return { op: 'delete', expectedVersion: version };
  }

  private async one(client: OrcaClient, clientId: number, random: Random): Promise<ObjectResult> {
    const key = random.pick(this.keys());
    const operation = this.choose(key, random);
    const id = this.recorder.invoke(clientId, key, operation);
    let result: ObjectResult;
    try {
      result = await this.perform(client, key, operation);
    } catch (error: unknown) {
      result = resultOfError(error);
    }
    this.recorder.complete(id, result);
    if (result.kind === 'ok' && result.version !== '') this.known.set(key, result.version);
    if (result.kind === 'not-found') this.known.delete(key);
    return result;
  }

  private async perform(client: OrcaClient, key: string, operation: ObjectOperation): Promise<ObjectResult> {
    const { namespace } = this.options;
    switch (operation.op) {
      case 'read': {
        const object = await client.get({ kind: 'ConfigMap', namespace, name: key });
        return { kind: 'ok', value: object.data?.['value'] ?? null, version: object.metadata?.resourceVersion ?? '' };
      }
      case 'create': {
        const object = await client.create(configMap(key, namespace, operation.value));
        return { kind: 'ok', value: operation.value, version: object.metadata?.resourceVersion ?? '' };
      }
      case 'update': {
        const object = await client.update(configMap(key, namespace, operation.value, operation.expectedVersion));
        return { kind: 'ok', value: operation.value, version: object.metadata?.resourceVersion ?? '' };
      }
      case 'delete': {
        await client.delete(
          { kind: 'ConfigMap', namespace, name: key },
          { resourceVersion: operation.expectedVersion },
        );
        return { kind: 'ok', value: null, version: '' };
      }
    }
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
