/**
 * Checks of an Ingress against the rest of the state, made when its write
 * applies (so two writes in flight cannot both pass). Kubernetes' API server
 * makes neither; ingress-nginx's admission webhook refuses the first, and the
 * second saves a user from a route that can never work. Orca makes both
 * because its ingress proxy would otherwise drop the later rule, or answer
 * 503 for ever, without a word to whoever wrote it.
 * - a host + path + pathType that another Ingress already routes is refused,
 *   naming that Ingress;
 * - a backend that names a port of an existing Service that the Service does
 *   not have is refused (a Service created later is not checked: manifests
 *   are often applied in any order).
 */
import { isJsonObject, type JsonObject } from './json.js';
import { keyOf } from './object-rules.js';
import { StateError } from './state-error.js';
import type { StateTables } from './state-tables.js';

interface RoutedPath {
  readonly field: string;
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
}

interface BackendRef {
  readonly field: string;
  readonly service: string;
  readonly portName: string;
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function text(object: JsonObject | undefined, field: string): string {
  const value = object?.[field];
  return typeof value === 'string' ? value : '';
}

function child(object: JsonObject | undefined, field: string): JsonObject | undefined {
  const value = object?.[field];
  return isJsonObject(value) ? value : undefined;
}

function routedPaths(ingress: JsonObject): RoutedPath[] {
  const routed: RoutedPath[] = [];
  objects(child(ingress, 'spec')?.['rules']).forEach((rule, ruleIndex) => {
    objects(child(rule, 'http')?.['paths']).forEach((entry, pathIndex) => {
      routed.push({
        field: `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`,
        host: text(rule, 'host').toLowerCase(),
        path: text(entry, 'path') || '/',
        pathType: text(entry, 'pathType'),
      });
    });
  });
  return routed;
}

function backends(ingress: JsonObject): BackendRef[] {
  const refs: BackendRef[] = [];
  const add = (field: string, backend: JsonObject | undefined): void => {
    const service = child(backend, 'service');
    const portName = text(child(service, 'port'), 'name');
    if (service !== undefined && portName !== '')
      refs.push({ field: `${field}.service.port.name`, service: text(service, 'name'), portName });
  };
  const spec = child(ingress, 'spec');
  add('spec.defaultBackend', child(spec, 'defaultBackend'));
  objects(spec?.['rules']).forEach((rule, ruleIndex) => {
    objects(child(rule, 'http')?.['paths']).forEach((entry, pathIndex) =>
      add(`spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend`, child(entry, 'backend')),
    );
  });
  return refs;
}

function routeKey(path: RoutedPath): string {
  return `${path.host} ${path.pathType} ${path.path}`;
}

/** Throws StateError('invalid') with the field path when the Ingress clashes with the state. */
export function checkIngress(tables: StateTables, ingress: JsonObject): void {
  const key = keyOf(ingress);
  const mine = new Map(routedPaths(ingress).map((path) => [routeKey(path), path]));
  for (const other of tables.allOfKind('Ingress')) {
    const otherKey = keyOf(other);
    if (otherKey.namespace === key.namespace && otherKey.name === key.name) continue;
    for (const path of routedPaths(other)) {
      const clash = mine.get(routeKey(path));
      if (clash === undefined) continue;
      const host = clash.host === '' ? 'any host' : `host "${clash.host}"`;
      throw new StateError(
        'invalid',
        `${clash.field}: invalid value "${clash.path}": ${host} and path "${clash.path}" (${clash.pathType}) are already routed by ingress ${otherKey.namespace}/${otherKey.name}`,
      );
    }
  }
  for (const backend of backends(ingress)) {
    const service = tables.get({ kind: 'Service', namespace: key.namespace, name: backend.service });
    if (service === undefined) continue;
    const names = objects(child(service, 'spec')?.['ports']).map((port) => text(port, 'name'));
    if (!names.includes(backend.portName)) {
      const known = names.filter((name) => name !== '');
      throw new StateError(
        'invalid',
        `${backend.field}: invalid value "${backend.portName}": service ${key.namespace}/${backend.service} has no port named "${backend.portName}"${known.length === 0 ? ' (its ports have no names)' : ` (it has ${known.map((name) => `"${name}"`).join(', ')})`}`,
      );
    }
  }
}
