/**
 * Hollow nodes for tests and benchmarks: a Node object (Ready, with capacity)
 * and its Lease in kube-node-lease, renewed by a timer as a worker would, with
 * no worker behind them. The scheduler and controllers cannot tell the difference.
 */
import type { Lease, Node, Pod } from '../api/index.js';
import { isClientError, type ObjectClient } from '../client/index.js';

export const hollowLeaseNamespace = 'kube-node-lease';

export interface HollowNodeOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly labels?: Record<string, string>;
}

export function hollowNode(name: string, options: HollowNodeOptions = {}): Node {
  const capacity = { cpu: options.cpu ?? '4', memory: options.memory ?? '8Gi', pods: options.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: {},
    status: {
      capacity,
      allocatable: capacity,
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', reason: 'WorkerReady' }],
    },
  };
}

/** Create the Node (with its status) and the lease namespace if needed. */
export async function createHollowNode(
  client: ObjectClient,
  name: string,
  options: HollowNodeOptions = {},
): Promise<Node> {
  const wanted = hollowNode(name, options);
  const created = await client.create(wanted);
  return client.updateStatus({ ...created, status: wanted.status });
}

/** Renews the Leases of the named nodes every `renewMs` until stopped; `pause(name)` stops one node's renewals. */
export class LeaseRenewer {
  private readonly paused = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly client: ObjectClient,
    private readonly names: readonly string[],
    private readonly renewMs = 200,
  ) {}

  async start(): Promise<void> {
    try {
      await this.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: hollowLeaseNamespace } });
    } catch (error: unknown) {
      if (!isClientError(error, 'already-exists')) throw error;
    }
    await this.renewAll();
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.renewAll()
        .catch(() => undefined)
        .finally(() => {
          this.busy = false;
        });
    }, this.renewMs);
  }

  pause(name: string): void {
    this.paused.add(name);
  }

  resume(name: string): void {
    this.paused.delete(name);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async renewAll(): Promise<void> {
    const renewTime = new Date().toISOString();
    await Promise.all(this.names.filter((name) => !this.paused.has(name)).map((name) => this.renew(name, renewTime)));
  }

  private async renew(name: string, renewTime: string): Promise<void> {
    try {
      const lease = await this.client.get({ kind: 'Lease', namespace: hollowLeaseNamespace, name });
      await this.client.update({ ...lease, spec: { ...lease.spec, renewTime } });
    } catch (error: unknown) {
      if (!isClientError(error, 'not-found')) throw error;
      const lease: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace: hollowLeaseNamespace },
        spec: { holderIdentity: name, leaseDurationSeconds: 10, renewTime },
      };
      await this.client.create(lease);
    }
  }
}

export function simplePod(
  name: string,
  options: { cpu?: string; memory?: string; labels?: Record<string, string>; namespace?: string } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: options.namespace ?? 'default', labels: options.labels },
    spec: {
      containers: [
        {
          name: 'main',
          image: 'registry.local/app:1',
          resources: { requests: { cpu: options.cpu ?? '100m', memory: options.memory ?? '64Mi' } },
        },
      ],
    },
  };
}
