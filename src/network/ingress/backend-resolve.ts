/**
 * From an Ingress backend to the endpoints traffic goes to: the Service port
 * (by number or by name), then the Endpoints subset port named like it, then
 * every ready address with that port number. Pure: reads the cache only.
 */
import type { Endpoints, Service } from '../../api/index.js';
import type { ObjectRef } from './ingress-class.js';

export interface BackendTarget {
  readonly ip: string;
  readonly port: number;
}

/**
 * `ready` has targets; each other state says why a request gets no endpoint:
 * `externalName` → 502 (not supported), `invalid` → 502 (no service in the
 * backend), the rest → 503, as ingress-nginx answers for a service without
 * endpoints.
 */
export type BackendState = 'ready' | 'noService' | 'noServicePort' | 'noEndpoints' | 'externalName' | 'invalid';

export interface RouteBackend {
  readonly ingress: ObjectRef;
  readonly service: ObjectRef;
  /** The backend's port as written in the Ingress: a number, or a port name. */
  readonly servicePort: number | string;
  readonly targets: readonly BackendTarget[];
  readonly state: BackendState;
  /** Key of this backend (service and port), for round-robin state. */
  readonly key: string;
}

export interface BackendSource {
  service(namespace: string, name: string): Service | undefined;
  endpoints(namespace: string, name: string): Endpoints | undefined;
}

export interface IngressBackendSpec {
  service?: { name?: string; port?: { name?: string; number?: number } };
}

export function resolveBackend(
  source: BackendSource,
  ingress: ObjectRef,
  backend: IngressBackendSpec | undefined,
): RouteBackend {
  const name = backend?.service?.name ?? '';
  const portNumber = backend?.service?.port?.number ?? 0;
  const portName = backend?.service?.port?.name ?? '';
  const servicePort: number | string = portNumber !== 0 ? portNumber : portName;
  const service: ObjectRef = { namespace: ingress.namespace, name };
  const key = `${service.namespace}/${service.name}:${servicePort}`;
  const result = (state: BackendState, targets: readonly BackendTarget[] = []): RouteBackend => ({
    ingress,
    service,
    servicePort,
    targets,
    state,
    key,
  });
  if (name === '' || servicePort === '') return result('invalid');
  const found = source.service(service.namespace, name);
  if (found === undefined) return result('noService');
  if (found.spec?.type === 'ExternalName') return result('externalName');
  const port = (found.spec?.ports ?? []).find((item) =>
    typeof servicePort === 'number' ? item.port === servicePort : item.name === servicePort,
  );
  if (port === undefined) return result('noServicePort');
  const targets = readyTargets(source.endpoints(service.namespace, name), port.name ?? '');
  return targets.length === 0 ? result('noEndpoints') : result('ready', targets);
}

/** Every ready address of the subsets whose port is named `portName` ('' is the unnamed port). */
export function readyTargets(endpoints: Endpoints | undefined, portName: string): BackendTarget[] {
  const targets: BackendTarget[] = [];
  const seen = new Set<string>();
  for (const subset of endpoints?.subsets ?? []) {
    const port = (subset.ports ?? []).find((item) => (item.name ?? '') === portName);
    if (port?.port === undefined || port.port <= 0) continue;
    for (const address of subset.addresses ?? []) {
      const ip = address.ip ?? '';
      const key = `${ip}:${port.port}`;
      if (ip === '' || seen.has(key)) continue;
      seen.add(key);
      targets.push({ ip, port: port.port });
    }
  }
  return targets;
}
