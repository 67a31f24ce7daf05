/**
 * The pure routing core: our Ingresses, their classes, Services and Endpoints
 * in; a table that answers `route(host, path)` out, with the conflicts found on
 * the way. No I/O: the proxy rebuilds it whenever the cache changes.
 */
import type { Ingress, IngressClass } from '../../api/index.js';
import { resolveBackend, type BackendSource, type RouteBackend } from './backend-resolve.js';
import { ingressControllerName, ourIngresses, refKey, refOf, type ObjectRef } from './ingress-class.js';
import { lookupHost, normalizeHost, wildcardSuffix } from './host-match.js';
import { isPathType, normalizeRulePath, pathMatches, type PathType } from './path-match.js';

export interface PathRoute {
  /** The rule path as written in the Ingress. */
  readonly path: string;
  readonly pathType: PathType;
  /** The path compared against requests (see normalizeRulePath). */
  readonly matchPath: string;
  readonly backend: RouteBackend;
}

export interface HostRoutes {
  /** The rule host: a name, `*.suffix`, or '' for rules without a host. */
  readonly host: string;
  /** Sorted so that the first match wins: longest path first, Exact before Prefix at equal length. */
  readonly paths: readonly PathRoute[];
}

export interface RoutingConflict {
  /** `namespace/name` of the Ingress whose rule lost or was refused. */
  readonly ingress: string;
  readonly host: string;
  /** The rule path ('' for a default backend or a TLS entry). */
  readonly path: string;
  readonly message: string;
}

export interface RoutingTable {
  readonly exactHosts: ReadonlyMap<string, HostRoutes>;
  /** Keyed by the suffix after `*.`. */
  readonly wildcardHosts: ReadonlyMap<string, HostRoutes>;
  readonly anyHost: HostRoutes | undefined;
  readonly defaultBackend: RouteBackend | undefined;
  readonly conflicts: readonly RoutingConflict[];
  /** `namespace/name` of every Ingress we serve, oldest first. */
  readonly ingresses: readonly string[];
}

export interface RouteMatch {
  readonly host: string;
  readonly path: string;
  readonly pathType: PathType | '';
  readonly backend: RouteBackend;
  /** True when no rule matched and the default backend answers. */
  readonly viaDefault: boolean;
}

export interface RoutingSource extends BackendSource {
  ingresses(): Iterable<Ingress>;
  ingressClasses(): Iterable<IngressClass>;
}

export const routingLimits = Object.freeze({ hostsMax: 10_000, pathsPerHostMax: 1_000 });

export function emptyRoutingTable(): RoutingTable {
  return {
    exactHosts: new Map(),
    wildcardHosts: new Map(),
    anyHost: undefined,
    defaultBackend: undefined,
    conflicts: [],
    ingresses: [],
  };
}

interface Draft {
  readonly sections: Map<string, { host: string; paths: PathRoute[]; seen: Map<string, string> }>;
  readonly conflicts: RoutingConflict[];
  defaultBackend: RouteBackend | undefined;
  defaultOwner: string;
}

export function buildRoutingTable(source: RoutingSource, controller: string = ingressControllerName): RoutingTable {
  const ingresses = ourIngresses(source, controller);
  const draft: Draft = { sections: new Map(), conflicts: [], defaultBackend: undefined, defaultOwner: '' };
  for (const ingress of ingresses) addIngress(draft, source, ingress);
  const exactHosts = new Map<string, HostRoutes>();
  const wildcardHosts = new Map<string, HostRoutes>();
  let anyHost: HostRoutes | undefined;
  for (const section of draft.sections.values()) {
    const routes: HostRoutes = { host: section.host, paths: section.paths.sort(comparePaths) };
    const suffix = wildcardSuffix(section.host);
    if (section.host === '') anyHost = routes;
    else if (suffix !== undefined) wildcardHosts.set(suffix, routes);
    else exactHosts.set(section.host, routes);
  }
  return {
    exactHosts,
    wildcardHosts,
    anyHost,
    defaultBackend: draft.defaultBackend,
    conflicts: draft.conflicts,
    ingresses: ingresses.map((item) => refKey(refOf(item))),
  };
}

function addIngress(draft: Draft, source: BackendSource, ingress: Ingress): void {
  const ref = refOf(ingress);
  const owner = refKey(ref);
  const spec = ingress.spec;
  if (spec?.defaultBackend !== undefined) {
    if (draft.defaultBackend === undefined) {
      draft.defaultBackend = resolveBackend(source, ref, spec.defaultBackend);
      draft.defaultOwner = owner;
    } else {
      draft.conflicts.push({
        ingress: owner,
        host: '',
        path: '',
        message: `default backend ignored: the older Ingress ${draft.defaultOwner} sets one`,
      });
    }
  }
  for (const rule of spec?.rules ?? []) {
    const host = normalizeHost(rule.host);
    const section = sectionFor(draft, host, owner);
    if (section === undefined) continue;
    for (const path of rule.http?.paths ?? []) addPath(draft, section, { source, ref, owner, host }, path);
  }
}

