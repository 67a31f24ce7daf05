/**
 * A REST path as the verbs see it: which resource, in which namespace, which
 * object and subresource — parsed once, by kube-apiserver's grammar:
 *   /api/v1/{resource}[/{name}[/{subresource}]]
 *   /api/v1/namespaces/{namespace}/{resource}[/{name}[/{subresource}]]
 *   /apis/{group}/{version}/… the same
 * `/api/v1/namespaces/{name}[/status]` is the Namespace itself.
 */
import type { UserInfo } from '../auth/index.js';
import { resourceAt, type Resource } from './resources.js';
import { KubeError, type StatusSubject } from './status.js';

export interface ResourcePath {
  readonly resource: Resource;
  /** "" for cluster-scoped kinds, and for a namespaced list across all namespaces. */
  readonly namespace: string;
  /** "" for the collection. */
  readonly name: string;
  /** "" for the object itself; `status`, `scale`, `log`, `exec`, … */
  readonly subresource: string;
}

/** A request once authenticated: the caller, the path, the query. */
export interface KubeRequest extends ResourcePath {
  readonly caller: UserInfo;
  readonly query: URLSearchParams;
}

const segmentMax = 253;

function decodeSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new KubeError(400, 'BadRequest', `the path segment "${segment}" is not valid URL encoding`);
  }
  if (decoded.length > segmentMax || decoded.includes('/'))
    throw new KubeError(400, 'BadRequest', `the path segment "${segment}" is not a valid name`);
  return decoded;
}

/** The group and version a path starts with, and the segments after them; undefined when it is not a resource path. */
function groupVersionOf(segments: readonly string[]): { group: string; version: string; rest: string[] } | undefined {
  if (segments[0] === 'api' && segments.length >= 3)
    return { group: '', version: segments[1] ?? '', rest: segments.slice(2) };
  if (segments[0] === 'apis' && segments.length >= 4)
    return { group: segments[1] ?? '', version: segments[2] ?? '', rest: segments.slice(3) };
  return undefined;
}

/** The resource a path names, or undefined when the path is not a resource path (discovery answers it). */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const segments = pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  const at = groupVersionOf(segments);
  if (at === undefined) return undefined;
  const { group, version, rest } = at;
  const notFound = (plural: string): KubeError =>
    new KubeError(
      404,
      'NotFound',
      `the server could not find the requested resource (${plural} in ${group === '' ? version : `${group}/${version}`})`,
    );
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespaced = resourceAt(group, version, rest[2] ?? '');
    if (namespaced?.namespaced === true) {
      if (rest.length > 5) throw notFound(rest[2] ?? '');
      return { resource: namespaced, namespace: rest[1] ?? '', name: rest[3] ?? '', subresource: rest[4] ?? '' };
    }
  }
  const plural = rest[0] ?? '';
  const resource = resourceAt(group, version, plural);
  if (resource === undefined || rest.length > 3) throw notFound(plural);
  return { resource, namespace: '', name: rest[1] ?? '', subresource: rest[2] ?? '' };
}

/** What a Status names for this request. */
export function subjectOf(path: ResourcePath, name = path.name): StatusSubject {
  return { group: path.resource.group, resource: path.resource.plural, name };
}

/** The namespace of a write: the path's, or "default" (kube-apiserver needs one in the path; kubectl always sends it). */
export function writeNamespace(path: ResourcePath): string {
  if (!path.resource.namespaced) return '';
  if (path.namespace === '')
    throw new KubeError(400, 'BadRequest', `${path.resource.plural} are namespaced: the path must name a namespace`);
  return path.namespace;
}

export function booleanParameter(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new KubeError(400, 'BadRequest', `${name}: "${value}" must be true or false`);
}

export function integerParameter(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new KubeError(400, 'BadRequest', `${name}: "${value}" must be an integer from ${min} to ${max}`);
  return number;
}

/** `dryRun=All` (the only value Kubernetes knows). */
export function dryRunParameter(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun').filter((value) => value !== '');
  if (values.length === 0) return false;
  if (values.every((value) => value === 'All')) return true;
  throw new KubeError(400, 'BadRequest', `dryRun: ${JSON.stringify(values)} must be "All"`);
}
