/** Builders for Services and Endpoints in tests (not part of the public surface). */
import type { Endpoints, Service } from '../../api/index.js';
import type { RuleOptions } from './rule-options.js';

export const testRuleOptions: RuleOptions = {
  nodeName: 'node-a',
  nodeIps: ['192.168.50.1'],
  clusterCidr: '10.244.0.0/16',
  tableName: 'orca-proxy-test',
  endpointsPerServicePortMax: 1_000,
};

type ServiceSpec = NonNullable<Service['spec']>;

export function service(
  name: string,
  spec: ServiceSpec,
  options: { namespace?: string; status?: Service['status'] } = {},
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: options.namespace ?? 'default', name },
    spec: { type: 'ClusterIP', ...spec },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}

export interface TestAddress {
  readonly ip: string;
  readonly nodeName?: string;
}

export interface TestSubset {
  readonly ready?: readonly (string | TestAddress)[];
  readonly notReady?: readonly (string | TestAddress)[];
  readonly ports: readonly { name?: string; port: number; protocol?: string }[];
}

export function endpoints(name: string, subsets: readonly TestSubset[], namespace = 'default'): Endpoints {
  const address = (entry: string | TestAddress): { ip: string; nodeName?: string } =>
    typeof entry === 'string'
      ? { ip: entry, nodeName: 'node-b' }
      : { ip: entry.ip, ...(entry.nodeName === undefined ? {} : { nodeName: entry.nodeName }) };
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { namespace, name },
    subsets: subsets.map((subset) => ({
      addresses: (subset.ready ?? []).map(address),
      notReadyAddresses: (subset.notReady ?? []).map(address),
      ports: subset.ports.map((port) => ({ name: port.name ?? '', port: port.port, protocol: port.protocol ?? 'TCP' })),
    })),
  };
}

/** A one-port TCP ClusterIP Service `web` on 10.96.0.10:80 → 8080, with the given extra spec. */
export function webService(spec: Partial<ServiceSpec> = {}, status?: Service['status']): Service {
  return service(
    'web',
    {
      clusterIp: '10.96.0.10',
      ports: [
        {
          name: 'http',
          protocol: 'TCP',
          port: 80,
          targetPort: { intVal: 8080 },
          nodePort: spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? 30080 : 0,
        },
      ],
      ...spec,
    },
    status === undefined ? {} : { status },
  );
}

export function webEndpoints(
  ready: readonly (string | TestAddress)[],
  notReady: readonly (string | TestAddress)[] = [],
): Endpoints {
  return endpoints('web', [{ ready, notReady, ports: [{ name: 'http', port: 8080 }] }]);
}
