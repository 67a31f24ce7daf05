/**
 * The view of the cluster the resolver reads. Forward lookups go straight to
 * the NetworkSource (it is keyed by namespace/name already); what it cannot
 * answer cheaply — which Service owns an IP (PTR) and whether a namespace has
 * anything in it — is kept here in maps, updated per changed key from the
 * source's change feed so that a query never scans every Service.
 */
import type { Endpoints, Service } from '../../api/index.js';
import type { NetworkChange, NetworkSource } from '../network-source.js';
import { ipKey } from './dns-names.js';
import { clusterIpsOf, endpointRecords, shapeOf } from './service-view.js';

/** The owner of an address: a Service's ClusterIP (no label) or a headless endpoint (its label). */
export interface ReverseEntry {
  readonly namespace: string;
  readonly service: string;
  readonly endpointLabel?: string;
}

export interface DnsLookup {
  /** False until the cache was listed once: the resolver answers SERVFAIL rather than a false NXDOMAIN. */
  synced(): boolean;
  service(namespace: string, name: string): Service | undefined;
  endpoints(namespace: string, name: string): Endpoints | undefined;
  /** True when some Service lives in the namespace (we see no Namespace objects). */
  hasNamespace(namespace: string): boolean;
  /** Owners of the address, sorted by namespace/name so answers are stable. */
  reverse(ip: string): readonly ReverseEntry[];
  /** Changes with every update of the cache: the SOA serial. */
  serial(): number;
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export class DnsIndex implements DnsLookup {
  private readonly reverseByService = new Map<string, Map<string, ReverseEntry>>();
  private readonly servicesByIp = new Map<string, Set<string>>();
  private readonly namespaceServices = new Map<string, number>();
  private readonly knownServices = new Set<string>();
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly source: NetworkSource,
    private readonly serialBase = 1,
  ) {
    this.unsubscribe = source.subscribe((changes) => this.apply(changes));
    this.rebuild();
  }

  close(): void {
    this.unsubscribe();
  }

  synced(): boolean {
    return this.source.synced();
  }
  service(namespace: string, name: string): Service | undefined {
    return this.source.service(namespace, name);
  }
  endpoints(namespace: string, name: string): Endpoints | undefined {
    return this.source.endpoints(namespace, name);
  }
  hasNamespace(namespace: string): boolean {
    return (this.namespaceServices.get(namespace) ?? 0) > 0;
  }
  serial(): number {
    return (this.serialBase + this.generation) >>> 0;
  }

  reverse(ip: string): readonly ReverseEntry[] {
    const key = ipKey(ip);
    const owners = key === undefined ? undefined : this.servicesByIp.get(key);
    if (owners === undefined || key === undefined) return [];
    const entries: ReverseEntry[] = [];
    for (const owner of [...owners].sort()) {
      const entry = this.reverseByService.get(owner)?.get(key);
      if (entry !== undefined) entries.push(entry);
    }
    return entries;
  }

  private apply(changes: readonly NetworkChange[]): void {
    this.generation += 1;
    // an empty batch is the source saying "now synced": start from scratch
    if (changes.length === 0) {
      this.rebuild();
      return;
    }
    for (const change of changes) {
      if (change.kind === 'Service' || change.kind === 'Endpoints') this.refresh(change.namespace, change.name);
    }
  }

  private rebuild(): void {
    for (const key of [...this.knownServices]) {
      const [namespace = '', name = ''] = key.split('/');
      this.forget(namespace, name);
    }
    for (const service of this.source.services())
      this.refresh(service.metadata?.namespace ?? '', service.metadata?.name ?? '');
  }

  private refresh(namespace: string, name: string): void {
    this.forget(namespace, name);
    const service = this.source.service(namespace, name);
    if (service === undefined) return;
    const key = keyOf(namespace, name);
    this.knownServices.add(key);
    this.namespaceServices.set(namespace, (this.namespaceServices.get(namespace) ?? 0) + 1);
    const entries = reverseEntries(namespace, name, service, this.source.endpoints(namespace, name));
    this.reverseByService.set(key, entries);
    for (const ip of entries.keys()) {
      let owners = this.servicesByIp.get(ip);
      if (owners === undefined) this.servicesByIp.set(ip, (owners = new Set()));
      owners.add(key);
    }
  }

  private forget(namespace: string, name: string): void {
    const key = keyOf(namespace, name);
    if (!this.knownServices.delete(key)) return;
    const left = (this.namespaceServices.get(namespace) ?? 1) - 1;
    if (left > 0) this.namespaceServices.set(namespace, left);
    else this.namespaceServices.delete(namespace);
    for (const ip of this.reverseByService.get(key)?.keys() ?? []) {
      const owners = this.servicesByIp.get(ip);
      owners?.delete(key);
      if (owners?.size === 0) this.servicesByIp.delete(ip);
    }
    this.reverseByService.delete(key);
  }
}

/** ip key → entry for one Service: its ClusterIPs, or its headless endpoints (first label wins). */
function reverseEntries(
  namespace: string,
  name: string,
  service: Service,
  endpoints: Endpoints | undefined,
): Map<string, ReverseEntry> {
  const entries = new Map<string, ReverseEntry>();
  const shape = shapeOf(service);
  if (shape === 'clusterIp') {
    for (const ip of clusterIpsOf(service)) {
      const key = ipKey(ip);
      if (key !== undefined) entries.set(key, { namespace, service: name });
    }
  } else if (shape === 'headless') {
    for (const record of endpointRecords(service, endpoints)) {
      const key = ipKey(record.ip);
      if (key !== undefined && !entries.has(key))
        entries.set(key, { namespace, service: name, endpointLabel: record.label });
    }
  }
  return entries;
}
