/**
 * The discovery documents kubectl reads before anything else: `/api`,
 * `/apis`, `/api/v1`, `/apis/{group}/{version}` (the legacy shape) and the
 * aggregated `apidiscovery.k8s.io/v2` lists kubectl ≥ 1.26 asks for first.
 * Computed once from the resource registry.
 */
import { groupVersions, type GroupVersion, type Resource } from './resources.js';
import { reviewGroups } from './reviews.js';
import type { Json } from './status.js';

function apiResource(resource: Resource): Json[] {
  const main: Json = {
    name: resource.plural,
    singularName: resource.singular,
    namespaced: resource.namespaced,
    kind: resource.kind,
    verbs: [...resource.verbs],
    ...(resource.shortNames.length === 0 ? {} : { shortNames: [...resource.shortNames] }),
    ...(resource.categories.length === 0 ? {} : { categories: [...resource.categories] }),
    storageVersionHash: storageVersionHash(resource),
  };
  const subresources = resource.subresources.map((subresource) => ({
    name: `${resource.plural}/${subresource.name}`,
    singularName: '',
    namespaced: resource.namespaced,
    ...(subresource.group === undefined ? {} : { group: subresource.group, version: subresource.version }),
    kind: subresource.kind,
    verbs: [...subresource.verbs],
  }));
  return [main, ...subresources];
}

/** A short stable hash, as kube-apiserver gives each resource (clients use it to notice storage changes). */
function storageVersionHash(resource: Resource): string {
  let hash = 2166136261;
  for (const char of `${resource.groupVersion}/${resource.kind}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return Buffer.from(Uint32Array.of(hash >>> 0).buffer)
    .toString('base64')
    .slice(0, 11);
}

export function resourceList(groupVersion: GroupVersion): Json {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion.groupVersion,
    resources: groupVersion.resources.flatMap(apiResource),
  };
}

export function coreVersions(serverAddress: string): Json {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(groupVersion: GroupVersion): Json {
  const version = { groupVersion: groupVersion.groupVersion, version: groupVersion.version };
  return { name: groupVersion.group, versions: [version], preferredVersion: version };
}

const namedGroups = (): GroupVersion[] => groupVersions.filter((entry) => entry.group !== '');

function reviewGroup(entry: (typeof reviewGroups)[number]): Json {
  const version = { groupVersion: `${entry.group}/${entry.version}`, version: entry.version };
  return { name: entry.group, versions: [version], preferredVersion: version };
}

export function groupList(): Json {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...namedGroups().map(apiGroup), ...reviewGroups.map(reviewGroup)],
  };
}

export function group(name: string): Json | undefined {
  const found = namedGroups().find((entry) => entry.group === name);
  if (found !== undefined) return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(found) };
  const review = reviewGroups.find((entry) => entry.group === name);
  return review === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...reviewGroup(review) };
}

/** The resource list of a review group (create only, nothing stored). */
export function reviewResourceList(group: string, version: string): Json | undefined {
  const found = reviewGroups.find((entry) => entry.group === group && entry.version === version);
  if (found === undefined) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${found.group}/${found.version}`,
    resources: [{ name: found.resource, singularName: '', namespaced: false, kind: found.kind, verbs: ['create'] }],
  };
}

export function findGroupVersion(group: string, version: string): GroupVersion | undefined {
  return groupVersions.find((entry) => entry.group === group && entry.version === version);
}

/** Aggregated discovery (apidiscovery.k8s.io/v2): every resource of every group in one document. */
export function aggregatedDiscovery(core: boolean, apiVersion: 'v2' | 'v2beta1'): Json {
  const entries = groupVersions.filter((entry) => (entry.group === '') === core);
  const reviews = core
    ? []
    : reviewGroups.map((entry) => ({
        metadata: { name: entry.group, creationTimestamp: null },
        versions: [
          {
            version: entry.version,
            freshness: 'Current',
            resources: [
              {
                resource: entry.resource,
                responseKind: { group: entry.group, version: entry.version, kind: entry.kind },
                scope: 'Cluster',
                singularResource: '',
                verbs: ['create'],
              },
            ],
          },
        ],
      }));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: [
      ...entries.map((entry) => ({
        metadata: { name: entry.group, creationTimestamp: null },
        versions: [
          {
            version: entry.version,
            freshness: 'Current',
            resources: entry.resources.map((resource) => ({
              resource: resource.plural,
              responseKind: { group: resource.group, version: resource.version, kind: resource.kind },
              scope: resource.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: resource.singular,
              verbs: [...resource.verbs],
              ...(resource.shortNames.length === 0 ? {} : { shortNames: [...resource.shortNames] }),
              ...(resource.categories.length === 0 ? {} : { categories: [...resource.categories] }),
              ...(resource.subresources.length === 0
                ? {}
                : {
                    subresources: resource.subresources.map((subresource) => ({
                      subresource: subresource.name,
                      responseKind: {
                        group: subresource.group ?? resource.group,
                        version: subresource.version ?? resource.version,
                        kind: subresource.kind,
                      },
                      verbs: [...subresource.verbs],
                    })),
                  }),
            })),
          },
        ],
      })),
      ...reviews,
    ],
  };
}
