/**
 * Runs one transaction command's operations, in order, against the tables. Each
 * operation sees the effects of the ones before it. On the first failure it
 * stops and says which operation failed and why; the caller rolls the whole
 * command back (a SAVEPOINT), so a transaction applies all-or-nothing.
 */
import type { ChangeEvent, ChangeType } from './change-event.js';
import type {
  CheckOperation,
  CreateOperation,
  DeleteOperation,
  NetworkRanges,
  ObjectKey,
  Operation,
  TransactionCommand,
  UpdateOperation,
  UpdateStatusOperation,
} from './commands.js';
import type { JsonObject } from './json.js';
import {
  createdObject,
  deletedImage,
  describeKey,
  finalizersOf,
  gracefullyMarkedObject,
  isBoundPod,
  isMarkedForDeletion,
  keyOf,
  markedForDeletionObject,
  metadataOf,
  resourceVersionOf,
  statusUpdatedObject,
  updatedObject,
} from './object-rules.js';
import { checkIngress } from './ingress-checks.js';
import { checkBindingFits, isBinding, trackPodUsage } from './node-usage.js';
import { allocateServiceValues, defaultNetworkRanges } from './service-allocation.js';
import { isStateError, StateError, type StateErrorCode } from './state-error.js';
import type { StateTables } from './state-tables.js';
import { checkUpdateAllowed } from './update-checks.js';

export interface OperationResult {
  readonly op: Operation['op'];
  /** The object as written (for a completed delete: its last state); null for check. */
  readonly object: JsonObject | null;
  /** True when the object is gone (a delete without finalizers, or the last finalizer removed). */
  readonly deleted: boolean;
}

export type TransactionOutcome =
  | { readonly ok: true; readonly results: OperationResult[]; readonly changes: ChangeEvent[] }
  | { readonly ok: false; readonly operationIndex: number; readonly code: StateErrorCode; readonly message: string };

class TransactionContext {
  readonly changes: ChangeEvent[] = [];

  constructor(
    readonly tables: StateTables,
    readonly revision: number,
    readonly now: string,
    readonly network: NetworkRanges,
  ) {}

  /** A Service gets its ClusterIP and NodePorts here, in the same transaction that writes it. */
  allocated(given: JsonObject, stored: JsonObject | null): JsonObject {
    const kind = keyOf(given).kind;
    if (kind === 'Ingress') checkIngress(this.tables, given);
    return kind === 'Service' ? allocateServiceValues(this.tables, given, stored, this.network) : given;
  }

  record(type: ChangeType, object: JsonObject, previous: JsonObject | null): void {
    const key = keyOf(object);
    this.changes.push({ type, revision: this.revision, sequence: this.changes.length, ...key, object, previous });
  }

  write(object: JsonObject, previous: JsonObject | null): void {
    this.tables.put(object, this.revision);
    if (keyOf(object).kind === 'Pod') {
      trackPodUsage(this.tables, previous, object);
      if (previous !== null && isBinding(previous, object)) checkBindingFits(this.tables, object);
    }
    this.record(previous === null ? 'ADDED' : 'MODIFIED', object, previous);
  }

  /** Remove `stored`; the watch sees `lastState` (the stored object, or the update that completed the deletion). */
  remove(stored: JsonObject, lastState: JsonObject = stored): JsonObject {
    const last = deletedImage(lastState, this.revision);
    const key = keyOf(stored);
    this.tables.remove(key);
    if (key.kind === 'Service') this.tables.releaseAllocations(key.namespace, key.name);
    if (key.kind === 'Pod') trackPodUsage(this.tables, stored, null);
    this.record('DELETED', last, stored);
    return last;
  }
}

export function runTransaction(tables: StateTables, command: TransactionCommand, revision: number): TransactionOutcome {
  const context = new TransactionContext(tables, revision, command.now, command.network ?? defaultNetworkRanges);
  const results: OperationResult[] = [];
  for (const [operationIndex, operation] of command.operations.entries()) {
    try {
      results.push(runOperation(context, operation));
    } catch (error: unknown) {
      if (!isStateError(error)) throw error;
      return { ok: false, operationIndex, code: error.code, message: error.message };
    }
  }
  return { ok: true, results, changes: context.changes };
}

function runOperation(context: TransactionContext, operation: Operation): OperationResult {
  switch (operation.op) {
    case 'create':
      return create(context, operation);
    case 'update':
      return update(context, operation);
    case 'updateStatus':
      return updateStatus(context, operation);
    case 'delete':
      return remove(context, operation);
    case 'check':
      return check(context, operation);
  }
}

