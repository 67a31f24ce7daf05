/**
 * The worker's NetworkSource: one informer per kind the data path routes by,
 * feeding a MemoryNetworkSource. Changes that arrive in one turn of the event
 * loop (a relist, a transaction that touched many Endpoints) reach the
 * components as one notification.
 */
import type { KindName, ObjectOfKind } from '../api/index.js';
import { Informer, type ClientError, type ObjectClient } from '../client/index.js';
import { MemoryNetworkSource, type NetworkKind } from './network-source.js';

type Stored = ObjectOfKind<NetworkKind>;

export const networkKinds: readonly NetworkKind[] = [
  'Service',
  'Endpoints',
  'Ingress',
  'IngressClass',
  'Secret',
  'Node',
];

/**
 * The ingress proxy needs only TLS Secrets, and a worker may list and watch
 * Secrets only with exactly this field selector (the node authorizer).
 */
export const tlsSecretFieldSelector = 'type=kubernetes.io/tls';

/** Per kind, what its informer asks for beyond the kind. */
const selectors: Partial<Record<NetworkKind, { fieldSelector: string }>> = {
  Secret: { fieldSelector: tlsSecretFieldSelector },
};

type Pending = { readonly put: Stored } | { readonly remove: { kind: NetworkKind; namespace: string; name: string } };

export class InformerNetworkSource extends MemoryNetworkSource {
  private readonly informers: Informer<NetworkKind>[];
  private pending: Pending[] = [];
  private flushScheduled = false;

  constructor(
    client: ObjectClient,
    onError: (kind: KindName, error: ClientError) => void,
    kinds: readonly NetworkKind[] = networkKinds,
  ) {
    super({ synced: false });
    this.informers = kinds.map((kind) => {
      const informer = new Informer(client, kind, { ...selectors[kind], onError: (error) => onError(kind, error) });
      informer.addHandlers({
        onAdd: (object) => this.queue({ put: object }),
        onUpdate: (_previous, object) => this.queue({ put: object }),
        onDelete: (object) =>
          this.queue({
            remove: { kind, namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' },
          }),
      });
      return informer;
    });
  }

  /** Lists every kind, then marks the source synced (one full notification). */
  async start(): Promise<void> {
    for (const informer of this.informers) informer.start();
    await Promise.all(this.informers.map((informer) => informer.waitForSync()));
    this.flush();
    this.markSynced();
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((informer) => informer.stop()));
  }

  private queue(entry: Pending): void {
    this.pending.push(entry);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Applies what was queued in arrival order; runs of puts go as one notification. */
  private flush(): void {
    this.flushScheduled = false;
    const pending = this.pending;
    this.pending = [];
    let puts: Stored[] = [];
    for (const entry of pending) {
      if ('put' in entry) {
        puts.push(entry.put);
        continue;
      }
      if (puts.length > 0) this.put(...puts);
      puts = [];
      this.remove(entry.remove.kind, entry.remove.namespace, entry.remove.name);
    }
    if (puts.length > 0) this.put(...puts);
  }
}
