/**
 * A pod's resolv.conf (pure), as the kubelet builds it for the CRI DNSConfig
 * (pkg/kubelet/network/dns/dns.go): by spec.dnsPolicy a base — the cluster
 * DNS server with the cluster search path, or the host's resolv.conf, or
 * nothing — then spec.dnsConfig merged on top, then Kubernetes' limits.
 */
import type { Pod } from '../../api/index.js';

export interface PodDnsHost {
  /** '' disables the cluster search domains (the kubelet's behaviour). */
  readonly clusterDomain: string;
  /** The cluster DNS server's IP (the kube-dns Service); '' falls back to the host's configuration. */
  readonly nameserver: string;
  readonly hostSearches: readonly string[];
  readonly hostNameservers: readonly string[];
  readonly hostOptions: readonly string[];
}

export interface PodDnsConfig {
  readonly servers: string[];
  readonly searches: string[];
  readonly options: string[];
}

/** Kubernetes' limits (validation.MaxDNSNameservers, MaxDNSSearchPaths, MaxDNSSearchListChars). */
export const podDnsLimits = Object.freeze({
  nameserversMax: 3,
  searchesMax: 32,
  searchListCharactersMax: 2_048,
  /** A longer search domain makes some resolvers (glibc 2.28) abort; the kubelet drops it. */
  searchCharactersMax: 253,
});

/** The cluster DNS search path adds dots: a name with fewer than 5 is tried with each search first. */
export const clusterDnsOptions: readonly string[] = Object.freeze(['ndots:5']);

export type PodDnsType = 'cluster' | 'host' | 'none';

/** ClusterFirst (also '' and unknown values: the API's default) acts as Default for hostNetwork pods. */
export function podDnsType(pod: Pod): PodDnsType {
  const policy = pod.spec?.dnsPolicy ?? '';
  if (policy === 'None') return 'none';
  if (policy === 'Default') return 'host';
  if (policy === 'ClusterFirstWithHostNet') return 'cluster';
  return pod.spec?.hostNetwork === true ? 'host' : 'cluster';
}

export function podDnsConfig(pod: Pod, host: PodDnsHost): PodDnsConfig {
  let config = baseConfig(pod, host);
  const extra = pod.spec?.dnsConfig;
  if (extra !== undefined) {
    config = {
      servers: unique([...config.servers, ...(extra.nameservers ?? [])]),
      searches: unique([...config.searches, ...(extra.searches ?? [])]),
      options: mergeOptions(config.options, extra.options ?? []),
    };
  }
  return {
    servers: config.servers.slice(0, podDnsLimits.nameserversMax),
    searches: fitSearches(config.searches),
    options: config.options,
  };
}

function baseConfig(pod: Pod, host: PodDnsHost): PodDnsConfig {
  const type = podDnsType(pod);
  if (type === 'none') return { servers: [], searches: [], options: [] };
  // without a cluster DNS server a ClusterFirst pod gets the host's configuration, as in the kubelet
  if (type === 'cluster' && host.nameserver !== '') {
    return { servers: [host.nameserver], searches: clusterSearches(pod, host), options: [...clusterDnsOptions] };
  }
  return { servers: [...host.hostNameservers], searches: [...host.hostSearches], options: [...host.hostOptions] };
}

function clusterSearches(pod: Pod, host: PodDnsHost): string[] {
  if (host.clusterDomain === '') return [...host.hostSearches];
  const namespace = pod.metadata?.namespace || 'default';
  return unique([
    `${namespace}.svc.${host.clusterDomain}`,
    `svc.${host.clusterDomain}`,
    host.clusterDomain,
    ...host.hostSearches,
  ]);
}

/** The pod's options override the base's of the same name; `name` alone or `name:value`. */
function mergeOptions(base: readonly string[], extra: readonly { name?: string; value?: string }[]): string[] {
  const options = new Map<string, string>();
  for (const option of base) {
    const colon = option.indexOf(':');
    options.set(colon < 0 ? option : option.slice(0, colon), colon < 0 ? '' : option.slice(colon + 1));
  }
  for (const option of extra) options.set(option.name ?? '', option.value ?? '');
  return [...options]
    .filter(([name]) => name !== '')
    .map(([name, value]) => (value === '' ? name : `${name}:${value}`));
}

/** The kubelet's formDNSSearchFitsLimits: at most 32, none over 253 characters, 2048 in all (cut from the end). */
function fitSearches(searches: readonly string[]): string[] {
  const kept = searches
    .slice(0, podDnsLimits.searchesMax)
    .filter((search) => search.length <= podDnsLimits.searchCharactersMax);
  let lineLength = kept.join(' ').length;
  while (lineLength > podDnsLimits.searchListCharactersMax && kept.length > 0) {
    lineLength -= (kept.pop() ?? '').length + 1;
  }
  return kept;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
