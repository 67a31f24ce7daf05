/**
 * Endpoints for every Service with a selector, from the pods it matches: a pod
 * with an IP, bound and not terminating, is an address when Ready (or when the
 * Service publishes not-ready addresses) and a not-ready address otherwise.
 * A named targetPort resolves per pod through its containers' ports, so pods
 * that name it differently land in different subsets, as in Kubernetes.
 * Endpoints this controller made are deleted when their Service goes.
 */
import { matchesLabels, type Endpoints, type OrcaObject, type Pod, type Service } from '../../api/index.js';
import { deleteAction, noActions } from '../runtime/actions.js';
import type { CacheIndex, ClusterView } from '../runtime/cluster-view.js';
import { splitKey, type ControllerDefinition } from '../runtime/run-controller.js';

/** Marks Endpoints this controller owns (a Service without a selector keeps hand-made ones). */
export const managedByLabel = 'endpoints.orca.dev/managed-by';
export const managedByValue = 'endpoints-controller';

type Subset = NonNullable<Endpoints['subsets']>[number];
type EndpointPort = NonNullable<Subset['ports']>[number];
type EndpointAddress = NonNullable<Subset['addresses']>[number];

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

function selectorRequirements(
  selector: Readonly<Record<string, string>>,
): { key: string; operator: 'In'; values: string[] }[] {
  return Object.entries(selector).map(([key, value]) => ({ key, operator: 'In' as const, values: [value] }));
}

/** The ports of the Service as this pod serves them, or undefined when a named port is missing on the pod. */
function portsFor(service: Service, pod: Pod): EndpointPort[] | undefined {
  const ports: EndpointPort[] = [];
  for (const port of service.spec?.ports ?? []) {
    const target = port.targetPort;
    let number: number | undefined;
    if (target?.strVal !== undefined && target.strVal !== '') {
      number = (pod.spec?.containers ?? [])
        .flatMap((container) => container.ports ?? [])
        .find((item) => item.name === target.strVal)?.containerPort;
      if (number === undefined) return undefined;
    } else {
      number = target?.intVal !== undefined && target.intVal !== 0 ? target.intVal : port.port;
    }
    ports.push({
      name: port.name ?? '',
      port: number ?? 0,
      protocol: port.protocol === undefined || port.protocol === '' ? 'TCP' : port.protocol,
    });
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
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      uid: pod.metadata?.uid ?? '',
    },
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
  const subsets = new Map<
    string,
    { ports: EndpointPort[]; addresses: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  for (const pod of pods) {
    if (
      (pod.metadata?.namespace ?? 'default') !== namespace ||
      !matchesLabels(requirements, pod.metadata?.labels ?? {})
    )
      continue;
    if (
      (pod.status?.podIp ?? '') === '' ||
      (pod.spec?.nodeName ?? '') === '' ||
      (pod.metadata?.deletionTimestamp ?? '') !== ''
    )
      continue;
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
    metadata: {
      name: service.metadata?.name ?? '',
      namespace,
      labels: { ...service.metadata?.labels, [managedByLabel]: managedByValue },
    },
    subsets: [...subsets.keys()].sort().map((key) => {
      const subset = subsets.get(key);
      return {
        addresses: [...(subset?.addresses ?? [])].sort(byIp),
        notReadyAddresses: [...(subset?.notReady ?? [])].sort(byIp),
        ports: subset?.ports ?? [],
      };
    }),
  };
}

/** Whether the stored Endpoints already say what is desired (subsets and labels). */
export function endpointsMatch(existing: Endpoints, desired: Endpoints): boolean {
  return (
    canonical(existing.subsets) === canonical(desired.subsets) &&
    canonical(existing.metadata?.labels ?? {}) === canonical(desired.metadata?.labels ?? {})
  );
}

/** JSON with sorted keys and empty values dropped, so defaults and key order do not count as differences. */
function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item: unknown) => {
      if (item === null || item === '' || (Array.isArray(item) && item.length === 0)) return undefined;
      if (typeof item !== 'object' || Array.isArray(item)) return item;
      const record = item as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .map((key) => [key, record[key]]),
      );
    }) ?? ''
  );
}

