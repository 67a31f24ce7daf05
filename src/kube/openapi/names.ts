/**
 * Definition names as Kubernetes spells them (`io.k8s.api.core.v1.PodSpec`), so
 * that kubectl prints the types it always printed (`<[]Container>`) and tools
 * that key on the names find them. An orca.v1 message belongs to the group of the
 * kinds that use it: one group's own messages go under that group, messages
 * shared across groups (PodTemplateSpec, PersistentVolumeClaimSpec) under core,
 * as Kubernetes declares them; the metadata messages are apimachinery's.
 */
import { kinds, type KindInfo } from '../../api/index.js';
import { messageSchema } from '../../api/schema.js';
import { assert } from './assert.js';
import { protoComments } from './proto-comments.js';

export interface GroupVersion {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
}

export interface Gvk extends GroupVersion {
  readonly kind: string;
}

export const metaPackage = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const quantityName = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const intOrStringName = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const timeName = `${metaPackage}.Time`;
export const microTimeName = `${metaPackage}.MicroTime`;
export const rawExtensionName = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

/** The file whose messages are apimachinery's meta/v1 types. */
const metaFile = 'orca/v1/meta.proto';
/** Declared in meta.proto for sharing, but core/v1 types in Kubernetes. */
const coreTypesInMetaFile: ReadonlySet<string> = new Set(['ObjectReference', 'LocalObjectReference']);
/** Messages that are not object types of their own: each field that holds one names it (see `conditionName`). */
export const inlineMessages: ReadonlySet<string> = new Set(['IntOrString', 'Condition']);

export function groupVersionOf(info: KindInfo): GroupVersion {
  const slash = info.apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: info.apiVersion };
  return { group: info.apiVersion.slice(0, slash), version: info.apiVersion.slice(slash + 1) };
}

export function gvkOf(info: KindInfo): Gvk {
  return { ...groupVersionOf(info), kind: info.kind };
}

/** `io.k8s.api.apps.v1`: the first label of the group names the package (rbac.authorization.k8s.io → rbac). */
export function apiPackage(groupVersion: GroupVersion): string {
  const label = groupVersion.group === '' ? 'core' : (groupVersion.group.split('.')[0] ?? groupVersion.group);
  return `io.k8s.api.${label}.${groupVersion.version}`;
}

/** `api/v1`, `apis/apps/v1`: the OpenAPI v3 path of a group version (and the prefix of its REST paths). */
export function groupVersionPath(groupVersion: GroupVersion): string {
  return groupVersion.group === ''
    ? `api/${groupVersion.version}`
    : `apis/${groupVersion.group}/${groupVersion.version}`;
}

const core: GroupVersion = { group: '', version: 'v1' };
let groups: ReadonlyMap<string, GroupVersion> | undefined;

/** The group version each orca.v1 message reachable from a kind belongs to (meta.proto's own excepted). */
function messageGroups(): ReadonlyMap<string, GroupVersion> {
  if (groups !== undefined) return groups;
  const users = new Map<string, GroupVersion[]>();
  for (const info of kinds) {
    const groupVersion = groupVersionOf(info);
    const seen = new Set<string>();
    const visit = (message: string): void => {
      if (seen.has(message) || inlineMessages.has(message)) return;
      seen.add(message);
      const list = users.get(message) ?? [];
      if (!list.some((entry) => entry.group === groupVersion.group)) list.push(groupVersion);
      users.set(message, list);
      for (const field of messageSchema(message).fields) if (field.message !== undefined) visit(field.message);
    };
    visit(info.messageName);
  }
  const result = new Map<string, GroupVersion>();
  for (const [message, list] of users) {
    const own = kinds.find((info) => info.messageName === message);
    const first = list[0];
    assert(first !== undefined, `message ${message} has no user`);
    result.set(message, own !== undefined ? groupVersionOf(own) : list.length === 1 ? first : core);
  }
  groups = result;
  return result;
}

/** The definition name of an orca.v1 message (not of IntOrString or Condition, which fields name). */
export function definitionName(message: string): string {
  assert(!inlineMessages.has(message), `${message} is named by the field that holds it`);
  const file = protoComments().get(message)?.file;
  if (file === metaFile && !coreTypesInMetaFile.has(message)) return `${metaPackage}.${message}`;
  if (coreTypesInMetaFile.has(message)) return `${apiPackage(core)}.${message}`;
  const groupVersion = messageGroups().get(message);
  assert(groupVersion !== undefined, `message ${message} is used by no kind`);
  return `${apiPackage(groupVersion)}.${message}`;
}

/** The List kind's definition of a kind: `io.k8s.api.core.v1.PodList`. */
export function listDefinitionName(info: KindInfo): string {
  return `${apiPackage(groupVersionOf(info))}.${info.kind}List`;
}

/**
 * orca.v1 has one Condition message, the union of the shapes of Kubernetes'
 * per-kind conditions; each status names it as Kubernetes does (PodStatus →
 * PodCondition), and a Service's conditions are meta/v1's own Condition.
 */
export function conditionName(ownerMessage: string): string {
  if (ownerMessage === 'ServiceStatus') return `${metaPackage}.Condition`;
  assert(ownerMessage.endsWith('Status'), `conditions outside a status: ${ownerMessage}`);
  const owner = definitionName(ownerMessage);
  return `${owner.slice(0, owner.lastIndexOf('.'))}.${ownerMessage.slice(0, -'Status'.length)}Condition`;
}

/** The short name kubectl shows for a definition: the part after the last dot. */
export function shortName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}
