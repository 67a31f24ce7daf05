/** What the worker writes into the status of the Ingresses this proxy serves. */
import { isIP } from 'node:net';
import type { Ingress, IngressClass } from '../../api/index.js';
import { ingressControllerName, ourIngresses, refKey, refOf } from './ingress-class.js';

export interface LoadBalancerIngressEntry {
  readonly ip?: string;
  readonly hostname?: string;
}

/**
 * The `status.loadBalancer.ingress` value for the addresses this worker serves
 * on: `[{ip}]`, deduplicated and sorted so that rewriting it is idempotent; a
 * value that is not an IP address is written as a hostname.
 */
export function ingressLoadBalancerStatus(addresses: readonly string[]): LoadBalancerIngressEntry[] {
  const unique = [...new Set(addresses.map((item) => item.trim()).filter((item) => item !== ''))].sort();
  return unique.map((item) => (isIP(item) === 0 ? { hostname: item } : { ip: item }));
}

/** `namespace/name` of every Ingress this controller serves, oldest first. */
export function ingressesServed(
  source: { ingresses(): Iterable<Ingress>; ingressClasses(): Iterable<IngressClass> },
  controller: string = ingressControllerName,
): string[] {
  return ourIngresses(source, controller).map((ingress) => refKey(refOf(ingress)));
}
