/**
 * Endpoints for every Service with a selector, from the pods it matches: a pod
 * with an IP, bound and not terminating, is an address when Ready (or when the
 * Service publishes not-ready addresses) and a not-ready address otherwise.
 * A named targetPort resolves per pod through its containers' ports, so pods
 * that name it differently land in different subsets, as in Kubernetes.
 * Endpoints this controller made are deleted when their Service goes.
 */
import { matchesLabels, type Endpoints, type Pod, type Service } from '../../api/index.js';
import { Informer, isClientError, type ObjectClient } from '../../client/index.js';
import { runLevelLoop } from './level-loop.js';

/** Marks Endpoints this controller owns (a Service without a selector keeps hand-made ones). */
export const managedByLabel = 'endpoints.orca.dev/managed-by';
export const managedByValue = 'endpoints-controller';

type Subset = NonNullable<Endpoints['subsets']>[number];
type EndpointPort = NonNullable<Subset['ports']>[number];
type EndpointAddress = NonNullable<Subset['addresses']>[number];

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

function selectorRequirements(selector: Readonly<Record<string, string>>): { key: string; operator: 'In'; values: string[] }[] {
  return Object.entries(selector).map(([key, value]) => ({ key, operator: 'In' as const, values: [value] }));
}

/** The ports of the Service as this pod serves them, or undefined when a named port is missing on the pod. */
function portsFor(service: Service, pod: Pod): EndpointPort[] | undefined {
  const ports: EndpointPort[] = [];
  for (const port of service.spec?.ports ?? []) {
    const target = port.targetPort;
    let number: number | undefined;
    if (target?.strVal !== undefined && target.strVal !== '') {
      number = (pod.spec?.containers ?? []).flatMap((container) => container.ports ?? []).find((item) => item.name === target.strVal)?.containerPort;
      if (number === undefined) return undefined;
    } else {
      number = target?.intVal !== undefined && target.intVal !== 0 ? target.intVal : port.port;
    }
    ports.push({ name: port.name ?? '', port: number ?? 0, protocol: port.protocol === undefined || port.protocol === '' ? 'TCP' : port.protocol });
  }
  return ports;
}

/** A pod whose spec.subdomain names the Service gets its hostname in the address (StatefulSet pods' DNS names), as in Kubernetes. */
function addressOf(pod: Pod, service: Service): EndpointAddress {
  const hostname = pod.spec?.hostname ?? '';
  const named = hostname !== '' && pod.spec?.subdomain === service.metadata?.name;
  return {
    ip: pod.status?.podIp ?? '',
    ...(named ? { hostname } : {}),
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' },
  };
}

function byIp(left: EndpointAddress, right: EndpointAddress): number {
  const a = left.ip ?? '';
  const b = right.ip ?? '';
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Endpoints the Service should have, or undefined for a Service without a selector. */
export function desiredEndpoints(service: Service, pods: readonly Pod[]): Endpoints | undefined {
  const selector = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) return undefined;
  const namespace = service.metadata?.namespace ?? 'default';
  const requirements = selectorRequirements(selector);
  const subsets = new Map<string, { ports: EndpointPort[]; addresses: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if ((pod.metadata?.namespace ?? 'default') !== namespace || !matchesLabels(requirements, pod.metadata?.labels ?? {})) continue;
    if ((pod.status?.podIp ?? '') === '' || (pod.spec?.nodeName ?? '') === '' || (pod.metadata?.deletionTimestamp ?? '') !== '') continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const ports = portsFor(service, pod);
    if (ports === undefined) continue;
    const key = JSON.stringify(ports);
    let subset = subsets.get(key);
    if (subset === undefined) {
      subset = { ports, addresses: [], notReady: [] };
      subsets.set(key, subset);
    }
    if (isReady(pod) || service.spec?.publishNotReadyAddresses === true) subset.addresses.push(addressOf(pod, service));
    else subset.notReady.push(addressOf(pod, service));
  }
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: service.metadata?.name ?? '', namespace, labels: { ...service.metadata?.labels, [managedByLabel]: managedByValue } },
    subsets: [...subsets.keys()].sort().map((key) => {
      const subset = subsets.get(key);
      return { addresses: [...(subset?.addresses ?? [])].sort(byIp), notReadyAddresses: [...(subset?.notReady ?? [])].sort(byIp), ports: subset?.ports ?? [] };
    }),
  };
}

/** Whether the stored Endpoints already say what is desired (subsets and labels). */
export function endpointsMatch(existing: Endpoints, desired: Endpoints): boolean {
  return canonical(existing.subsets) === canonical(desired.subsets)
    && canonical(existing.metadata?.labels ?? {}) === canonical(desired.metadata?.labels ?? {});
}

/** JSON with sorted keys and empty values dropped, so defaults and key order do not count as differences. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || item === '' || (Array.isArray(item) && item.length === 0)) return undefined;
    if (typeof item !== 'object' || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  }) ?? '';
}

export interface EndpointsControllerOptions {
  readonly client: ObjectClient;
  readonly signal: AbortSignal;
  readonly onError?: (controller: string, error: unknown) => void;
}

function ignoreRaces(error: unknown): void {
  if (isClientError(error, 'notFound') || isClientError(error, 'conflict') || isClientError(error, 'alreadyExists')) return;
  throw error;
}

function keyOf(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? 'default'}/${name ?? ''}`;
}

export async function runEndpointsController(options: EndpointsControllerOptions): Promise<void> {
  const { client } = options;
  const onError = (error: unknown): void => options.onError?.('endpoints', error);
  const services = new Informer(client, 'Service', { onError });
  const pods = new Informer(client, 'Pod', { onError });
  const endpoints = new Informer(client, 'Endpoints', { onError });
  const turn = async (): Promise<number | undefined> => {
    const allPods = pods.list();
    const existing = new Map(endpoints.list().map((item) => [keyOf(item.metadata?.namespace, item.metadata?.name), item]));
    const wanted = new Set<string>();
    const writes: Promise<unknown>[] = [];
    for (const service of services.list()) {
      const desired = desiredEndpoints(service, allPods);
      if (desired === undefined) continue;
      const key = keyOf(desired.metadata?.namespace, desired.metadata?.name);
      wanted.add(key);
      const current = existing.get(key);
      if (current === undefined) writes.push(client.create(desired).catch(ignoreRaces));
      else if (!endpointsMatch(current, desired)) writes.push(client.update({ ...desired, metadata: { ...current.metadata, labels: desired.metadata?.labels } }).catch(ignoreRaces));
    }
    for (const [key, item] of existing) {
      if (wanted.has(key) || item.metadata?.labels?.[managedByLabel] !== managedByValue) continue;
      if (services.get(item.metadata?.name ?? '', item.metadata?.namespace ?? '') !== undefined) continue;
      writes.push(client.delete({ kind: 'Endpoints', namespace: item.metadata?.namespace, name: item.metadata?.name ?? '' }, { uid: item.metadata?.uid }).catch(ignoreRaces));
    }
    await Promise.all(writes);
    return undefined;
  };
  await runLevelLoop({ name: 'endpoints', signal: options.signal, informers: [services, pods, endpoints], turn, onError: options.onError, debounceMs: 50 });
}
