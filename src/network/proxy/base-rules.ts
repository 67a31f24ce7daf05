/**
 * The fixed part of the proxy's tables. Services are spread over shard tables
 * (see proxy-tables.ts) so that a commit touching one Service makes the kernel
 * validate one shard, not every chain of every Service; what all Services
 * share lives once, in the base table.
 *
 * Base table (`orca-proxy`):
 * - nat postrouting (srcnat) masquerades what any shard's chains marked (the
 *   mark is per packet, so one masquerade chain serves every shard).
 * - filter input/forward/output at -110 (before the filter tables of others)
 *   look new connections up in the `no-endpoint-*` maps: reject or drop.
 *
 * Each shard (`orca-proxy-0` …):
 * - nat prerouting (dstnat) and nat output (-100, for the node's own traffic,
 *   e.g. `curl CLUSTER_IP` or a NodePort on 127.0.0.1) jump to `services`,
 *   which looks up daddr·proto·dport in `service-ips` and, for a local
 *   destination, proto·dport in `service-nodeports`. The kernel runs the nat
 *   chains of one hook in turn only until one of them has set up NAT for the
 *   connection, so a connection is DNATed once, by the shard that owns its
 *   destination; one that no shard knows passes on untouched.
 */
import { masqueradeMark } from './rule-options.js';
import type { ProxyMapName } from './service-model.js';

export interface BaseChain {
  readonly name: string;
  /** The `{ type … hook … }` part for base chains; '' for regular chains. */
  readonly hook: string;
  readonly rules: readonly string[];
}

export interface ProxyMap {
  readonly name: ProxyMapName;
  readonly type: string;
}

const mark = `0x${masqueradeMark.toString(16)}`;

export const baseTableChains: readonly BaseChain[] = [
  {
    name: 'nat-postrouting',
    hook: '{ type nat hook postrouting priority srcnat; policy accept; }',
    rules: ['jump masquerading'],
  },
  {
    name: 'filter-input',
    hook: '{ type filter hook input priority -110; policy accept; }',
    rules: ['ct state new jump nodeport-endpoints-check', 'ct state new jump service-endpoints-check'],
  },
  {
    name: 'filter-forward',
    hook: '{ type filter hook forward priority -110; policy accept; }',
    rules: ['ct state new jump service-endpoints-check'],
  },
  {
    name: 'filter-output',
    hook: '{ type filter hook output priority -110; policy accept; }',
    rules: ['ct state new jump service-endpoints-check', 'ct state new jump nodeport-endpoints-check'],
  },
  {
    name: 'masquerading',
    hook: '',
    // clear the bit so a packet that loops through another hop is not masqueraded twice
    rules: [`meta mark & ${mark} == 0 return`, `meta mark set meta mark xor ${mark}`, 'masquerade fully-random'],
  },
  {
    name: 'service-endpoints-check',
    hook: '',
    rules: ['ip daddr . meta l4proto . th dport vmap @no-endpoint-services'],
  },
  {
    name: 'nodeport-endpoints-check',
    hook: '',
    rules: ['fib daddr type local meta l4proto . th dport vmap @no-endpoint-nodeports'],
  },
  // TCP gets a reset, everything else ICMP port unreachable: clients fail at once
  { name: 'reject-chain', hook: '', rules: ['meta l4proto tcp reject with tcp reset', 'reject'] },
];

export const shardTableChains: readonly BaseChain[] = [
  {
    name: 'nat-prerouting',
    hook: '{ type nat hook prerouting priority dstnat; policy accept; }',
    rules: ['jump services'],
  },
  { name: 'nat-output', hook: '{ type nat hook output priority -100; policy accept; }', rules: ['jump services'] },
  {
    name: 'services',
    hook: '',
    rules: [
      'ip daddr . meta l4proto . th dport vmap @service-ips',
      'fib daddr type local meta l4proto . th dport vmap @service-nodeports',
    ],
  },
  { name: 'mark-for-masquerade', hook: '', rules: [`meta mark set meta mark or ${mark}`] },
];

export const baseTableMaps: readonly ProxyMap[] = [
  { name: 'no-endpoint-services', type: 'ipv4_addr . inet_proto . inet_service : verdict' },
  { name: 'no-endpoint-nodeports', type: 'inet_proto . inet_service : verdict' },
];

export const shardTableMaps: readonly ProxyMap[] = [
  { name: 'service-ips', type: 'ipv4_addr . inet_proto . inet_service : verdict' },
  { name: 'service-nodeports', type: 'inet_proto . inet_service : verdict' },
];

/** All four maps, in the order scripts write their elements. */
export const proxyMaps: readonly ProxyMap[] = [...shardTableMaps, ...baseTableMaps];

/** Whether a map's elements live in the base table (the no-endpoint verdicts) or in the owning Service's shard. */
export function mapInBaseTable(map: ProxyMapName): boolean {
  return baseTableMaps.some((entry) => entry.name === map);
}

export const baseChainNames: ReadonlySet<string> = new Set(
  [...baseTableChains, ...shardTableChains].map((chain) => chain.name),
);
