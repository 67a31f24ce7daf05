/**
 * How DNS sees one Service and its Endpoints (pure): which kind of records it
 * has, its cluster IPs, and the endpoint addresses a headless Service publishes.
 */
import { isIP } from 'node:net';
import type { Endpoints, Service } from '../../api/index.js';
import { dashedIp } from './dns-names.js';

/** `pending`: a ClusterIP Service whose address is not allocated yet (NODATA, not NXDOMAIN). */
export type ServiceShape = 'clusterIp' | 'headless' | 'externalName' | 'pending';

export function shapeOf(service: Service): ServiceShape {
  const spec = service.spec ?? {};
  if (spec.type === 'ExternalName') return 'externalName';
  if (spec.clusterIp === 'None') return 'headless';
  return clusterIpsOf(service).length > 0 ? 'clusterIp' : 'pending';
}

/** spec.clusterIps when set (dual stack), else spec.clusterIp; only real addresses. */
export function clusterIpsOf(service: Service): string[] {
  const spec = service.spec ?? {};
  const listed = spec.clusterIps !== undefined && spec.clusterIps.length > 0 ? spec.clusterIps : [spec.clusterIp ?? ''];
  return [...new Set(listed.filter((ip) => isIP(ip) !== 0))];
}

export interface EndpointPortView {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

export interface EndpointRecord {
  readonly ip: string;
  /** The label of its own name: the hostname when set (StatefulSet pods), else the dashed IP. */
  readonly label: string;
  readonly dashed: string;
  readonly ports: readonly EndpointPortView[];
}

/**
 * The addresses a headless Service publishes, in Endpoints order: every
 * subset's ready addresses, plus the not-ready ones when the Service says
 * publishNotReadyAddresses. Invalid IPs are skipped (a bad object must not
 * make us answer garbage).
 */
export function endpointRecords(service: Service, endpoints: Endpoints | undefined): EndpointRecord[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const records: EndpointRecord[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    const ports = (subset.ports ?? []).map((port) => ({
      name: (port.name ?? '').toLowerCase(),
      port: port.port ?? 0,
      protocol: (port.protocol || 'TCP').toLowerCase(),
    }));
    const addresses = publishNotReady
      ? [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])]
      : (subset.addresses ?? []);
    for (const address of addresses) {
      const ip = address.ip ?? '';
      if (isIP(ip) === 0) continue;
      const hostname = (address.hostname ?? '').toLowerCase();
      const dashed = dashedIp(ip);
      records.push({ ip, label: hostname === '' ? dashed : hostname, dashed, ports });
    }
  }
  return records;
}

export interface ServicePortView {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
}

export function servicePorts(service: Service): ServicePortView[] {
  return (service.spec?.ports ?? []).map((port) => ({
    name: (port.name ?? '').toLowerCase(),
    port: port.port ?? 0,
    protocol: (port.protocol || 'TCP').toLowerCase(),
  }));
}
