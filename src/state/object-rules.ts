/**
 * The pure rules of writing an object (Kubernetes semantics): what create,
 * update, updateStatus and delete make of the stored and the given object.
 * No I/O here; the revision and the time come in as values.
 */
import type { ObjectKey } from './commands.js';
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from './json.js';
import { assert } from './state-error.js';

export function metadataOf(object: JsonObject): JsonObject {
  const metadata = object['metadata'];
  assert(isJsonObject(metadata), 'a stored or validated object has metadata');
  return metadata;
}

export function keyOf(object: JsonObject): ObjectKey {
  const metadata = metadataOf(object);
  const kind = object['kind'];
  const name = metadata['name'];
  const namespace = metadata['namespace'];
  assert(typeof kind === 'string' && typeof name === 'string', 'a validated object has a kind and a name');
  return { kind, namespace: typeof namespace === 'string' ? namespace : '', name };
}

export function sameKey(left: ObjectKey, right: ObjectKey): boolean {
  return left.kind === right.kind && left.namespace === right.namespace && left.name === right.name;
}

export function describeKey(key: ObjectKey): string {
  return key.namespace === '' ? `${key.kind} ${key.name}` : `${key.kind} ${key.namespace}/${key.name}`;
}

export function labelsOf(object: JsonObject): Record<string, string> {
  const labels = metadataOf(object)['labels'];
  const result: Record<string, string> = {};
  if (!isJsonObject(labels)) return result;
  for (const [name, value] of Object.entries(labels)) if (typeof value === 'string') result[name] = value;
  return result;
}

export function finalizersOf(object: JsonObject): string[] {
  const finalizers = metadataOf(object)['finalizers'];
  return Array.isArray(finalizers) ? finalizers.filter((item): item is string => typeof item === 'string') : [];
}

function nestedString(object: JsonObject, field: string, inner: string): string | null {
  const outer = object[field];
  const value = isJsonObject(outer) ? outer[inner] : undefined;
  return typeof value === 'string' ? value : null;
}

export function nodeNameOf(object: JsonObject): string | null {
  return nestedString(object, 'spec', 'nodeName');
}

export function phaseOf(object: JsonObject): string | null {
  return nestedString(object, 'status', 'phase');
}

/** The fields a field selector may name, as Kubernetes spells them. */
export function selectableFields(object: JsonObject): Record<string, string> {
  const key = keyOf(object);
  const fields: Record<string, string> = { 'metadata.name': key.name, 'metadata.namespace': key.namespace };
  const nodeName = nodeNameOf(object);
  const phase = phaseOf(object);
  if (nodeName !== null) fields['spec.nodeName'] = nodeName;
  if (phase !== null) fields['status.phase'] = phase;
  // A Secret's type (an Event's too): the node authorizer lets workers list Secrets only with type=kubernetes.io/tls.
  if (typeof object['type'] === 'string') fields['type'] = object['type'];
  return fields;
}

export function resourceVersionOf(object: JsonObject): string {
  const value = metadataOf(object)['resourceVersion'];
  assert(typeof value === 'string', 'a stored object has a resourceVersion');
  return value;
}

export function generationOf(object: JsonObject): number {
  const value = metadataOf(object)['generation'];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 1;
}

function withMetadata(object: JsonObject, changes: Record<string, JsonValue | undefined>): JsonObject {
  const metadata: JsonObject = { ...metadataOf(object) };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) delete metadata[field];
    else metadata[field] = value;
  }
  return { ...object, metadata };
}

/**
 * What users want, for the generation counter: `spec` when the kind has one;
 * otherwise every top-level field but metadata and status (ConfigMap data, ...).
 */
function desiredState(object: JsonObject, useSpec: boolean): JsonValue | undefined {
  if (useSpec) return object['spec'];
  const rest: JsonObject = { ...object };
  delete rest['metadata'];
  delete rest['status'];
  return rest;
}

