/** Services and Endpoints for the DNS tests, built by hand as the API would store them. */
import type { Endpoints, Service } from '../../api/index.js';
import { MemoryNetworkSource } from '../network-source.js';

type Address = { ip: string; hostname?: string };
type Port = { name?: string; port: number; protocol?: string };

export function service(namespace: string, name: string, spec: NonNullable<Service['spec']>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec };
}

export function endpoints(
  namespace: string,
  name: string,
  subsets: { addresses?: Address[]; notReadyAddresses?: Address[]; ports?: Port[] }[],
): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { namespace, name }, subsets };
}

/** The cluster every resolver and server test reads. */
export function clusterSource(): MemoryNetworkSource {
  const source = new MemoryNetworkSource();
  const bigAddresses = Array.from({ length: 150 }, (_, index) => ({
    ip: `10.250.${Math.floor(index / 200)}.${(index % 200) + 1}`,
  }));
  source.put(
    service('default', 'web', {
      type: 'ClusterIP',
      clusterIp: '10.96.0.20',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    }),
    endpoints('default', 'web', [
      { addresses: [{ ip: '10.244.1.2' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
    ]),
    service('default', 'db', { clusterIp: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }),
    endpoints('default', 'db', [
      {
        addresses: [
          { ip: '10.244.1.5', hostname: 'db-0' },
          { ip: '10.244.2.6', hostname: 'db-1' },
        ],
        notReadyAddresses: [{ ip: '10.244.3.7', hostname: 'db-2' }],
        ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
      },
    ]),
    service('default', 'plain', { clusterIp: 'None', publishNotReadyAddresses: true, ports: [{ port: 9000 }] }),
    endpoints('default', 'plain', [
      {
        addresses: [{ ip: '10.244.1.9' }],
        notReadyAddresses: [{ ip: '10.244.1.10' }],
        ports: [{ port: 9000, protocol: 'TCP' }],
      },
    ]),
    service('default', 'ext', { type: 'ExternalName', externalName: 'Example.COM.' }),
    service('default', 'pending', { type: 'ClusterIP', clusterIp: '' }),
    service('default', 'lonely', { clusterIp: 'None', ports: [{ name: 'http', port: 80 }] }),
    service('other', 'dual', {
      clusterIp: '10.96.0.30',
      clusterIps: ['10.96.0.30', 'fd00::30'],
      ports: [{ port: 443 }],
    }),
    service('other', 'big', { clusterIp: 'None' }),
    endpoints('other', 'big', [{ addresses: bigAddresses, ports: [{ port: 80 }] }]),
  );
  return source;
}
