/**
 * The resolver core (pure): one question and the cluster as the cache sees it
 * in, the authoritative answer (or "forward") out. It answers what CoreDNS's
 * kubernetes plugin answers with `pods insecure` and fallthrough for reverse
 * zones; see README.md for the names and the choices made.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { ResolverConfig } from './dns-config.js';
import type { DnsLookup } from './dns-index.js';
import { ipFromDashed, ipFromReverseName, isReverseName, normalizeName } from './dns-names.js';
import {
  addressRecords,
  failure,
  nameRecord,
  noData,
  nxDomain,
  positive,
  soaRecord,
  type AnswerContext,
  type DnsQuestion,
  type Resolution,
} from './records.js';
import { serviceAnswer } from './service-answers.js';

/** The schema version record of the Kubernetes DNS specification. */
export const dnsSchemaVersion = '1.1.0';

const forward: Resolution = Object.freeze({ kind: 'forward' });

export function resolve(question: DnsQuestion, lookup: DnsLookup, config: ResolverConfig): Resolution {
  const name = normalizeName(question.name);
  const zone = config.clusterDomain;
  const context: AnswerContext = { name, type: question.type, config, serial: lookup.serial() };
  if (name !== zone && !name.endsWith(`.${zone}`)) {
    return question.type === 'PTR' && isReverseName(name) ? reverseAnswer(name, lookup, context) : forward;
  }
  // CHAOS and other classes have no data here; say so rather than forward cluster names
  if (question.class !== 'IN' && question.class !== 'ANY') return failure('REFUSED');
  // before the first full list a missing Service may only be missing from the cache
  if (!lookup.synced()) return failure('SERVFAIL');
  const labels = name === zone ? [] : name.slice(0, -(zone.length + 1)).split('.');
  return zoneAnswer(labels, lookup, context);
}

function zoneAnswer(labels: readonly string[], lookup: DnsLookup, context: AnswerContext): Resolution {
  if (labels.length === 0) return apexAnswer(context);
  const last = labels.at(-1);
  const rest = labels.slice(0, -1);
  if (last === 'svc') return serviceAnswer(rest, lookup, context);
  if (last === 'pod') return podAnswer(rest, lookup, context);
  if (last === 'dns') return nameserverAnswer(rest, context);
  if (labels.length === 1 && last === 'dns-version') {
    const record = {
      type: 'TXT' as const,
      name: context.name,
      ttl: context.config.ttlSeconds,
      class: 'IN' as const,
      data: [dnsSchemaVersion],
    };
    return context.type === 'TXT' ? positive(context, [record]) : noData(context);
  }
  return nxDomain(context);
}

function apexAnswer(context: AnswerContext): Resolution {
  if (context.type === 'SOA') return positive(context, [soaRecord(context)]);
  if (context.type !== 'NS') return noData(context);
  const nameserver = `ns.dns.${context.config.clusterDomain}`;
  const glue = nameserverIps(context).flatMap((ip) =>
    addressRecords(context, nameserver, [ip], isIPv6(ip) ? 'AAAA' : 'A'),
  );
  return positive(context, [nameRecord(context, 'NS', context.name, nameserver)], glue);
}

function nameserverIps(context: AnswerContext): string[] {
  return context.config.nameserverAddress === undefined ? [] : [context.config.nameserverAddress];
}

/** `ns.dns.<zone>`, the SOA's MNAME, answers with our own address when we were told it. */
function nameserverAnswer(labels: readonly string[], context: AnswerContext): Resolution {
  if (nameserverIps(context).length === 0) return nxDomain(context);
  if (labels.length === 0) return noData(context);
  if (labels.length === 1 && labels[0] === 'ns')
    return positive(context, addressRecords(context, context.name, nameserverIps(context)));
  return nxDomain(context);
}

/**
 * `a-b-c-d.<ns>.pod.<zone>` → a.b.c.d, whatever pods exist (`pods insecure`):
 * the name encodes the answer, so it costs no lookup.
 */
function podAnswer(labels: readonly string[], lookup: DnsLookup, context: AnswerContext): Resolution {
  const namespace = labels.at(-1);
  if (namespace === undefined) return noData(context);
  if (labels.length === 1) return lookup.hasNamespace(namespace) ? noData(context) : nxDomain(context);
  if (labels.length !== 2) return nxDomain(context);
  const ip = ipFromDashed(labels[0] ?? '');
  if (ip === undefined) return nxDomain(context);
  const matching = (context.type === 'A' && isIPv4(ip)) || (context.type === 'AAAA' && isIPv6(ip));
  return matching ? positive(context, addressRecords(context, context.name, [ip])) : noData(context);
}

/**
 * PTR of a ClusterIP or a headless endpoint; any other reverse name (a host's,
 * a pod's) goes to the upstream, as CoreDNS's `fallthrough in-addr.arpa ip6.arpa`.
 */
function reverseAnswer(name: string, lookup: DnsLookup, context: AnswerContext): Resolution {
  const ip = ipFromReverseName(name);
  if (ip === undefined || !lookup.synced()) return forward;
  const entries = lookup.reverse(ip);
  if (entries.length === 0) return forward;
  const zone = context.config.clusterDomain;
  const answers = entries.slice(0, context.config.answersMax).map((entry) => {
    const serviceName = `${entry.service}.${entry.namespace}.svc.${zone}`;
    return nameRecord(
      context,
      'PTR',
      name,
      entry.endpointLabel === undefined ? serviceName : `${entry.endpointLabel}.${serviceName}`,
    );
  });
  return positive(context, answers);
}
