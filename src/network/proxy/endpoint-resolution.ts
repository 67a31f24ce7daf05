/**
 * Which ready endpoints serve one Service port. Endpoints subsets carry the
 * resolved target port under the Service port's name, so a Service port finds
 * its number by name in each subset (an unnamed single-port Service matches the
 * unnamed endpoint port). Only `addresses` count: `notReadyAddresses` never
 * receive traffic here.
 */
import { isIPv4 } from 'node:net';
import type { Endpoints } from '../../api/index.js';

export interface ResolvedEndpoint {
  readonly ip: string;
  readonly port: number;
  /** On this node (nodeName equals ours): eligible under a Local traffic policy. */
  readonly local: boolean;
}

export interface EndpointQuery {
  /** The Service port's name ('' when unnamed). */
  readonly portName: string;
  /** TCP, UDP or SCTP. */
  readonly protocol: string;
  readonly nodeName: string;
  readonly max: number;
}

export interface ResolvedEndpoints {
  /** Sorted by address then port, without duplicates, at most `max`. */
  readonly endpoints: readonly ResolvedEndpoint[];
  readonly warnings: readonly string[];
}

export function resolveEndpoints(endpoints: Endpoints | undefined, query: EndpointQuery): ResolvedEndpoints {
  const found = new Map<string, ResolvedEndpoint>();
  const warnings: string[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    const port = (subset.ports ?? []).find(
      (candidate) => (candidate.name ?? '') === query.portName && (candidate.protocol || 'TCP') === query.protocol,
    );
    if (port === undefined) continue;
    const number = port.port ?? 0;
    if (!isPortNumber(number)) {
      warnings.push(`endpoint port ${query.portName || '(unnamed)'}: ${number} is not a port number`);
      continue;
    }
    for (const address of subset.addresses ?? []) {
      const ip = address.ip ?? '';
      if (!isIPv4(ip)) {
        if (ip !== '' && !ip.includes(':')) warnings.push(`endpoint address "${ip}" is not IPv4`);
        continue;
      }
      found.set(`${ip}:${number}`, { ip, port: number, local: address.nodeName === query.nodeName });
    }
  }
  const sorted = [...found.values()].sort(compareEndpoints);
  if (sorted.length > query.max) {
    warnings.push(
      `${sorted.length} endpoints for port ${query.portName || '(unnamed)'}: only the first ${query.max} are used`,
    );
  }
  return { endpoints: sorted.slice(0, query.max), warnings };
}

export function isPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65_535;
}

function compareEndpoints(a: ResolvedEndpoint, b: ResolvedEndpoint): number {
  return ipv4Number(a.ip) - ipv4Number(b.ip) || a.port - b.port;
}

function ipv4Number(ip: string): number {
  return ip.split('.').reduce((total, part) => total * 256 + Number(part), 0);
}
