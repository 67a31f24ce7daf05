/**
 * What the data-path components on a worker (service proxy, cluster DNS,
 * ingress proxy) see of the cluster: a read-only cache of the objects they
 * route by, and a change feed. The worker fills it from informers (a client of
 * the API like any other); tests fill the in-memory one by hand. Each
 * component keeps its own derived state and reacts to the keys that changed.
 */
import type { Endpoints, Ingress, IngressClass, Node, Secret, Service } from '../api/index.js';

export type NetworkKind = 'Service' | 'Endpoints' | 'Ingress' | 'IngressClass' | 'Secret' | 'Node';

export interface NetworkChange {
  readonly kind: NetworkKind;
  /** '' for cluster-scoped kinds (IngressClass, Node). */
  readonly namespace: string;
  readonly name: string;
}

export interface NetworkSource {
  services(): Iterable<Service>;
  service(namespace: string, name: string): Service | undefined;
  /** The Endpoints object named like its Service. */
  endpoints(namespace: string, name: string): Endpoints | undefined;
  allEndpoints(): Iterable<Endpoints>;
  ingresses(): Iterable<Ingress>;
  ingressClasses(): Iterable<IngressClass>;
  /** Secret values are base64 (as in Kubernetes' JSON), already opened by the API. */
  secret(namespace: string, name: string): Secret | undefined;
  nodes(): Iterable<Node>;
  /** True once every kind has been listed once (before that the cache may be partial). */
  synced(): boolean;
  /**
   * Called after changes are applied to the cache, in order; several changes
   * may come in one call. Returns the function that unsubscribes.
   */
  subscribe(listener: (changes: readonly NetworkChange[]) => void): () => void;
}

type Keyed = { readonly metadata?: { readonly namespace?: string; readonly name?: string } };
type Stored = Service | Endpoints | Ingress | IngressClass | Secret | Node;

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * The in-memory source: a map per kind and synchronous notification. The worker
 * feeds it from informers; tests call put/remove directly.
 */
export class MemoryNetworkSource implements NetworkSource {
  private readonly objects = new Map<NetworkKind, Map<string, Stored>>();
  private readonly listeners = new Set<(changes: readonly NetworkChange[]) => void>();
  private isSynced: boolean;

  constructor(options: { synced?: boolean } = {}) {
    this.isSynced = options.synced ?? true;
  }

  private table(kind: NetworkKind): Map<string, Stored> {
    let table = this.objects.get(kind);
    if (table === undefined) {
      table = new Map();
      this.objects.set(kind, table);
    }
    return table;
  }

  private all<T extends Stored>(kind: NetworkKind): Iterable<T> {
    return this.table(kind).values() as Iterable<T>;
  }

  private one<T extends Stored>(kind: NetworkKind, namespace: string, name: string): T | undefined {
    return this.table(kind).get(keyOf(namespace, name)) as T | undefined;
  }

  services(): Iterable<Service> {
    return this.all('Service');
  }
  service(namespace: string, name: string): Service | undefined {
    return this.one('Service', namespace, name);
  }
  endpoints(namespace: string, name: string): Endpoints | undefined {
    return this.one('Endpoints', namespace, name);
  }
  allEndpoints(): Iterable<Endpoints> {
    return this.all('Endpoints');
  }
  ingresses(): Iterable<Ingress> {
    return this.all('Ingress');
  }
  ingressClasses(): Iterable<IngressClass> {
    return this.all('IngressClass');
  }
  secret(namespace: string, name: string): Secret | undefined {
    return this.one('Secret', namespace, name);
  }
  nodes(): Iterable<Node> {
    return this.all('Node');
  }
  synced(): boolean {
    return this.isSynced;
  }

  /** Marks the cache complete and tells the listeners (with no change) so they can do a full sync. */
  markSynced(): void {
    this.isSynced = true;
    this.notify([]);
  }

  /** Stores objects (replacing any of the same key) and notifies once. */
  put(...objects: Stored[]): void {
    const changes = objects.map((object) => {
      const change = changeOf(object.kind, object);
      this.table(object.kind).set(keyOf(change.namespace, change.name), object);
      return change;
    });
    this.notify(changes);
  }

  remove(kind: NetworkKind, namespace: string, name: string): void {
    if (!this.table(kind).delete(keyOf(namespace, name))) return;
    this.notify([{ kind, namespace, name }]);
  }

  subscribe(listener: (changes: readonly NetworkChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(changes: readonly NetworkChange[]): void {
    for (const listener of [...this.listeners]) listener(changes);
  }
}

function changeOf(kind: NetworkKind, object: Keyed): NetworkChange {
  return { kind, namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
}

/**
 * A view of `source` without the objects `keep` refuses (by kind and key): the
 * service proxy's view leaves out the kube-dns Service, which each node's own
 * DNS server answers at its address.
 */
export function filteredSource(source: NetworkSource, keep: (key: NetworkChange) => boolean): NetworkSource {
  const kept = <T extends Keyed>(kind: NetworkKind, object: T | undefined): T | undefined =>
    object === undefined || keep(changeOf(kind, object)) ? object : undefined;
  const all = function* <T extends Keyed>(kind: NetworkKind, objects: Iterable<T>): Iterable<T> {
    for (const object of objects) if (keep(changeOf(kind, object))) yield object;
  };
  return {
    services: () => all('Service', source.services()),
    service: (namespace, name) => kept('Service', source.service(namespace, name)),
    endpoints: (namespace, name) => kept('Endpoints', source.endpoints(namespace, name)),
    allEndpoints: () => all('Endpoints', source.allEndpoints()),
    ingresses: () => all('Ingress', source.ingresses()),
    ingressClasses: () => all('IngressClass', source.ingressClasses()),
    secret: (namespace, name) => kept('Secret', source.secret(namespace, name)),
    nodes: () => all('Node', source.nodes()),
    synced: () => source.synced(),
    subscribe: (listener) =>
      source.subscribe((changes) => {
        const visible = changes.filter(keep);
        // An empty batch is the "synced" signal: it always goes through.
        if (visible.length > 0 || changes.length === 0) listener(visible);
      }),
  };
}
