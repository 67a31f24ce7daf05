// Limits of the object model, in one place (Kubernetes' values where it has one).

/** An encoded object larger than this is refused (etcd's request limit in Kubernetes). */
export const objectBytesMax = 1.5 * 1024 * 1024;
/** The total size of an object's annotation keys and values. */
export const annotationsBytesMax = 256 * 1024;
/** A manifest file or request body larger than this is refused before it is parsed. */
export const manifestBytesMax = 16 * 1024 * 1024;
/** Documents plus List items in one manifest. */
export const manifestObjectsMax = 10_000;
/** The encoded size of an object: its compact JSON in UTF-8. */
export function encodedBytes(json: unknown): number {
  return Buffer.byteLength(JSON.stringify(json), 'utf8');
}
/** Rules in one Role or ClusterRole. */
export const roleRulesMax = 1000;
/** Subjects in one RoleBinding or ClusterRoleBinding. */
export const bindingSubjectsMax = 1000;
/** Entries in one list of a policy rule (verbs, apiGroups, resources, resourceNames, nonResourceURLs). */
export const ruleEntriesMax = 100;
