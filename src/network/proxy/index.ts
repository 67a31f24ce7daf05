// The public surface of the service proxy: the worker builds a ServiceProxy on
// its NetworkSource with an NftCommandExecutor; tests use the pure core and
// the recording executor.
export { ServiceProxy, type ServiceProxyStats } from './service-proxy.js';
export {
  resolveServiceProxyOptions,
  serviceProxyDefaults,
  type ProgrammedEvent,
  type ResolvedProxyOptions,
  type ServiceProxyOptions,
} from './service-proxy-options.js';
export {
  NftCommandExecutor,
  RecordingNftExecutor,
  nftCommandDefaults,
  type NftCommandOptions,
  type NftExecutor,
} from './nft-executor.js';
export {
  enableProxySysctls,
  type ProxySysctlOptions,
  type ProxySysctlResult,
  type SysctlOutcome,
} from './kernel-settings.js';
export { silentProxyLogger, type ProxyLogger } from './proxy-logger.js';
export { masqueradeMark, ruleOptionDefaults, validateRuleOptions, type RuleOptions } from './rule-options.js';
export {
  buildServiceModel,
  defaultAffinityTimeoutSeconds,
  type MapElement,
  type ProxyMapName,
  type ServiceModel,
} from './service-model.js';
export { ProxyRuleSet } from './rule-set.js';
export { buildProxyModel, renderDeleteTables, renderFullSync, renderIncremental } from './render-script.js';
export { NftSessionExecutor, nftSessionDefaults, type NftSessionOptions } from './nft-session.js';
export { defaultShards, shardOf, shardTableName, shardsMax } from './proxy-tables.js';
export {
  affinitySetName,
  objectNameMax,
  serviceChainName,
  type ServiceChainKind,
  type ServicePortId,
} from './chain-names.js';
export { benchProxy, type ProxyBenchOptions, type ProxyBenchResult } from './proxy-bench.js';