function create(context: TransactionContext, operation: CreateOperation): OperationResult {
  const key = keyOf(operation.object);
  if (context.tables.get(key) !== undefined)
    throw new StateError('already-exists', `${describeKey(key)} already exists`);
  // Kubernetes' NamespaceLifecycle: a namespace being emptied takes nothing new, or its deletion would never end.
  const namespace =
    key.namespace === '' ? undefined : context.tables.get({ kind: 'Namespace', namespace: '', name: key.namespace });
  if (namespace !== undefined && isMarkedForDeletion(namespace)) {
    throw new StateError(
      'precondition-failed',
      `unable to create new content in namespace ${key.namespace} because it is being terminated`,
    );
  }
  const object = createdObject(context.allocated(operation.object, null), context.revision);
  context.write(object, null);
  return { op: 'create', object, deleted: false };
}

function storedFor(
  context: TransactionContext,
  key: ObjectKey,
  expectedResourceVersion: string | undefined,
): JsonObject {
  const stored = context.tables.get(key);
  if (stored === undefined) throw new StateError('not-found', `${describeKey(key)} not found`);
  const current = resourceVersionOf(stored);
  if (expectedResourceVersion !== undefined && expectedResourceVersion !== current) {
    throw new StateError(
      'conflict',
      `${describeKey(key)} is at resourceVersion ${current}, not ${expectedResourceVersion}: read it again and retry`,
    );
  }
  return stored;
}

function checkUid(key: ObjectKey, stored: JsonObject, given: JsonObject): void {
  const uid = metadataOf(given)['uid'];
  const storedUid = metadataOf(stored)['uid'];
  if (uid !== undefined && uid !== null && uid !== '' && uid !== storedUid) {
    throw new StateError('precondition-failed', `${describeKey(key)} has uid ${String(storedUid)}, not ${String(uid)}`);
  }
}

function update(context: TransactionContext, operation: UpdateOperation): OperationResult {
  const key = keyOf(operation.object);
  const stored = storedFor(context, key, operation.expectedResourceVersion);
  checkUid(key, stored, operation.object);
  checkUpdateAllowed(stored, operation.object);
  const object = updatedObject(stored, context.allocated(operation.object, stored), context.revision);
  // The last finalizer gone from an object marked for deletion: the deletion completes.
  if (isMarkedForDeletion(object) && finalizersOf(object).length === 0) {
    return { op: 'update', object: context.remove(stored, object), deleted: true };
  }
  context.write(object, stored);
  return { op: 'update', object, deleted: false };
}

function updateStatus(context: TransactionContext, operation: UpdateStatusOperation): OperationResult {
  const key = keyOf(operation.object);
  const stored = storedFor(context, key, operation.expectedResourceVersion);
  checkUid(key, stored, operation.object);
  const object = statusUpdatedObject(stored, operation.object, context.revision);
  context.write(object, stored);
  return { op: 'updateStatus', object, deleted: false };
}

function remove(context: TransactionContext, operation: DeleteOperation): OperationResult {
  const stored = storedFor(context, operation.key, operation.expectedResourceVersion);
  const uid = metadataOf(stored)['uid'];
  if (operation.expectedUid !== undefined && operation.expectedUid !== uid) {
    throw new StateError(
      'precondition-failed',
      `${describeKey(operation.key)} has uid ${String(uid)}, not ${operation.expectedUid}`,
    );
  }
  if ((operation.gracePeriodSeconds ?? 0) > 0 && isBoundPod(operation.key, stored)) {
    const marked = gracefullyMarkedObject(stored, context.now, operation.gracePeriodSeconds ?? 0, context.revision);
    if (marked === undefined) return { op: 'delete', object: stored, deleted: false };
    context.write(marked, stored);
    return { op: 'delete', object: marked, deleted: false };
  }
  if (finalizersOf(stored).length === 0) return { op: 'delete', object: context.remove(stored), deleted: true };
  // Already marked: deleting again changes nothing (and writes nothing), as in Kubernetes.
  if (isMarkedForDeletion(stored)) return { op: 'delete', object: stored, deleted: false };
  const object = markedForDeletionObject(stored, context.now, context.revision);
  context.write(object, stored);
  return { op: 'delete', object, deleted: false };
}

/** Read-set validation: any difference means the reader's view is stale, so every failure is a conflict. */
function check(context: TransactionContext, operation: CheckOperation): OperationResult {
  const stored = context.tables.get(operation.key);
  const found = stored === undefined ? null : resourceVersionOf(stored);
  if (found !== operation.resourceVersion) {
    const expected = operation.resourceVersion === null ? 'absent' : `at resourceVersion ${operation.resourceVersion}`;
    const actual = found === null ? 'absent' : `at resourceVersion ${found}`;
    throw new StateError('conflict', `${describeKey(operation.key)} was expected ${expected} but is ${actual}`);
  }
  return { op: 'check', object: null, deleted: false };
}
