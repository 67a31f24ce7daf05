/**
 * How Kubernetes merges each field, as its Go types declare it: the
 * `patchStrategy` / `patchMergeKey` struct tags that strategic merge patch
 * follows, and the `+listType` / `+listMapKey` / `+mapType` / `+structType`
 * markers that server-side apply follows (kubernetes/api core/v1, apps/v1,
 * batch/v1, networking/v1, rbac/v1; apimachinery meta/v1). Keyed by the orca.v1
 * message name and the Kubernetes field name. Orca's kinds share one
 * `Condition` message where Kubernetes has one type per kind, which is why the
 * key is the field of the parent message and not the item type.
 *
 * A field absent here has no strategy: a strategic merge patch replaces its
 * list, and server-side apply treats its list as atomic.
 */

export type PatchStrategy = 'merge' | 'retainKeys' | 'merge,retainKeys' | 'replace';

/** The strategic merge patch metadata of a field, as OpenAPI's x-kubernetes-patch-strategy / -merge-key. */
export interface PatchMeta {
  readonly strategy?: PatchStrategy;
  readonly mergeKey?: string;
}

/** How server-side apply treats a list: x-kubernetes-list-type and x-kubernetes-list-map-keys. */
export type ListType =
  { readonly type: 'atomic' } | { readonly type: 'set' } | { readonly type: 'map'; readonly keys: readonly string[] };

const merge = (mergeKey: string): PatchMeta => ({ strategy: 'merge', mergeKey });
const mergeByType = merge('type');

const patchMeta: ReadonlyMap<string, PatchMeta> = new Map<string, PatchMeta>([
  ['ObjectMeta.ownerReferences', merge('uid')],
  ['ObjectMeta.finalizers', { strategy: 'merge' }],
  ['NamespaceStatus.conditions', mergeByType],
  ['NodeSpec.podCIDRs', { strategy: 'merge' }],
  ['NodeStatus.conditions', mergeByType],
  ['NodeStatus.addresses', mergeByType],
  ['PodSpec.volumes', { strategy: 'merge,retainKeys', mergeKey: 'name' }],
  ['PodSpec.initContainers', merge('name')],
  ['PodSpec.containers', merge('name')],
  ['PodSpec.ephemeralContainers', merge('name')],
  ['PodSpec.imagePullSecrets', merge('name')],
  ['PodSpec.hostAliases', merge('ip')],
  ['PodSpec.topologySpreadConstraints', merge('topologyKey')],
  ['PodSpec.schedulingGates', merge('name')],
  ['PodSpec.resourceClaims', { strategy: 'merge,retainKeys', mergeKey: 'name' }],
  ['Container.ports', merge('containerPort')],
  ['Container.env', merge('name')],
  ['Container.volumeMounts', merge('mountPath')],
  ['Container.volumeDevices', merge('devicePath')],
  ['PodStatus.conditions', mergeByType],
  ['PodStatus.hostIPs', merge('ip')],
  ['PodStatus.podIPs', merge('ip')],
  ['ContainerStatus.volumeMounts', merge('mountPath')],
  ['ServiceSpec.ports', merge('port')],
  ['ServiceStatus.conditions', mergeByType],
  ['ServiceAccount.secrets', merge('name')],
  ['PersistentVolumeClaimStatus.conditions', mergeByType],
  ['ReplicaSetStatus.conditions', mergeByType],
  ['DeploymentSpec.strategy', { strategy: 'retainKeys' }],
  ['DeploymentStatus.conditions', mergeByType],
  ['StatefulSetStatus.conditions', mergeByType],
  ['DaemonSetStatus.conditions', mergeByType],
  ['JobStatus.conditions', mergeByType],
]);

const atomic: ListType = { type: 'atomic' };
const mapBy = (...keys: string[]): ListType => ({ type: 'map', keys });

/**
 * The list types that differ from what the patch metadata implies (a merge
 * list with a key is a map by that key, a merge list of scalars is a set,
 * every other list is atomic): lists keyed by more than the merge key, and
 * merge lists that server-side apply treats as atomic.
 */
