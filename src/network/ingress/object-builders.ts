/**
 * Small builders of the objects the ingress proxy routes by, for tests and
 * the benchmark (which fill a MemoryNetworkSource by hand). Not exported from
 * the folder: the worker gets real objects from informers.
 */
import type { Endpoints, Ingress, IngressClass, Secret, Service } from '../../api/index.js';
import { defaultClassAnnotation, ingressControllerName } from './ingress-class.js';
import type { PathType } from './path-match.js';

export interface PathSpec {
  readonly path: string;
  readonly pathType?: PathType | string;
  readonly service: string;
  readonly port: number | string;
}

export interface RuleSpec {
  readonly host?: string;
  readonly paths: readonly PathSpec[];
}

export interface IngressSpecInput {
  readonly namespace?: string;
  readonly name: string;
  readonly className?: string;
  readonly annotations?: Record<string, string>;
  readonly createdAt?: string;
  readonly rules?: readonly RuleSpec[];
  readonly defaultBackend?: { service: string; port: number | string };
  readonly tls?: readonly { hosts: readonly string[]; secretName: string }[];
}

function backendOf(
  service: string,
  port: number | string,
): { service: { name: string; port: { number?: number; name?: string } } } {
  return { service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } } };
}

export function ingressOf(input: IngressSpecInput): Ingress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      namespace: input.namespace ?? 'default',
      name: input.name,
      creationTimestamp: input.createdAt ?? '2024-01-01T00:00:00Z',
      ...(input.annotations === undefined ? {} : { annotations: input.annotations }),
    },
    spec: {
      ...(input.className === undefined ? {} : { ingressClassName: input.className }),
      ...(input.defaultBackend === undefined
        ? {}
        : { defaultBackend: backendOf(input.defaultBackend.service, input.defaultBackend.port) }),
      rules: (input.rules ?? []).map((rule) => ({
        host: rule.host ?? '',
        http: {
          paths: rule.paths.map((item) => ({
            path: item.path,
            pathType: item.pathType ?? 'Prefix',
            backend: backendOf(item.service, item.port),
          })),
        },
      })),
      tls: (input.tls ?? []).map((item) => ({ hosts: [...item.hosts], secretName: item.secretName })),
    },
  };
}

export function ingressClassOf(name: string, options: { controller?: string; isDefault?: boolean } = {}): IngressClass {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name, ...(options.isDefault === true ? { annotations: { [defaultClassAnnotation]: 'true' } } : {}) },
    spec: { controller: options.controller ?? ingressControllerName },
  };
}

export function serviceOf(
  namespace: string,
  name: string,
  ports: readonly { name?: string; port: number; targetPort?: number }[],
  type = 'ClusterIP',
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace, name },
    spec: {
      type,
      clusterIp: '10.96.0.10',
      ports: ports.map((item) => ({
        name: item.name ?? '',
        port: item.port,
        protocol: 'TCP',
        targetPort: { intVal: item.targetPort ?? item.port },
      })),
    },
  };
}

export interface SubsetSpec {
  readonly ready: readonly string[];
  readonly notReady?: readonly string[];
  readonly ports: readonly { name?: string; port: number }[];
}

export function endpointsOf(namespace: string, name: string, subsets: readonly SubsetSpec[]): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { namespace, name },
    subsets: subsets.map((subset) => ({
      addresses: subset.ready.map((ip) => ({ ip })),
      notReadyAddresses: (subset.notReady ?? []).map((ip) => ({ ip })),
      ports: subset.ports.map((item) => ({ name: item.name ?? '', port: item.port, protocol: 'TCP' })),
    })),
  };
}

export function tlsSecretOf(
  namespace: string,
  name: string,
  pem: { certificatePem: string; keyPem: string },
  resourceVersion = '1',
): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { namespace, name, resourceVersion },
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from(pem.certificatePem).toString('base64'),
      'tls.key': Buffer.from(pem.keyPem).toString('base64'),
    },
  };
}
