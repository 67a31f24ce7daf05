/**
 * What the pure rule core needs to know about the node it programs, and the
 * checks on it. Every value here ends up inside an nft script, so each one is
 * checked against a strict pattern first: nothing from the cluster or the
 * command line reaches nft unchecked.
 */
import { isIPv4 } from 'node:net';

export interface RuleOptions {
  /** This node's name: endpoints whose nodeName equals it are local (traffic policies). */
  readonly nodeName: string;
  /** This node's IPv4 addresses; checked and kept for logs (NodePorts answer on every local address). */
  readonly nodeIps: readonly string[];
  /** The cluster's pod CIDR (IPv4): ClusterIP traffic from outside it is masqueraded. */
  readonly clusterCidr: string;
  /** The nftables table (family ip) the proxy owns. */
  readonly tableName: string;
  /** Endpoints beyond this many per service port are left out (the first ones by address are kept). */
  readonly endpointsPerServicePortMax: number;
}

export const ruleOptionDefaults = Object.freeze({
  tableName: 'orca-proxy',
  // An anonymous numgen vmap of this many entries still loads in one rule;
  // Kubernetes' EndpointSlices cap a slice at 1,000 addresses too.
  endpointsPerServicePortMax: 1_000,
});

/** The mark bit that asks the postrouting chain to masquerade (kube-proxy's choice too). */
export const masqueradeMark = 0x4000;

const tableNamePattern = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const cidrPattern = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/;

/** The problems with `options`, each naming the field and the rule; [] when valid. */
export function validateRuleOptions(options: RuleOptions): string[] {
  const problems: string[] = [];
  if (options.nodeName === '' || options.nodeName.length > 253) problems.push('nodeName: must be 1..253 characters');
  for (const ip of options.nodeIps) if (!isIPv4(ip)) problems.push(`nodeIps: "${ip}" is not an IPv4 address`);
  if (!isIPv4Cidr(options.clusterCidr))
    problems.push(`clusterCidr: "${options.clusterCidr}" is not an IPv4 CIDR such as 10.244.0.0/16`);
  if (!tableNamePattern.test(options.tableName))
    problems.push(`tableName: "${options.tableName}" must match ${tableNamePattern.source}`);
  const max = options.endpointsPerServicePortMax;
  if (!Number.isInteger(max) || max < 1 || max > 10_000)
    problems.push('endpointsPerServicePortMax: must be an integer in 1..10000');
  return problems;
}

export function isIPv4Cidr(text: string): boolean {
  const match = cidrPattern.exec(text);
  if (match === null) return false;
  const prefix = Number(match[2]);
  return isIPv4(match[1] ?? '') && prefix >= 0 && prefix <= 32;
}
