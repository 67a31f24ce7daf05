/**
 * Answers for names under `svc.<zone>` (pure), after the Kubernetes DNS
 * specification and CoreDNS's kubernetes plugin:
 *   <svc>.<ns>.svc            A/AAAA ClusterIP, or every published endpoint (headless); CNAME (ExternalName)
 *   <label>.<svc>.<ns>.svc    A/AAAA of one headless endpoint (its hostname or dashed IP)
 *   _<port>._<proto>.<svc>.<ns>.svc   SRV for a named port; SRV on the bare name lists every port
 */
import type { Answer } from 'dns-packet';
import type { Service } from '../../api/index.js';
import type { DnsLookup } from './dns-index.js';
import {
  addressRecords,
  noData,
  nameRecord,
  nxDomain,
  positive,
  srvRecords,
  type AnswerContext,
  type Resolution,
  type SrvTarget,
} from './records.js';
import { clusterIpsOf, endpointRecords, servicePorts, shapeOf, type EndpointRecord } from './service-view.js';
import { normalizeName } from './dns-names.js';

/** `labels`: the name's labels left of `svc.<zone>`, e.g. ['web-0', 'web', 'default']. */
export function serviceAnswer(labels: readonly string[], lookup: DnsLookup, context: AnswerContext): Resolution {
  const namespace = labels.at(-1);
  if (namespace === undefined) return noData(context);
  if (labels.length === 1) return lookup.hasNamespace(namespace) ? noData(context) : nxDomain(context);
  const service = lookup.service(namespace, labels.at(-2) ?? '');
  if (service === undefined) return nxDomain(context);
  const shape = shapeOf(service);
  if (labels.length === 2) return serviceNameAnswer(service, lookup, context);
  // nothing lives under an ExternalName or a pending Service's name
  if (shape === 'externalName' || shape === 'pending') return nxDomain(context);
  const first = labels[0] ?? '';
  if (labels.length === 3 && first.startsWith('_')) {
    const protocol = first.slice(1);
    // `_tcp.<svc>…` is an empty non-terminal when some port has that protocol
    return servicePorts(service).some((port) => port.protocol === protocol) ? noData(context) : nxDomain(context);
  }
  if (labels.length === 3) return endpointNameAnswer(first, service, lookup, context);
  const second = labels[1] ?? '';
  if (labels.length === 4 && first.startsWith('_') && second.startsWith('_')) {
    return srvAnswer(service, lookup, context, { name: first.slice(1), protocol: second.slice(1) });
  }
  return nxDomain(context);
}

function serviceNameAnswer(service: Service, lookup: DnsLookup, context: AnswerContext): Resolution {
  switch (shapeOf(service)) {
    case 'externalName': {
      const target = normalizeName(service.spec?.externalName ?? '');
      // the CNAME answers every type; we leave chasing it to the client
      return target === '' ? noData(context) : positive(context, [nameRecord(context, 'CNAME', context.name, target)]);
    }
    case 'pending':
      return noData(context);
    case 'clusterIp':
      if (context.type === 'SRV') return srvAnswer(service, lookup, context, undefined);
      return positive(context, addressRecords(context, context.name, clusterIpsOf(service)));
    case 'headless': {
      if (context.type === 'SRV') return srvAnswer(service, lookup, context, undefined);
      const records = endpointRecords(service, lookupEndpoints(service, lookup));
      return positive(
        context,
        addressRecords(
          context,
          context.name,
          records.map((record) => record.ip),
        ),
      );
    }
  }
}

function endpointNameAnswer(label: string, service: Service, lookup: DnsLookup, context: AnswerContext): Resolution {
  if (shapeOf(service) !== 'headless') return nxDomain(context);
  const matches = endpointRecords(service, lookupEndpoints(service, lookup)).filter(
    (record) => record.label === label || record.dashed === label,
  );
  if (matches.length === 0) return nxDomain(context);
  return positive(
    context,
    addressRecords(
      context,
      context.name,
      matches.map((record) => record.ip),
    ),
  );
}

interface PortFilter {
  readonly name: string;
  readonly protocol: string;
}

function matchesPort(port: { name: string; protocol: string }, filter: PortFilter | undefined): boolean {
  return filter === undefined || (port.name !== '' && port.name === filter.name && port.protocol === filter.protocol);
}

/** SRV records of the matching ports; `filter` undefined: every port (the bare service name). */
function srvAnswer(
  service: Service,
  lookup: DnsLookup,
  context: AnswerContext,
  filter: PortFilter | undefined,
): Resolution {
  // the name exists when the Service declares such a port, whether or not an endpoint serves it
  if (filter !== undefined && !servicePorts(service).some((port) => matchesPort(port, filter)))
    return nxDomain(context);
  if (context.type !== 'SRV') return noData(context);
  const namespace = service.metadata?.namespace ?? '';
  const serviceName = `${service.metadata?.name ?? ''}.${namespace}.svc.${context.config.clusterDomain}`;
  if (shapeOf(service) === 'clusterIp') {
    const targets = servicePorts(service)
      .filter((port) => matchesPort(port, filter))
      .map((port) => ({ port: port.port, target: serviceName }));
    const additionals = [
      ...addressRecords(context, serviceName, clusterIpsOf(service), 'A'),
      ...addressRecords(context, serviceName, clusterIpsOf(service), 'AAAA'),
    ];
    return positive(context, srvRecords(context, targets), additionals);
  }
  const records = endpointRecords(service, lookupEndpoints(service, lookup));
  const answers = srvRecords(context, endpointTargets(records, serviceName, filter));
  const targets = new Set(answers.map((answer) => answer.data.target));
  return positive(
    context,
    answers,
    endpointAdditionals(
      records.filter((record) => targets.has(`${record.label}.${serviceName}`)),
      serviceName,
      context,
    ),
  );
}

function endpointTargets(
  records: readonly EndpointRecord[],
  serviceName: string,
  filter: PortFilter | undefined,
): SrvTarget[] {
  const targets: SrvTarget[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const port of record.ports) {
      const target = `${record.label}.${serviceName}`;
      const key = `${target}:${port.port}`;
      if (!matchesPort(port, filter) || seen.has(key)) continue;
      seen.add(key);
      targets.push({ port: port.port, target });
    }
  }
  return targets;
}

function endpointAdditionals(
  records: readonly EndpointRecord[],
  serviceName: string,
  context: AnswerContext,
): Answer[] {
  const seen = new Set<string>();
  const additionals: Answer[] = [];
  for (const record of records) {
    const owner = `${record.label}.${serviceName}`;
    if (seen.has(`${owner} ${record.ip}`)) continue;
    seen.add(`${owner} ${record.ip}`);
    additionals.push(...addressRecords(context, owner, [record.ip], record.ip.includes(':') ? 'AAAA' : 'A'));
  }
  return additionals;
}

function lookupEndpoints(service: Service, lookup: DnsLookup) {
  return lookup.endpoints(service.metadata?.namespace ?? '', service.metadata?.name ?? '');
}