function labelPairs(namespace: string, labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels).map(([key, value]) => `${namespace}/${key}=${value}`);
}

/** Pods by each of their labels (`namespace/key=value`). */
export const podsByLabel: CacheIndex = {
  kind: 'Pod',
  name: 'label',
  values: (pod) => labelPairs(pod.metadata?.namespace ?? 'default', pod.metadata?.labels ?? {}),
};

/** Services by each pair of their selector (`namespace/key=value`). */
export const servicesBySelector: CacheIndex = {
  kind: 'Service',
  name: 'selector',
  values: (service) => labelPairs(service.metadata?.namespace ?? 'default', (service as Service).spec?.selector ?? {}),
};

function serviceKey(object: { metadata?: { namespace?: string; name?: string } }): string {
  return `${object.metadata?.namespace ?? 'default'}/${object.metadata?.name ?? ''}`;
}

/** The Services that select this pod: only those sharing one of its labels are looked at, never every Service. */
function servicesSelecting(pod: Pod, view: ClusterView): string[] {
  const labels = pod.metadata?.labels ?? {};
  const keys = new Set<string>();
  for (const pair of labelPairs(pod.metadata?.namespace ?? 'default', labels)) {
    for (const service of view.byIndex('Service', servicesBySelector.name, pair)) {
      if (matchesLabels(selectorRequirements(service.spec?.selector ?? {}), labels)) keys.add(serviceKey(service));
    }
  }
  return [...keys];
}

/** The pods that may match the Service: those carrying the first pair of its selector. */
function candidatePods(service: Service, view: ClusterView): Pod[] {
  const [first] = labelPairs(service.metadata?.namespace ?? 'default', service.spec?.selector ?? {});
  return first === undefined ? [] : view.byIndex('Pod', podsByLabel.name, first);
}

function labelsDiffer(left: Pod, right: Pod): boolean {
  const before = left.metadata?.labels ?? {};
  const after = right.metadata?.labels ?? {};
  const keys = Object.keys(before);
  return keys.length !== Object.keys(after).length || keys.some((key) => before[key] !== after[key]);
}

function keysFor(object: OrcaObject, view: ClusterView, previous: OrcaObject | undefined): string[] {
  if (object.kind === 'Endpoints') return [serviceKey(object)];
  if (object.kind !== 'Pod') return [];
  const pod = object as Pod;
  const keys = servicesSelecting(pod, view);
  if (previous !== undefined && labelsDiffer(pod, previous as Pod))
    keys.push(...servicesSelecting(previous as Pod, view));
  return keys;
}

/**
 * Keys are Service keys; a Pod change queues the Services selecting it (before
 * and after a label change), an Endpoints change its Service. Each reconcile
 * reads one Service's pods through the label index, so a change costs work in
 * proportion to the Services and pods it touches, not to the cluster.
 */
export const endpointsController: ControllerDefinition = {
  name: 'endpoints',
  primary: 'Service',
  watches: ['Pod', 'Endpoints'],
  indexes: [podsByLabel, servicesBySelector],
  workers: 4,
  keysFor,
  reconcile(key, { view }) {
    const { namespace, name } = splitKey(key);
    const service = view.get('Service', namespace, name);
    const current = view.get('Endpoints', namespace, name);
    if (service === undefined) {
      // Endpoints this controller made go with their Service; hand-made ones stay.
      return current !== undefined && current.metadata?.labels?.[managedByLabel] === managedByValue
        ? { actions: [deleteAction(current)] }
        : noActions;
    }
    const desired = desiredEndpoints(service, candidatePods(service, view));
    if (desired === undefined) return noActions;
    if (current === undefined) return { actions: [{ type: 'create', object: desired }] };
    if (endpointsMatch(current, desired)) return noActions;
    return {
      actions: [
        { type: 'update', object: { ...desired, metadata: { ...current.metadata, labels: desired.metadata?.labels } } },
      ],
    };
  },
};
