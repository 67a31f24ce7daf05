/**
 * The objects every cluster has from the start, kept in place by the leader:
 * the system namespaces, the `kube-dns` Service in `kube-system` (the address
 * pods resolve names at; each worker answers it from its own cache, so it has
 * no selector) and the `orca` IngressClass, marked default, that each worker's
 * ingress proxy serves. A deleted one comes back at once (its deletion
 * queues its key), as Kubernetes' API server keeps its `kubernetes` Service.
 */
import type { IngressClass, Namespace, OrcaObject, Service } from '../../api/index.js';
import { noActions } from '../runtime/actions.js';
import { kindKey, splitKindKey, type ControllerDefinition } from '../runtime/run-controller.js';

export const systemNamespaces = ['kube-system', 'kube-public', 'kube-node-lease'] as const;
export const dnsServiceName = 'kube-dns';
export const dnsServiceNamespace = 'kube-system';
export const defaultIngressClassName = 'orca';
/** The controller name the workers' ingress proxies answer to. */
export const ingressControllerName = 'orca.dev/ingress';
export const defaultClassAnnotation = 'ingressclass.kubernetes.io/is-default-class';

/** The objects a cluster starts with; `dnsServiceIp` is the kube-dns Service's ClusterIP. */
export function clusterDefaultObjects(dnsServiceIp: string): OrcaObject[] {
  const namespaces: Namespace[] = systemNamespaces.map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  }));
  const dns: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: dnsServiceName,
      namespace: dnsServiceNamespace,
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      clusterIp: dnsServiceIp,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: { intVal: 53 } },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: { intVal: 53 } },
      ],
    },
  };
  const ingressClass: IngressClass = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: defaultIngressClassName, annotations: { [defaultClassAnnotation]: 'true' } },
    spec: { controller: ingressControllerName },
  };
  return [...namespaces, dns, ingressClass];
}

function keyOf(object: OrcaObject): string {
  return kindKey(object.kind, object.metadata?.namespace ?? '', object.metadata?.name ?? '');
}

const dnsNamespaceKey = kindKey('Namespace', '', dnsServiceNamespace);

/**
 * Keys are `Kind:namespace/name` of the default objects (the resync queues them
 * all, namespaces first, so they are there from the start); a change to the
 * kube-system Namespace queues the kube-dns Service, which waits for its
 * namespace to exist and not be terminating.
 */
export function clusterDefaultsController(
  dnsServiceIp: string,
  /** More objects to keep: the default RBAC roles and bindings, the sealed cluster CA Secret (given by the master). */
  extra: readonly OrcaObject[] = [],
): ControllerDefinition {
  const wanted = new Map([...clusterDefaultObjects(dnsServiceIp), ...extra].map((object) => [keyOf(object), object]));
  const dnsKey = kindKey('Service', dnsServiceNamespace, dnsServiceName);
  const extraKinds = [...new Set(extra.map((object) => object.kind))].filter(
    (kind) => !['Namespace', 'Service', 'IngressClass'].includes(kind),
  );
  return {
    name: 'cluster-defaults',
    primary: ['Namespace', 'Service', 'IngressClass', ...extraKinds],
    watches: [],
    // Secrets are read from kube-system only (the CA Secret lives there): the leader caches no others.
    namespaces: { Service: dnsServiceNamespace, Secret: dnsServiceNamespace },
    keysFor: (object) => (keyOf(object) === dnsNamespaceKey ? [dnsKey] : []),
    resyncKeys: () => wanted.keys(),
    reconcile(key, { view }) {
      const object = wanted.get(key);
      const { kind, namespace, name } = splitKindKey(key);
      if (object === undefined || view.get(kind, namespace, name) !== undefined) return noActions;
      if (namespace !== '') {
        const home = view.get('Namespace', '', namespace);
        // The Namespace's own key creates it; a terminating one refuses creates until it is gone.
        if (home === undefined || (home.metadata?.deletionTimestamp ?? '') !== '') return noActions;
      }
      return { actions: [{ type: 'create', object }] };
    },
  };
}
