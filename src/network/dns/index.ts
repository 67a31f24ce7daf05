// The public surface of cluster DNS. The worker imports from here.
export { ClusterDnsServer, type ClusterDnsServerOptions, type ClusterDnsStats, type ListenAddress } from './server.js';
export {
  clusterDnsDefaults,
  resolverDefaults,
  parseUpstream,
  formatUpstream,
  validateResolverConfig,
  type ResolverConfig,
  type Upstream,
} from './dns-config.js';
export { DnsIndex, type DnsLookup, type ReverseEntry } from './dns-index.js';
export { resolve, dnsSchemaVersion } from './resolver.js';
export type { DnsQuestion, DnsRcode, Resolution, AnswerResolution } from './records.js';
export { UpstreamForwarder, type ForwarderOptions, type ForwardResult } from './forwarder.js';
export type { DnsStats, Transport } from './query-handler.js';
export { readHostResolvConf, upstreamsFromResolvConf, type HostResolvConf } from './resolv-conf.js';
export {
  podDnsConfig,
  podDnsType,
  podDnsLimits,
  clusterDnsOptions,
  type PodDnsConfig,
  type PodDnsHost,
  type PodDnsType,
} from './pod-dns-config.js';
export { benchDns, benchDnsLimits, type BenchDnsOptions, type BenchDnsResult } from './dns-bench.js';