export function desiredStateChanged(before: JsonObject, after: JsonObject): boolean {
  const useSpec = 'spec' in before || 'spec' in after;
  return !jsonEqual(desiredState(before, useSpec), desiredState(after, useSpec));
}

/** A new object at `revision`: generation 1; a deletionTimestamp cannot be created. */
export function createdObject(given: JsonObject, revision: number): JsonObject {
  const namespace = metadataOf(given)['namespace'];
  return withMetadata(given, {
    namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
    resourceVersion: String(revision),
    generation: 1,
    deletionTimestamp: undefined,
    deletionGracePeriodSeconds: undefined,
  });
}

/**
 * Update: spec and metadata from the given object; status, identity and the
 * deletion marks from the stored one (they change only through their own calls).
 */
export function updatedObject(stored: JsonObject, given: JsonObject, revision: number): JsonObject {
  const storedMetadata = metadataOf(stored);
  const candidate: JsonObject = { ...given };
  if ('status' in stored) candidate['status'] = stored['status'] ?? null;
  else delete candidate['status'];
  const generation = generationOf(stored) + (desiredStateChanged(stored, candidate) ? 1 : 0);
  return withMetadata(candidate, {
    namespace: storedMetadata['namespace'],
    uid: storedMetadata['uid'],
    creationTimestamp: storedMetadata['creationTimestamp'],
    deletionTimestamp: storedMetadata['deletionTimestamp'],
    deletionGracePeriodSeconds: storedMetadata['deletionGracePeriodSeconds'],
    resourceVersion: String(revision),
    generation,
  });
}

/** updateStatus: everything from the stored object except status. */
export function statusUpdatedObject(stored: JsonObject, given: JsonObject, revision: number): JsonObject {
  const candidate: JsonObject = { ...stored };
  if ('status' in given) candidate['status'] = given['status'] ?? null;
  else delete candidate['status'];
  return withMetadata(candidate, { resourceVersion: String(revision) });
}

/**
 * Delete with finalizers pending: mark and keep. Generation moves too, as in
 * Kubernetes, so controllers that watch generation notice the deletion.
 */
export function markedForDeletionObject(stored: JsonObject, now: string, revision: number): JsonObject {
  const metadata = metadataOf(stored);
  return withMetadata(stored, {
    deletionTimestamp: now,
    deletionGracePeriodSeconds: metadata['deletionGracePeriodSeconds'] ?? 0,
    resourceVersion: String(revision),
    generation: generationOf(stored) + 1,
  });
}

/** A pod bound to a node: its worker must stop the containers before it goes. */
export function isBoundPod(key: { readonly kind: string }, stored: JsonObject): boolean {
  const spec = stored['spec'];
  return key.kind === 'Pod' && isJsonObject(spec) && typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '';
}

/**
 * Graceful deletion of a bound pod, as in Kubernetes: deletionTimestamp is the
 * time by which it should be gone (now + grace). A second delete may only
 * shorten the grace; undefined when it changes nothing.
 */
export function gracefullyMarkedObject(
  stored: JsonObject,
  now: string,
  graceSeconds: number,
  revision: number,
): JsonObject | undefined {
  const metadata = metadataOf(stored);
  const deadline = new Date(Date.parse(now) + graceSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const current = metadata['deletionTimestamp'];
  if (typeof current === 'string' && Date.parse(current) <= Date.parse(deadline)) return undefined;
  return withMetadata(stored, {
    deletionTimestamp: deadline,
    deletionGracePeriodSeconds: graceSeconds,
    resourceVersion: String(revision),
    generation: generationOf(stored) + (typeof current === 'string' ? 0 : 1),
  });
}

export function isMarkedForDeletion(object: JsonObject): boolean {
  return typeof metadataOf(object)['deletionTimestamp'] === 'string';
}

/** The last state of a deleted object as a watch reports it: at the deletion's revision. */
export function deletedImage(stored: JsonObject, revision: number): JsonObject {
  return withMetadata(stored, { resourceVersion: String(revision) });
}
