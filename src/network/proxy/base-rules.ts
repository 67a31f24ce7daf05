/**
 * The fixed part of the table: hooks, dispatch, masquerade and reject chains,
 * and the four verdict maps the per-service objects hang off.
 *
 * - nat prerouting (dstnat) and nat output (-100, for the node's own traffic,
 *   e.g. `curl CLUSTER_IP` or a NodePort on 127.0.0.1) jump to `services`,
 *   which looks up daddr·proto·dport in `service-ips` and, for a local
 *   destination, proto·dport in `service-nodeports`.
 * - nat postrouting (srcnat) masquerades what a service chain marked.
 * - filter input/forward/output at -110 (before the filter tables of others)
 *   look new connections up in the `no-endpoint-*` maps: reject or drop.
 */
import { masqueradeMark } from './rule-options.js';
import type { ProxyMapName } from './service-model.js';

export interface BaseChain {
  readonly name: string;
  /** The `{ type … hook … }` part for base chains; '' for regular chains. */
  readonly hook: string;
  readonly rules: readonly string[];
}

const mark = `0x${masqueradeMark.toString(16)}`;

export const baseChains: readonly BaseChain[] = [
  { name: 'nat-prerouting', hook: '{ type nat hook prerouting priority dstnat; policy accept; }', rules: ['jump services'] },
  { name: 'nat-output', hook: '{ type nat hook output priority -100; policy accept; }', rules: ['jump services'] },
  { name: 'nat-postrouting', hook: '{ type nat hook postrouting priority srcnat; policy accept; }', rules: ['jump masquerading'] },
  {
    name: 'filter-input',
    hook: '{ type filter hook input priority -110; policy accept; }',
    rules: ['ct state new jump nodeport-endpoints-check', 'ct state new jump service-endpoints-check'],
  },
  { name: 'filter-forward', hook: '{ type filter hook forward priority -110; policy accept; }', rules: ['ct state new jump service-endpoints-check'] },
  {
    name: 'filter-output',
    hook: '{ type filter hook output priority -110; policy accept; }',
    rules: ['ct state new jump service-endpoints-check', 'ct state new jump nodeport-endpoints-check'],
  },
  {
    name: 'services',
    hook: '',
    rules: ['ip daddr . meta l4proto . th dport vmap @service-ips', 'fib daddr type local meta l4proto . th dport vmap @service-nodeports'],
  },
  { name: 'mark-for-masquerade', hook: '', rules: [`meta mark set meta mark or ${mark}`] },
  {
    name: 'masquerading',
    hook: '',
    // clear the bit so a packet that loops through another hop is not masqueraded twice
    rules: [`meta mark & ${mark} == 0 return`, `meta mark set meta mark xor ${mark}`, 'masquerade fully-random'],
  },
  { name: 'service-endpoints-check', hook: '', rules: ['ip daddr . meta l4proto . th dport vmap @no-endpoint-services'] },
  { name: 'nodeport-endpoints-check', hook: '', rules: ['fib daddr type local meta l4proto . th dport vmap @no-endpoint-nodeports'] },
  // TCP gets a reset, everything else ICMP port unreachable: clients fail at once
  { name: 'reject-chain', hook: '', rules: ['meta l4proto tcp reject with tcp reset', 'reject'] },
];

export const proxyMaps: readonly { readonly name: ProxyMapName; readonly type: string }[] = [
  { name: 'service-ips', type: 'ipv4_addr . inet_proto . inet_service : verdict' },
  { name: 'service-nodeports', type: 'inet_proto . inet_service : verdict' },
  { name: 'no-endpoint-services', type: 'ipv4_addr . inet_proto . inet_service : verdict' },
  { name: 'no-endpoint-nodeports', type: 'inet_proto . inet_service : verdict' },
];

export const baseChainNames: ReadonlySet<string> = new Set(baseChains.map((chain) => chain.name));