function sectionFor(
  draft: Draft,
  host: string,
  owner: string,
): { host: string; paths: PathRoute[]; seen: Map<string, string> } | undefined {
  let section = draft.sections.get(host);
  if (section !== undefined) return section;
  if (draft.sections.size >= routingLimits.hostsMax) {
    draft.conflicts.push({
      ingress: owner,
      host,
      path: '',
      message: `host ignored: more than ${routingLimits.hostsMax} hosts`,
    });
    return undefined;
  }
  section = { host, paths: [], seen: new Map() };
  draft.sections.set(host, section);
  return section;
}

interface PathContext {
  readonly source: BackendSource;
  readonly ref: ObjectRef;
  readonly owner: string;
  readonly host: string;
}

function addPath(
  draft: Draft,
  section: { paths: PathRoute[]; seen: Map<string, string> },
  context: PathContext,
  rulePath: { path?: string; pathType?: string; backend?: Parameters<typeof resolveBackend>[2] },
): void {
  const path = rulePath.path === undefined || rulePath.path === '' ? '/' : rulePath.path;
  const pathType = rulePath.pathType ?? '';
  const refuse = (message: string): void =>
    void draft.conflicts.push({ ingress: context.owner, host: context.host, path, message });
  if (!isPathType(pathType))
    return refuse(`path ignored: pathType ${JSON.stringify(pathType)} is not Exact, Prefix or ImplementationSpecific`);
  if (!path.startsWith('/')) return refuse('path ignored: it must start with /');
  if (section.paths.length >= routingLimits.pathsPerHostMax)
    return refuse(`path ignored: more than ${routingLimits.pathsPerHostMax} paths on this host`);
  const matchPath = normalizeRulePath(path, pathType);
  // Prefix and ImplementationSpecific behave alike, so they collide with each other
  const duplicateKey = `${pathType === 'Exact' ? 'Exact' : 'Prefix'} ${matchPath}`;
  const holder = section.seen.get(duplicateKey);
  if (holder !== undefined) {
    const verb =
      holder === context.owner ? 'is repeated in this Ingress' : `is already served by the older Ingress ${holder}`;
    return refuse(`path ignored: ${path} (${pathType}) ${verb}`);
  }
  section.seen.set(duplicateKey, context.owner);
  section.paths.push({
    path,
    pathType,
    matchPath,
    backend: resolveBackend(context.source, context.ref, rulePath.backend),
  });
}

function comparePaths(left: PathRoute, right: PathRoute): number {
  if (left.matchPath.length !== right.matchPath.length) return right.matchPath.length - left.matchPath.length;
  const leftExact = left.pathType === 'Exact' ? 0 : 1;
  const rightExact = right.pathType === 'Exact' ? 0 : 1;
  return leftExact - rightExact;
}

/**
 * The backend for a request. The most specific host section that matches
 * decides (exact, then wildcard, then rules without host); when none of its
 * paths matches, the default backend answers, as ingress-nginx's server
 * blocks do, rather than falling through to a less specific host.
 */
export function route(table: RoutingTable, host: string, path: string): RouteMatch | undefined {
  const section = lookupHost(normalizeHost(host), table.exactHosts, table.wildcardHosts) ?? table.anyHost;
  for (const candidate of section?.paths ?? []) {
    if (pathMatches(candidate.matchPath, candidate.pathType, path)) {
      return {
        host: section?.host ?? '',
        path: candidate.path,
        pathType: candidate.pathType,
        backend: candidate.backend,
        viaDefault: false,
      };
    }
  }
  if (table.defaultBackend === undefined) return undefined;
  return { host: section?.host ?? '', path: '', pathType: '', backend: table.defaultBackend, viaDefault: true };
}

/** Every backend of the table, once each by key: whose endpoints the proxy keeps pools for. */
export function tableBackends(table: RoutingTable): Map<string, RouteBackend> {
  const backends = new Map<string, RouteBackend>();
  const sections = [
    ...table.exactHosts.values(),
    ...table.wildcardHosts.values(),
    ...(table.anyHost === undefined ? [] : [table.anyHost]),
  ];
  for (const section of sections) for (const item of section.paths) backends.set(item.backend.key, item.backend);
  if (table.defaultBackend !== undefined) backends.set(table.defaultBackend.key, table.defaultBackend);
  return backends;
}
