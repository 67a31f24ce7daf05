/**
 * Turning API write requests into state operations. Everything that would differ
 * between replicas — uid, creationTimestamp, a generated name's suffix — is
 * decided here, on the leader, before proposing, so every replica applies the
 * same bytes (STYLE.md rule 3). Objects are defaulted and validated with
 * src/api first; a Secret's data is sealed last.
 */
import { assertValid, defaultObject, kindInfo, type OrcaObject } from '../api/index.js';
import type {
  CheckOperation,
  CreateOperation,
  DeleteOperation,
  JsonObject,
  ObjectKey,
  UpdateOperation,
  UpdateStatusOperation,
} from '../state/index.js';
import { MasterError } from './master-error.js';
import type { ObjectDeletion } from './object-request.js';

/** Decisions the leader makes for a write; injected so tests can fix them. */
export interface WriteDecisions {
  /** RFC 3339, the write's time. */
  readonly now: string;
  newUid(): string;
  /** A random suffix for metadata.generateName. */
  nameSuffix(): string;
  /** Seals a Secret's values (identity for other kinds). */
  seal(object: JsonObject): JsonObject;
}

export const defaultNamespace = 'default';
/** Kubernetes' name for the finalizer that holds a Namespace until everything in it is deleted. */
export const namespaceFinalizer = 'kubernetes';

const resourceVersionPattern = /^[1-9]\d{0,15}$/;

/** A compare-and-swap precondition, checked before proposing so a typo is INVALID_ARGUMENT, not a rejected entry. */
function expectedVersion(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!resourceVersionPattern.test(value))
    throw new MasterError('invalid-argument', `${field}: "${value}" is not a resourceVersion`);
  return value;
}

function asJson(object: OrcaObject): JsonObject {
  return object as unknown as JsonObject;
}

/** Scope the object: namespaced kinds default to "default", cluster-scoped ones have none. */
function scoped(object: OrcaObject): OrcaObject {
  const info = kindInfo(object.kind);
  if (info === undefined) throw new MasterError('invalid-argument', `kind: unknown kind "${String(object.kind)}"`);
  const metadata = { ...object.metadata };
  if (info.namespaced)
    metadata.namespace =
      metadata.namespace === undefined || metadata.namespace === '' ? defaultNamespace : metadata.namespace;
  else delete metadata.namespace;
  return { ...object, metadata } as OrcaObject;
}

function withGeneratedName(object: OrcaObject, decisions: WriteDecisions): OrcaObject {
  const metadata = object.metadata ?? {};
  if ((metadata.name ?? '') !== '' || (metadata.generateName ?? '') === '') return object;
  return {
    ...object,
    metadata: { ...metadata, name: `${metadata.generateName ?? ''}${decisions.nameSuffix()}` },
  } as OrcaObject;
}

export function prepareCreate(given: OrcaObject, decisions: WriteDecisions): CreateOperation {
  const named = withGeneratedName(scoped(given), decisions);
  const metadata = { ...named.metadata, uid: decisions.newUid(), creationTimestamp: decisions.now };
  // A Namespace is emptied before it goes: the namespace controller removes this finalizer once nothing is left in it.
  if (named.kind === 'Namespace' && !(metadata.finalizers ?? []).includes(namespaceFinalizer))
    metadata.finalizers = [...(metadata.finalizers ?? []), namespaceFinalizer];
  delete metadata.resourceVersion;
  delete metadata.generation;
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  const object = assertValid(defaultObject({ ...named, metadata } as OrcaObject));
  return { op: 'create', object: decisions.seal(asJson(object)) };
}

export function prepareUpdate(given: OrcaObject, decisions: WriteDecisions): UpdateOperation {
  const object = assertValid(defaultObject(scoped(given)));
  const expected = expectedVersion(object.metadata?.resourceVersion, 'metadata.resourceVersion');
  const prepared = decisions.seal(asJson(object));
  return expected === undefined
    ? { op: 'update', object: prepared }
    : { op: 'update', object: prepared, expectedResourceVersion: expected };
}

export function prepareUpdateStatus(given: OrcaObject): UpdateStatusOperation {
  const object = scoped(given);
  if ((object.metadata?.name ?? '') === '') throw new MasterError('invalid-argument', 'metadata.name: required');
  const expected = expectedVersion(object.metadata?.resourceVersion, 'metadata.resourceVersion');
  const json = asJson(object);
  return expected === undefined
    ? { op: 'updateStatus', object: json }
    : { op: 'updateStatus', object: json, expectedResourceVersion: expected };
}

/** The stored key of an object named by kind, namespace and name (namespace defaulted by scope). */
export function objectKey(kind: string, namespace: string, name: string): ObjectKey {
  const info = kindInfo(kind);
  if (info === undefined) throw new MasterError('invalid-argument', `kind: unknown kind "${kind}"`);
  if (name === '') throw new MasterError('invalid-argument', 'name: required');
  return { kind, namespace: info.namespaced ? (namespace === '' ? defaultNamespace : namespace) : '', name };
}

export function prepareDelete(request: ObjectDeletion): DeleteOperation {
  const key = objectKey(request.kind, request.namespace, request.name);
  let operation: DeleteOperation = { op: 'delete', key };
  const expected = expectedVersion(request.resourceVersion, 'resourceVersion');
  if (expected !== undefined) operation = { ...operation, expectedResourceVersion: expected };
  if (request.uid !== undefined && request.uid !== '') operation = { ...operation, expectedUid: request.uid };
  return operation;
}

export function prepareCheck(key: ObjectKey, resourceVersion: string): CheckOperation {
  return { op: 'check', key, resourceVersion: expectedVersion(resourceVersion, 'check.resourceVersion') ?? null };
}