const listTypes: ReadonlyMap<string, ListType> = new Map<string, ListType>([
  ['Container.ports', mapBy('containerPort', 'protocol')],
  ['ServiceSpec.ports', mapBy('port', 'protocol')],
  ['PodSpec.topologySpreadConstraints', mapBy('topologyKey', 'whenUnsatisfiable')],
  ['PodStatus.hostIPs', atomic],
  ['JobStatus.conditions', atomic],
]);

/** Defaults of list-map key fields: an item that omits one is keyed by the default, as the OpenAPI schema says. */
const keyDefaults: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['ContainerPort.protocol', 'TCP'],
  ['ServicePort.protocol', 'TCP'],
]);

/** Maps that server-side apply owns as one value (`+mapType=atomic`). */
const atomicMaps: ReadonlySet<string> = new Set(['PodSpec.nodeSelector', 'ServiceSpec.selector']);

/** Structs that server-side apply owns as one value (`+structType=atomic` on the type). */
const atomicStructs: ReadonlySet<string> = new Set([
  'ObjectFieldSelector',
  'ResourceFieldSelector',
  'ConfigMapKeySelector',
  'SecretKeySelector',
  'NodeSelector',
  'NodeSelectorTerm',
  'EndpointAddress',
  'EndpointPort',
  'ObjectReference',
  'LocalObjectReference',
  'OwnerReference',
  'LabelSelector',
  'ServiceBackendPort',
  'Subject',
  'RoleRef',
]);

/** Fields whose struct is granular although its type is atomic (`+structType=granular` on the field). */
const granularFields: ReadonlySet<string> = new Set(['PersistentVolumeSpec.claimRef']);

/**
 * The strategic merge patch metadata of one field, for x-kubernetes-patch-strategy
 * and x-kubernetes-patch-merge-key in OpenAPI; undefined when the field has none.
 * `messageName` is the orca.v1 message (`PodSpec`), `fieldName` the Kubernetes name (`containers`).
 */
export function patchMetaFor(messageName: string, fieldName: string): PatchMeta | undefined {
  return patchMeta.get(`${messageName}.${fieldName}`);
}

/** How server-side apply treats a list field, for x-kubernetes-list-type and x-kubernetes-list-map-keys. */
export function listTypeFor(messageName: string, fieldName: string): ListType {
  const key = `${messageName}.${fieldName}`;
  const declared = listTypes.get(key);
  if (declared !== undefined) return declared;
  const meta = patchMeta.get(key);
  if (meta?.strategy?.startsWith('merge') !== true) return atomic;
  return meta.mergeKey === undefined ? { type: 'set' } : mapBy(meta.mergeKey);
}

/** Whether server-side apply owns a map field as one value (x-kubernetes-map-type: atomic). */
export function isAtomicMap(messageName: string, fieldName: string): boolean {
  return atomicMaps.has(`${messageName}.${fieldName}`);
}

/** Whether server-side apply owns the struct in this field as one value (x-kubernetes-map-type: atomic on the struct). */
export function isAtomicStruct(structMessageName: string, parentMessageName?: string, fieldName?: string): boolean {
  if (parentMessageName !== undefined && granularFields.has(`${parentMessageName}.${fieldName ?? ''}`)) return false;
  return atomicStructs.has(structMessageName);
}

/** The default of a list-map key field, when its item omits it. */
export function keyDefaultFor(messageName: string, fieldName: string): unknown {
  return keyDefaults.get(`${messageName}.${fieldName}`);
}

/** Every `Message.field` the tables above name, so that a test can check each against the protos. */
export function describedFields(): string[] {
  return [
    ...new Set([...patchMeta.keys(), ...listTypes.keys(), ...keyDefaults.keys(), ...atomicMaps, ...granularFields]),
  ];
}

/** Every struct the tables above make atomic. */
export function atomicStructNames(): string[] {
  return [...atomicStructs];
}
