/**
 * The objects every cluster has from the start, kept in place by the leader:
 * the system namespaces, the `kube-dns` Service in `kube-system` (the address
 * pods resolve names at; each worker answers it from its own cache, so it has
 * no selector) and the `orca` IngressClass, marked default, that each worker's
 * ingress proxy serves. A deleted one comes back on the next turn, as
 * Kubernetes' API server keeps its `kubernetes` Service.
 */
import type { IngressClass, Namespace, OrcaObject, Service } from '../../api/index.js';
import { Informer, isClientError, type ObjectClient } from '../../client/index.js';
import { runLevelLoop } from './level-loop.js';

export const systemNamespaces = ['kube-system', 'kube-public', 'kube-node-lease'] as const;
export const dnsServiceName = 'kube-dns';
export const dnsServiceNamespace = 'kube-system';
export const defaultIngressClassName = 'orca';
/** The controller name the workers' ingress proxies answer to. */
export const ingressControllerName = 'orca.dev/ingress';
export const defaultClassAnnotation = 'ingressclass.kubernetes.io/is-default-class';

/** The objects a cluster starts with; `dnsServiceIp` is the kube-dns Service's ClusterIP. */
export function clusterDefaultObjects(dnsServiceIp: string): OrcaObject[] {
  const namespaces: Namespace[] = systemNamespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const dns: Service = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: dnsServiceName, namespace: dnsServiceNamespace, labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      clusterIp: dnsServiceIp,
      ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: { intVal: 53 } }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: { intVal: 53 } }],
    },
  };
  const ingressClass: IngressClass = {
    apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass',
    metadata: { name: defaultIngressClassName, annotations: { [defaultClassAnnotation]: 'true' } },
    spec: { controller: ingressControllerName },
  };
  return [...namespaces, dns, ingressClass];
}

export interface ClusterDefaultsOptions {
  readonly client: ObjectClient;
  readonly signal: AbortSignal;
  readonly dnsServiceIp: string;
  readonly onError?: (controller: string, error: unknown) => void;
}

export async function runClusterDefaults(options: ClusterDefaultsOptions): Promise<void> {
  const { client } = options;
  const onError = (error: unknown): void => options.onError?.('cluster-defaults', error);
  const namespaces = new Informer(client, 'Namespace', { onError });
  const services = new Informer(client, 'Service', { namespace: dnsServiceNamespace, onError });
  const classes = new Informer(client, 'IngressClass', { onError });
  const present = (object: OrcaObject): boolean => {
    const name = object.metadata?.name ?? '';
    if (object.kind === 'Namespace') return namespaces.get(name) !== undefined;
    if (object.kind === 'Service') return services.get(name, object.metadata?.namespace ?? '') !== undefined;
    return classes.get(name) !== undefined;
  };
  const wanted = clusterDefaultObjects(options.dnsServiceIp);
  const turn = async (): Promise<undefined> => {
    // Namespaces first: the Service lives in one of them.
    for (const object of wanted) {
      if (present(object)) continue;
      try {
        await client.create(object);
      } catch (error: unknown) {
        // Another leader's create, or a namespace still being deleted: the next turn looks again.
        if (!['alreadyExists', 'failedPrecondition', 'conflict'].some((code) => isClientError(error, code as 'conflict'))) throw error;
      }
    }
    return undefined;
  };
  await runLevelLoop({ name: 'cluster-defaults', signal: options.signal, informers: [namespaces, services, classes], turn, onError: options.onError });
}
