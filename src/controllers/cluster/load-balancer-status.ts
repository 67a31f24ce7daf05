/**
 * Where LoadBalancer Services and Ingresses are reachable, written into their
 * status.loadBalancer.ingress: the InternalIPs of the Ready nodes, since every
 * worker serves NodePorts and runs the ingress proxy (as k3s's ServiceLB and
 * Traefik report node addresses). Only Ingresses of an IngressClass whose
 * controller is Orca's (or of none, when Orca's class is the default) are
 * reported; a LoadBalancer Service that names a loadBalancerClass belongs to
 * someone else.
 */
import type { Ingress, IngressClass, Node, OrcaObject, Service } from '../../api/index.js';
import { noActions, type ReconcileResult } from '../runtime/actions.js';
import type { CacheIndex, ClusterView } from '../runtime/cluster-view.js';
import { kindKey, splitKindKey, type ControllerDefinition } from '../runtime/run-controller.js';
import { defaultClassAnnotation, ingressControllerName } from './cluster-defaults.js';

type BalancerIngress = { ip?: string; hostname?: string };

function isReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** The addresses to report, sorted: the InternalIP of every Ready node. */
export function balancerAddresses(nodes: readonly Node[]): string[] {
  const addresses = nodes
    .filter(isReady)
    .flatMap((node) =>
      (node.status?.addresses ?? []).filter((entry) => entry.type === 'InternalIP').map((entry) => entry.address ?? ''),
    );
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

/** Services by spec.type, so a Node change queues the LoadBalancer Services alone. */
export const servicesByType: CacheIndex = {
  kind: 'Service',
  name: 'type',
  values: (service) => [(service as Service).spec?.type ?? ''],
};

function isBalanced(service: Service): boolean {
  return service.spec?.type === 'LoadBalancer' && (service.spec.loadBalancerClass ?? '') === '';
}

function keysFor(object: OrcaObject, view: ClusterView): string[] {
  const ingresses = (): string[] =>
    view
      .list('Ingress')
      .map((ingress) => kindKey('Ingress', ingress.metadata?.namespace ?? '', ingress.metadata?.name ?? ''));
  if (object.kind === 'IngressClass') return ingresses();
  if (object.kind !== 'Node') return [];
  const services = view
    .byIndex('Service', servicesByType.name, 'LoadBalancer')
    .map((service) => kindKey('Service', service.metadata?.namespace ?? '', service.metadata?.name ?? ''));
  return [...services, ...ingresses()];
}

function balancedStatus<T extends Service | Ingress>(object: T, addresses: readonly string[]): ReconcileResult {
  if (sameIngress(object.status?.loadBalancer?.ingress, addresses)) return noActions;
  const loadBalancer = { ingress: addresses.map((ip) => ({ ip })) };
  const status = object.kind === 'Service' ? { ...object.status, loadBalancer } : { loadBalancer };
  return { actions: [{ type: 'updateStatus', object: { ...object, status } as OrcaObject }] };
}

/**
 * Keys are `Service:namespace/name` and `Ingress:namespace/name`; a Node change
 * queues every LoadBalancer Service and every Ingress, an IngressClass change
 * every Ingress.
 */
export const loadBalancerStatusController: ControllerDefinition = {
  name: 'load-balancer-status',
  primary: ['Service', 'Ingress'],
  watches: ['Node', 'IngressClass'],
  indexes: [servicesByType],
  keysFor,
  reconcile(key, { view }) {
    const { kind, namespace, name } = splitKindKey(key);
    if (kind === 'Service') {
      const service = view.get('Service', namespace, name);
      return service === undefined || !isBalanced(service)
        ? noActions
        : balancedStatus(service, balancerAddresses(view.list('Node')));
    }
    const ingress = view.get('Ingress', namespace, name);
    if (ingress === undefined || !servesIngress(ingress, view.list('IngressClass'))) return noActions;
    return balancedStatus(ingress, balancerAddresses(view.list('Node')));
  },
};
