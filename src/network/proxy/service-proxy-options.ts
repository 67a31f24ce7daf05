/** The ServiceProxy's options, defaults and validator (run at every start). */
import type { NetworkSource } from '../network-source.js';
import type { NftExecutor } from './nft-executor.js';
import { NetworkError } from '../network-error.js';
import { defaultShards, shardsMax } from './proxy-tables.js';
import type { ProxyLogger } from './proxy-logger.js';
import { ruleOptionDefaults, validateRuleOptions, type RuleOptions } from './rule-options.js';

export interface ProgrammedEvent {
  readonly kind: 'full' | 'incremental';
  /** Time nft took to apply the script. */
  readonly durationMs: number;
  /** Every change received up to this generation is now in the kernel. */
  readonly generation: number;
  /** Services whose models were recomputed for this sync. */
  readonly services: number;
  readonly scriptBytes: number;
}

export interface ServiceProxyOptions {
  readonly source: NetworkSource;
  readonly executor: NftExecutor;
  readonly nodeName: string;
  readonly nodeIps: readonly string[];
  /** The cluster's pod CIDR: ClusterIP traffic from outside it is masqueraded. */
  readonly clusterCidr: string;
  /** The base table; the shards are `<tableName>-0` … */
  readonly tableName?: string;
  /**
   * Shard tables the Services are spread over (1..64): a change makes the
   * kernel validate one shard, so more shards make incremental syncs cheaper
   * and add a hash lookup per shard to each new connection's first packet.
   */
  readonly shards?: number;
  readonly logger?: ProxyLogger;
  /** Changes arriving within this window share one transaction. */
  readonly coalesceMs?: number;
  /** Services beyond this many are not programmed (logged). */
  readonly servicesMax?: number;
  /** Endpoints beyond this many per service port are left out (logged). */
  readonly endpointsPerServicePortMax?: number;
  /** After a failed full sync, retry after a pause doubling from retryMinMs up to this. */
  readonly retryMaxMs?: number;
  readonly retryMinMs?: number;
  /** Told after every successful sync (for benchmarks and metrics). */
  readonly onProgrammed?: (event: ProgrammedEvent) => void;
}

export const serviceProxyDefaults = Object.freeze({
  tableName: ruleOptionDefaults.tableName,
  shards: defaultShards,
  coalesceMs: 5,
  servicesMax: 20_000,
  endpointsPerServicePortMax: ruleOptionDefaults.endpointsPerServicePortMax,
  retryMinMs: 100,
  retryMaxMs: 10_000,
});

export type ResolvedProxyOptions = Required<Omit<ServiceProxyOptions, 'logger' | 'onProgrammed'>> &
  Pick<ServiceProxyOptions, 'logger' | 'onProgrammed'> & { readonly rules: RuleOptions };

/** Fills defaults and checks every field; throws NetworkError `config` naming each problem. */
export function resolveServiceProxyOptions(options: ServiceProxyOptions): ResolvedProxyOptions {
  const resolved = {
    ...options,
    tableName: options.tableName ?? serviceProxyDefaults.tableName,
    shards: options.shards ?? serviceProxyDefaults.shards,
    coalesceMs: options.coalesceMs ?? serviceProxyDefaults.coalesceMs,
    servicesMax: options.servicesMax ?? serviceProxyDefaults.servicesMax,
    endpointsPerServicePortMax: options.endpointsPerServicePortMax ?? serviceProxyDefaults.endpointsPerServicePortMax,
    retryMinMs: options.retryMinMs ?? serviceProxyDefaults.retryMinMs,
    retryMaxMs: options.retryMaxMs ?? serviceProxyDefaults.retryMaxMs,
  };
  const rules: RuleOptions = {
    nodeName: resolved.nodeName,
    nodeIps: resolved.nodeIps,
    clusterCidr: resolved.clusterCidr,
    tableName: resolved.tableName,
    endpointsPerServicePortMax: resolved.endpointsPerServicePortMax,
  };
  const problems = validateRuleOptions(rules);
  if (!Number.isInteger(resolved.coalesceMs) || resolved.coalesceMs < 0 || resolved.coalesceMs > 10_000)
    problems.push('coalesceMs: must be an integer in 0..10000');
  if (!Number.isInteger(resolved.shards) || resolved.shards < 1 || resolved.shards > shardsMax)
    problems.push(`shards: must be an integer in 1..${shardsMax}`);
  if (!Number.isInteger(resolved.servicesMax) || resolved.servicesMax < 1 || resolved.servicesMax > 100_000)
    problems.push('servicesMax: must be an integer in 1..100000');
  if (!(resolved.retryMinMs > 0 && resolved.retryMinMs <= resolved.retryMaxMs))
    problems.push('retryMinMs: must be positive and at most retryMaxMs');
  if (problems.length > 0) throw new NetworkError('config', `invalid service proxy options: ${problems.join('; ')}`);
  return { ...resolved, rules };
}
