/**
 * Path matching of networking.k8s.io/v1 HTTPIngressPath. `Prefix` compares
 * whole path elements split on `/`, with a trailing slash in the rule ignored;
 * `ImplementationSpecific` is treated as `Prefix` (ingress-nginx treats it as a
 * regular-expression-free prefix too unless use-regex is set, which we do not
 * support). Request paths are compared as sent, without percent-decoding.
 */

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export const pathTypes: readonly PathType[] = ['Exact', 'Prefix', 'ImplementationSpecific'];

export function isPathType(value: string): value is PathType {
  return (pathTypes as readonly string[]).includes(value);
}

/** The form a rule path is compared in: Prefix paths lose their trailing slash (`/` becomes ''). */
export function normalizeRulePath(path: string, pathType: PathType): string {
  if (pathType === 'Exact') return path;
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end -= 1;
  return path.slice(0, end);
}

/** The path of a request target without its query string or fragment; '/' when empty. */
export function requestPath(target: string | undefined): string {
  if (target === undefined || target === '') return '/';
  if (!target.startsWith('/')) return requestPath(originFormOf(target));
  let end = target.length;
  const query = target.indexOf('?');
  if (query !== -1) end = query;
  const hash = target.indexOf('#');
  if (hash !== -1 && hash < end) end = hash;
  const path = target.slice(0, end);
  return path === '' ? '/' : path;
}

/** Does a normalized rule path match a request path? */
export function pathMatches(normalizedRulePath: string, pathType: PathType, path: string): boolean {
  if (pathType === 'Exact') return path === normalizedRulePath;
  if (normalizedRulePath === '') return true;
  if (!path.startsWith(normalizedRulePath)) return false;
  return path.length === normalizedRulePath.length || path[normalizedRulePath.length] === '/';
}

/** `http://host/p?q` (absolute-form, RFC 9112 §3.2.2) → `/p?q`; anything else without a leading slash → '/'. */
function originFormOf(target: string): string {
  const scheme = target.indexOf('://');
  if (scheme === -1) return '/';
  const slash = target.indexOf('/', scheme + 3);
  return slash === -1 ? '/' : target.slice(slash);
}
