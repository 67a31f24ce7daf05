/**
 * The REST resources every master serves: one per Orca kind (src/api/kinds.ts),
 * with the group, version, verbs, short names, categories and subresources
 * kube-apiserver gives the Kubernetes kind of the same name — so that
 * discovery, `kubectl get all` and RBAC's resource names line up.
 */
import { kinds, type KindInfo } from '../api/index.js';

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export const allVerbs: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export interface Subresource {
  readonly name: string;
  /** The kind a request and answer of the subresource carries (`Scale`, `Eviction`), or the resource's own. */
  readonly kind: string;
  readonly group?: string;
  readonly version?: string;
  readonly verbs: readonly string[];
}

export interface Resource {
  readonly info: KindInfo;
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  /** `v1` or `apps/v1`. */
  readonly groupVersion: string;
  readonly plural: string;
  readonly singular: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly Verb[];
  readonly subresources: readonly Subresource[];
}

/** What `kubectl get all` shows: the kinds in kube-apiserver's `all` category. */
const allCategory: ReadonlySet<string> = new Set([
  'Pod',
  'Service',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
]);

/** Kinds whose status is written through its own call. */
const withStatus: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'Pod',
  'Service',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Ingress',
]);

const withScale: ReadonlySet<string> = new Set(['ReplicaSet', 'Deployment', 'StatefulSet']);

function subresourcesOf(info: KindInfo): Subresource[] {
  const result: Subresource[] = [];
  if (withStatus.has(info.kind)) result.push({ name: 'status', kind: info.kind, verbs: ['get', 'patch', 'update'] });
  if (withScale.has(info.kind))
    result.push({
      name: 'scale',
      kind: 'Scale',
      group: 'autoscaling',
      version: 'v1',
      verbs: ['get', 'patch', 'update'],
    });
  if (info.kind === 'Pod') {
    result.push(
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
    );
  }
  return result;
}

function resourceOf(info: KindInfo): Resource {
  const slash = info.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : info.apiVersion.slice(0, slash);
  const version = slash < 0 ? info.apiVersion : info.apiVersion.slice(slash + 1);
  return {
    info,
    group,
    version,
    groupVersion: info.apiVersion,
    plural: info.plural,
    singular: info.singular,
    kind: info.kind,
    namespaced: info.namespaced,
    shortNames: info.shortNames,
    categories: allCategory.has(info.kind) ? ['all'] : [],
    // A Namespace is deleted one by one (kube-apiserver serves no deletecollection for it).
    verbs: info.kind === 'Namespace' ? allVerbs.filter((verb) => verb !== 'deletecollection') : allVerbs,
    subresources: subresourcesOf(info),
  };
}

export const resources: readonly Resource[] = kinds.map(resourceOf);

/** The API groups in the order discovery lists them (core first, as kube-apiserver does). */
export interface GroupVersion {
  readonly group: string;
  readonly version: string;
  readonly groupVersion: string;
  readonly resources: readonly Resource[];
}

export const groupVersions: readonly GroupVersion[] = (() => {
  const byGroupVersion = new Map<string, Resource[]>();
  for (const resource of resources) {
    const list = byGroupVersion.get(resource.groupVersion) ?? [];
    list.push(resource);
    byGroupVersion.set(resource.groupVersion, list);
  }
  return [...byGroupVersion.entries()].map(([groupVersion, list]) => ({
    group: list[0]?.group ?? '',
    version: list[0]?.version ?? '',
    groupVersion,
    resources: list,
  }));
})();

const byPath = new Map<string, Resource>(
  resources.map((resource) => [`${resource.groupVersion}/${resource.plural}`, resource]),
);
const byKind = new Map<string, Resource>(resources.map((resource) => [resource.kind, resource]));

/** The resource at `/apis/{group}/{version}/{plural}` (group "" for `/api/v1`), or undefined. */
export function resourceAt(group: string, version: string, plural: string): Resource | undefined {
  return byPath.get(`${group === '' ? '' : `${group}/`}${version}/${plural}`);
}

export function resourceOfKind(kind: string): Resource | undefined {
  return byKind.get(kind);
}
