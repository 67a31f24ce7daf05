/**
 * Building blocks of the resolver's answers (pure): records in dns-packet's
 * shape with our TTL, and the three kinds of authoritative reply.
 */
import type { Answer, SrvAnswer } from 'dns-packet';
import { isIPv4, isIPv6 } from 'node:net';
import type { ResolverConfig } from './dns-config.js';

export type DnsRcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

export interface AnswerResolution {
  readonly kind: 'answer';
  readonly rcode: DnsRcode;
  readonly answers: readonly Answer[];
  readonly authorities: readonly Answer[];
  readonly additionals: readonly Answer[];
}

/** `forward`: not ours; relay the query to an upstream server. */
export type Resolution = AnswerResolution | { readonly kind: 'forward' };

/** What the resolver reads of a query: the one question, as decoded (any case, maybe a trailing dot). */
export interface DnsQuestion {
  readonly name: string;
  /** dns-packet's type name: 'A', 'SRV', … or 'UNKNOWN_<n>'. */
  readonly type: string;
  readonly class: string;
}

/** The parts every record of one answer shares. */
export interface AnswerContext {
  /** The question name, normalised (lower case, no trailing dot). */
  readonly name: string;
  readonly type: string;
  readonly config: ResolverConfig;
  readonly serial: number;
}

const soaRefreshSeconds = 7_200;
const soaRetrySeconds = 1_800;
const soaExpireSeconds = 86_400;

export function addressRecord(context: AnswerContext, owner: string, ip: string): Answer {
  return { type: isIPv6(ip) ? 'AAAA' : 'A', name: owner, ttl: context.config.ttlSeconds, class: 'IN', data: ip };
}

/** A and AAAA records of `owner` for the addresses of the asked family; [] for other types. */
export function addressRecords(
  context: AnswerContext,
  owner: string,
  ips: readonly string[],
  type = context.type,
): Answer[] {
  const wanted = type === 'A' ? isIPv4 : type === 'AAAA' ? isIPv6 : undefined;
  if (wanted === undefined) return [];
  const unique = [...new Set(ips.filter((ip) => wanted(ip)))];
  return unique.slice(0, context.config.answersMax).map((ip) => addressRecord(context, owner, ip));
}

export function nameRecord(
  context: AnswerContext,
  type: 'CNAME' | 'PTR' | 'NS',
  owner: string,
  target: string,
): Answer {
  return { type, name: owner, ttl: context.config.ttlSeconds, class: 'IN', data: target };
}

export interface SrvTarget {
  readonly port: number;
  readonly target: string;
}

/**
 * CoreDNS's SRV weights: every record priority 0, the weight 100 shared out
 * (floor(100 / n), at least 1), so one record reads `0 100 port target`.
 */
export function srvRecords(context: AnswerContext, targets: readonly SrvTarget[]): SrvAnswer[] {
  const kept = targets.slice(0, context.config.answersMax);
  const weight = Math.max(1, Math.floor(100 / Math.max(1, kept.length)));
  return kept.map((target) => ({
    type: 'SRV',
    name: context.name,
    ttl: context.config.ttlSeconds,
    class: 'IN',
    data: { priority: 0, weight, port: target.port, target: target.target },
  }));
}

export function soaRecord(context: AnswerContext): Answer {
  const zone = context.config.clusterDomain;
  return {
    type: 'SOA',
    name: zone,
    ttl: context.config.ttlSeconds,
    class: 'IN',
    data: {
      mname: `ns.dns.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: context.serial,
      refresh: soaRefreshSeconds,
      retry: soaRetrySeconds,
      expire: soaExpireSeconds,
      minimum: context.config.ttlSeconds,
    },
  };
}

/** NOERROR with records; an empty answer becomes NODATA (with the SOA, for negative caching). */
export function positive(
  context: AnswerContext,
  answers: readonly Answer[],
  additionals: readonly Answer[] = [],
): AnswerResolution {
  if (answers.length === 0) return noData(context);
  return {
    kind: 'answer',
    rcode: 'NOERROR',
    answers,
    authorities: [],
    additionals: additionals.slice(0, context.config.answersMax),
  };
}

/** The name exists, but has no record of the asked type. */
export function noData(context: AnswerContext): AnswerResolution {
  return { kind: 'answer', rcode: 'NOERROR', answers: [], authorities: [soaRecord(context)], additionals: [] };
}

export function nxDomain(context: AnswerContext): AnswerResolution {
  return { kind: 'answer', rcode: 'NXDOMAIN', answers: [], authorities: [soaRecord(context)], additionals: [] };
}

/** No records at all: errors, and relayed answers cut down to their header. */
export function failure(rcode: DnsRcode): AnswerResolution {
  return { kind: 'answer', rcode, answers: [], authorities: [], additionals: [] };
}
