/**
 * Reading a host's resolv.conf as the kubelet does (pkg/kubelet/network/dns):
 * nameserver lines accumulate, the last search line wins (without "." and
 * trailing dots), options accumulate with a later option of the same name
 * replacing the earlier one.
 */
import { isIP } from 'node:net';
import { formatUpstream, parseUpstream } from './dns-config.js';

export interface HostResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

/** The kubelet reads at most this much of the file. */
export const resolvConfBytesMax = 10 * 1024 * 1024;

export function readHostResolvConf(text: string): HostResolvConf {
  const nameservers: string[] = [];
  let searches: string[] = [];
  const options = new Map<string, string>();
  for (const line of text.slice(0, resolvConfBytesMax).split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const [keyword, ...fields] = trimmed.split(/\s+/);
    if (keyword === 'nameserver' && fields[0] !== undefined) nameservers.push(fields[0]);
    if (keyword === 'search')
      searches = fields.filter((field) => field !== '.').map((field) => field.replace(/\.$/, ''));
    if (keyword === 'options') {
      for (const option of fields) options.set(option.split(':')[0] ?? option, option);
    }
  }
  return { nameservers, searches, options: [...options.values()] };
}

/**
 * The upstreams for the cluster DNS server: each nameserver that is an IP
 * address, on port 53 (resolv.conf has no port). Invalid lines are skipped.
 */
export function upstreamsFromResolvConf(conf: HostResolvConf): string[] {
  return conf.nameservers
    .filter((nameserver) => isIP(nameserver) !== 0)
    .map((nameserver) => formatUpstream(parseUpstream(nameserver)));
}
