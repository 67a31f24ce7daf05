/**
 * Where LoadBalancer Services and Ingresses are reachable, written into their
 * status.loadBalancer.ingress: the InternalIPs of the Ready nodes, since every
 * worker serves NodePorts and runs the ingress proxy (as k3s's ServiceLB and
 * Traefik report node addresses). Only Ingresses of an IngressClass whose
 * controller is Orca's (or of none, when Orca's class is the default) are
 * reported; a LoadBalancer Service that names a loadBalancerClass belongs to
 * someone else.
 */
import type { Ingress, IngressClass, Node, Service } from '../../api/index.js';
import { Informer, isClientError, type ObjectClient } from '../../client/index.js';
import { defaultClassAnnotation, ingressControllerName } from './cluster-defaults.js';
import { runLevelLoop } from './level-loop.js';

type BalancerIngress = { ip?: string; hostname?: string };

function isReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** The addresses to report, sorted: the InternalIP of every Ready node. */
export function balancerAddresses(nodes: readonly Node[]): string[] {
  const addresses = nodes.filter(isReady).flatMap((node) => (node.status?.addresses ?? []).filter((entry) => entry.type === 'InternalIP').map((entry) => entry.address ?? ''));
  return [...new Set(addresses.filter((address) => address !== ''))].sort();
}

/** Whether Orca's ingress proxy serves this Ingress. */
export function servesIngress(ingress: Ingress, classes: readonly IngressClass[]): boolean {
  const ours = classes.filter((entry) => entry.spec?.controller === ingressControllerName);
  const named = ingress.spec?.ingressClassName ?? ingress.metadata?.annotations?.['kubernetes.io/ingress.class'] ?? '';
  if (named !== '') return ours.some((entry) => entry.metadata?.name === named);
  return ours.some((entry) => entry.metadata?.annotations?.[defaultClassAnnotation] === 'true');
}

function sameIngress(current: readonly BalancerIngress[] | undefined, addresses: readonly string[]): boolean {
  const now = (current ?? []).map((entry) => entry.ip ?? entry.hostname ?? '');
  return now.length === addresses.length && now.every((address, index) => address === addresses[index]);
}

export interface LoadBalancerStatusOptions {
  readonly client: ObjectClient;
  readonly signal: AbortSignal;
  readonly onError?: (controller: string, error: unknown) => void;
}

function ignoreRaces(error: unknown): void {
  if (isClientError(error, 'notFound') || isClientError(error, 'conflict')) return;
  throw error;
}

export async function runLoadBalancerStatus(options: LoadBalancerStatusOptions): Promise<void> {
  const { client } = options;
  const onError = (error: unknown): void => options.onError?.('load-balancer-status', error);
  const nodes = new Informer(client, 'Node', { onError });
  const services = new Informer(client, 'Service', { onError });
  const ingresses = new Informer(client, 'Ingress', { onError });
  const classes = new Informer(client, 'IngressClass', { onError });
  const turn = async (): Promise<undefined> => {
    const addresses = balancerAddresses(nodes.list());
    const balanced = addresses.map((ip) => ({ ip }));
    const writes: Promise<unknown>[] = [];
    for (const service of services.list()) {
      if (service.spec?.type !== 'LoadBalancer' || (service.spec.loadBalancerClass ?? '') !== '') continue;
      if (sameIngress(service.status?.loadBalancer?.ingress, addresses)) continue;
      const status: Service['status'] = { ...service.status, loadBalancer: { ingress: balanced } };
      writes.push(client.updateStatus({ ...service, status }).catch(ignoreRaces));
    }
    const ingressClasses = classes.list();
    for (const ingress of ingresses.list()) {
      if (!servesIngress(ingress, ingressClasses) || sameIngress(ingress.status?.loadBalancer?.ingress, addresses)) continue;
      writes.push(client.updateStatus({ ...ingress, status: { loadBalancer: { ingress: balanced } } }).catch(ignoreRaces));
    }
    await Promise.all(writes);
    return undefined;
  };
  await runLevelLoop({ name: 'load-balancer-status', signal: options.signal, informers: [nodes, services, ingresses, classes], turn, onError: options.onError });
}
