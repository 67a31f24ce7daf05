/**
 * The one set of defaults and the validators of cluster DNS. Every limit has a
 * name with its unit; the server and the forwarder run the validator at start.
 */
import { isIP } from 'node:net';
import { NetworkError } from '../network-error.js';

/** What the resolver core needs: the zone it is authoritative for and how it answers. */
export interface ResolverConfig {
  /** The cluster domain, without a trailing dot, e.g. `cluster.local`. */
  readonly clusterDomain: string;
  /** TTL of every record we answer, and the SOA minimum (negative-caching TTL). */
  readonly ttlSeconds: number;
  /** At most this many records in the answer section (and as many in the additional one). */
  readonly answersMax: number;
  /** The address `ns.dns.<zone>` answers with (the kube-dns Service IP); none: NXDOMAIN. */
  readonly nameserverAddress?: string;
}

export const clusterDnsDefaults = Object.freeze({
  clusterDomain: 'cluster.local',
  ttlSeconds: 5,
  answersMax: 100,
  /** One attempt per upstream, then the next one. */
  upstreamTimeoutMs: 2_000,
  upstreamsMax: 8,
  /** Forwarded queries waiting for an upstream; over it we answer SERVFAIL at once. */
  forwardsInFlightMax: 1_000,
  /** The UDP size we accept from EDNS clients (the DNS flag day 2020 value). */
  udpPayloadBytesMax: 1_232,
  /** A query bigger than this is dropped (UDP) or closes the connection (TCP). */
  queryBytesMax: 4_096,
  tcpConnectionsMax: 256,
  /** RFC 7766 §6.2.3 suggests seconds, not minutes. */
  tcpIdleTimeoutMs: 10_000,
  /** Queries of one connection being answered at once; beyond it we stop reading it. */
  tcpQueriesInFlightPerConnectionMax: 16,
});

export const resolverDefaults: ResolverConfig = Object.freeze({
  clusterDomain: clusterDnsDefaults.clusterDomain,
  ttlSeconds: clusterDnsDefaults.ttlSeconds,
  answersMax: clusterDnsDefaults.answersMax,
});

/** RFC 1035 §2.3.4: 253 characters in text form without the trailing dot. */
const nameLengthMax = 253;
const labelPattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function requireInteger(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new NetworkError('config', `${field} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** Lower-cases and drops one trailing dot; throws unless it is a valid DNS name. */
export function normalizeDomain(field: string, domain: string): string {
  const normalized = domain.toLowerCase().replace(/\.$/, '');
  const valid =
    normalized.length > 0 &&
    normalized.length <= nameLengthMax &&
    normalized.split('.').every((label) => labelPattern.test(label));
  if (!valid)
    throw new NetworkError(
      'config',
      `${field} must be a DNS name such as cluster.local, got ${JSON.stringify(domain)}`,
    );
  return normalized;
}

export function validateResolverConfig(config: ResolverConfig): ResolverConfig {
  requireInteger('ttlSeconds', config.ttlSeconds, 0, 86_400);
  requireInteger('answersMax', config.answersMax, 1, 1_000);
  if (config.nameserverAddress !== undefined && isIP(config.nameserverAddress) === 0) {
    throw new NetworkError(
      'config',
      `nameserverAddress must be an IP address, got ${JSON.stringify(config.nameserverAddress)}`,
    );
  }
  return { ...config, clusterDomain: normalizeDomain('clusterDomain', config.clusterDomain) };
}

export interface Upstream {
  readonly host: string;
  readonly port: number;
  readonly family: 4 | 6;
}

/**
 * `1.2.3.4:53`, `[fd00::1]:53`, or a bare address (port 53). Host names are
 * refused: resolving the resolver's own upstream would need a resolver.
 */
export function parseUpstream(text: string): Upstream {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  let host: string;
  let portText: string | undefined;
  if (bracketed !== null) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if (isIP(text) !== 0) {
    host = text;
  } else {
    const colon = text.lastIndexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
  }
  const family = isIP(host);
  const port = portText === undefined ? 53 : Number(portText);
  if (
    family === 0 ||
    !Number.isInteger(port) ||
    port < 1 ||
    port > 65_535 ||
    (portText !== undefined && !/^\d+$/.test(portText))
  ) {
    throw new NetworkError(
      'config',
      `upstream must be an IP address with an optional port (1.2.3.4:53, [::1]:53), got ${JSON.stringify(text)}`,
    );
  }
  return { host, port, family: family === 6 ? 6 : 4 };
}

export function formatUpstream(upstream: Upstream): string {
  return upstream.family === 6 ? `[${upstream.host}]:${upstream.port}` : `${upstream.host}:${upstream.port}`;
}
