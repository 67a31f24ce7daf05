/**
 * Server-side apply (application/apply-patch+yaml) and the field ownership
 * every other write records, as Kubernetes' field manager and
 * structured-merge-diff do it:
 *
 * - an apply merges the applied configuration into the live object and makes
 *   its manager the owner of exactly the fields the configuration sets;
 * - a field another manager owns, which the apply would change, is a conflict,
 *   unless forced (then the field changes hands);
 * - a field the manager applied before and omits now is removed, unless
 *   another manager still owns it;
 * - a non-apply write (create, update, patch) gives its manager the fields it
 *   changed, taking them from the managers that had them.
 *
 * Never owned: apiVersion, kind, metadata.name/namespace/uid/resourceVersion/
 * generation/creationTimestamp/managedFields, and status (the main resource
 * never writes status).
 */
import { PatchError } from './errors.js';
import { FieldSet, pathString, type Path } from './field-set.js';
import { canonicalJson, checkPatchValue, clone, deepEqual, isObject, type Json } from './json.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  describeManager,
  encodeManagedFields,
  isResetManagedFields,
  managedFieldsTime,
  managerIdentity,
  type ManagerFields,
  type Managers,
} from './managed-fields.js';
import { objectType, type ValueType } from './schema.js';
import {
  checkAppliedValue,
  compareValues,
  mergeValues,
  removeFields,
  toFieldSet,
  withNamedFieldsAsMembers,
  withoutNulls,
  type Comparison,
} from './typed.js';

export interface ApplyOptions {
  /** The field manager (`kubectl` for kubectl apply --server-side). */
  readonly manager: string;
  /** Take the fields of other managers instead of failing with a conflict. */
  readonly force: boolean;
  readonly kind: string;
  /** The kind's apiVersion (`apps/v1`); the applied configuration must name the same. */
  readonly apiVersion: string;
  /** The time of the write, RFC 3339, recorded in managedFields. */
  readonly now: string;
}

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
const beforeFirstApplyManager = 'before-first-apply';
/** The identity of the write being recorded, before it is merged into its manager's entry; no real identity is like it. */
const currentOperation = '\u0000current-operation';

const field = (...names: string[]): Path => names.map((name) => ({ field: name }));
const neverOwned = FieldSet.fromPaths([
  field('apiVersion'),
  field('kind'),
  field('metadata'),
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((name) => field('metadata', name)),
]);
const statusFields = FieldSet.fromPaths([field('status')]);
/** Metadata the server sets, which an applied configuration does not merge into the object. */
const serverMetadata = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'selfLink', 'managedFields'];

function ownable(set: FieldSet): FieldSet {
  return set.difference(neverOwned).recursiveDifference(statusFields);
}

function withoutStatus(comparison: Comparison): Comparison {
  return {
    added: comparison.added.recursiveDifference(statusFields),
    removed: comparison.removed.recursiveDifference(statusFields),
    modified: comparison.modified.recursiveDifference(statusFields),
  };
}

function metadataOf(object: Json): Json {
  const metadata = object['metadata'];
  return isObject(metadata) ? metadata : {};
}

/** A copy of the object without metadata.managedFields: the value the field manager compares and merges. */
function withoutManagedFields(object: Json): Json {
  const copy = clone(object);
  const metadata = copy['metadata'];
  if (isObject(metadata)) delete metadata['managedFields'];
  return copy;
}

function withManagedFields(object: Json, managers: Managers): Json {
  const metadata = { ...metadataOf(object) };
  if (managers.size === 0) delete metadata['managedFields'];
  else metadata['managedFields'] = encodeManagedFields(managers);
  return { ...object, metadata };
}

interface Conflict {
  readonly entry: ManagerFields;
  readonly id: string;
  readonly fields: FieldSet;
}

/**
 * The other managers after a write from `before` to `after` by `self`: they
 * lose the fields the write removed, and (forced) the fields it changed that
 * they owned. Unforced, those fields are the returned conflicts.
 */
function reassign(managers: Managers, comparison: Comparison, self: string, force: boolean): Conflict[] {
  const changed = comparison.modified.union(comparison.added);
  const conflicts: Conflict[] = [];
  for (const [id, entry] of managers) {
    if (id === self) continue;
    const owned = entry.fields.intersection(changed);
    if (!owned.isEmpty()) conflicts.push({ entry, id, fields: owned });
  }
  if (!force && conflicts.length > 0) return conflicts;
  for (const [id, entry] of [...managers]) {
    if (id === self) continue;
    const taken = conflicts.find((conflict) => conflict.id === id)?.fields ?? new FieldSet();
    const fields = entry.fields.difference(taken).difference(comparison.removed);
    if (fields.isEmpty()) managers.delete(id);
    else managers.set(id, { ...entry, fields });
  }
  return [];
}

interface UpdateInput {
  readonly before: Json;
  readonly after: Json;
  readonly type: ValueType;
  readonly manager: string;
  readonly apiVersion: string;
  readonly time: string;
}

/** Records a non-apply write in `managers`: its manager owns what it changed. */
function recordUpdate(managers: Managers, input: UpdateInput): void {
  const comparison = withoutStatus(compareValues(input.before, input.after, input.type));
  reassign(managers, comparison, currentOperation, true);
  const changed = ownable(comparison.modified.union(comparison.added));
  if (changed.isEmpty()) return;
  const identity = { manager: input.manager, operation: 'Update' as const, apiVersion: input.apiVersion };
  const id = managerIdentity(identity);
  const previous = managers.get(id);
  managers.set(id, {
    ...identity,
    time: input.time,
    fields: previous === undefined ? changed : changed.union(previous.fields),
  });
}

/**
 * The managers of an update: the managedFields the request carries if it
 * carries valid ones (kubectl moves fields between managers that way), none if
 * it asks to reset them, else the live object's.
 */
function managersOfUpdate(before: Json | undefined, after: Json): Managers {
  const requested = metadataOf(after)['managedFields'];
  if (isResetManagedFields(requested)) return new Map();
  try {
    const managers = decodeManagedFields(requested);
    if (managers.size > 0) return managers;
  } catch {
    // an invalid list in the request falls back to the live object's, as in Kubernetes
  }
  try {
    return before === undefined ? new Map() : decodeManagedFields(metadataOf(before)['managedFields']);
  } catch {
    return new Map();
  }
}

/**
 * `after` with metadata.managedFields recording a non-apply write (create when
 * `before` is undefined, update or patch otherwise) by `manager`. An object
 * that exists without managedFields (created before tracking, or reset) stays
 * untracked until an apply, as in Kubernetes. Never throws: a write is never
 * refused for its bookkeeping.
 */
export function updateManagedFields(
  before: Json | undefined,
  after: Json,
  manager: string,
  now: string,
  apiVersion: string,
): Json {
  const kind = after['kind'] ?? before?.['kind'];
  const type = typeof kind === 'string' ? objectType(kind) : undefined;
  const managers = managersOfUpdate(before, after);
  const afterView = withoutManagedFields(after);
  if (type === undefined || (managers.size === 0 && before !== undefined)) return afterView;
  try {
    const time = managedFieldsTime(now);
    recordUpdate(managers, {
      before: before === undefined ? {} : withoutManagedFields(before),
      after: afterView,
      type,
      manager,
      apiVersion,
      time,
    });
    return withManagedFields(afterView, capUpdateManagers(managers));
  } catch {
    return withManagedFields(afterView, before === undefined ? new Map() : safeManagers(before));
  }
}

function safeManagers(object: Json): Managers {
  try {
    return decodeManagedFields(metadataOf(object)['managedFields']);
  } catch {
    return new Map();
  }
}

/**
 * Applies `applied` to `live` (undefined: the object does not exist yet) for
 * `options.manager`. Returns the object to store, with its managedFields; throws
 * a PatchError `conflict` listing each conflicting field and its manager, as
 * Kubernetes words it, or `invalid-patch` for a configuration it cannot apply.
 * The applied metadata.resourceVersion, if any, is a precondition for the
 * caller to check; the live one is kept.
 */
export function serverSideApply(live: Json | undefined, applied: Json, options: ApplyOptions): { object: Json } {
  const type = objectType(options.kind);
  if (type === undefined)
    throw new PatchError('unsupported', `server-side apply does not support kind ${options.kind}`);
  const config = appliedConfiguration(applied, options, type);
  const liveView = live === undefined ? {} : withoutManagedFields(live);
  const managers = live === undefined ? new Map<string, ManagerFields>() : liveManagers(live);
  const time = managedFieldsTime(options.now);
  if (managers.size === 0 && live !== undefined)
    recordUpdate(managers, {
      before: {},
      after: liveView,
      type,
      manager: beforeFirstApplyManager,
      apiVersion: options.apiVersion,
      time,
    });
  const attempt = { liveView, config, managers, type, options, time };
  let result = applyOnce(attempt, options.force);
  if ('conflicts' in result && options.manager === 'kubectl' && live !== undefined) {
    // moving from client-side apply: fields whose live value is still the last-applied one are kubectl's to take
    const allowed = allowedByLastApplied(liveView, type, options.apiVersion);
    if (allowed !== undefined) {
      const remaining = result.conflicts
        .map((conflict) => ({ ...conflict, fields: conflict.fields.difference(allowed) }))
        .filter((conflict) => !conflict.fields.isEmpty());
      result = remaining.length === 0 ? applyOnce(attempt, true) : { conflicts: remaining };
    }
  }
  if ('conflicts' in result) throw conflictError(result.conflicts);
  let object = result.object;
  if (options.manager === 'kubectl') object = withLastApplied(object, applied);
  return { object: withManagedFields(object, result.managers) };
}

function liveManagers(live: Json): Managers {
  try {
    return decodeManagedFields(metadataOf(live)['managedFields']);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PatchError('unprocessable', `failed to decode managed fields: ${message}`);
  }
}

/** The configuration as it merges: checked, without status and without the metadata the server owns. */
function appliedConfiguration(applied: Json, options: ApplyOptions, type: ValueType): Json {
  if (!isObject(applied)) throw new PatchError('invalid-patch', 'the applied configuration must be an object');
  checkPatchValue(applied, 'the applied configuration');
  if (applied['apiVersion'] !== options.apiVersion)
    throw new PatchError(
      'invalid-patch',
      `Incorrect version specified in apply patch. Specified patch version: ${String(applied['apiVersion'] ?? '')}, expected: ${options.apiVersion}`,
    );
  if (applied['kind'] !== options.kind)
    throw new PatchError(
      'invalid-patch',
      `the applied configuration is a ${String(applied['kind'] ?? '(no kind)')}, not a ${options.kind}`,
    );
  const metadata = metadataOf(applied);
  if (metadata['managedFields'] !== undefined && metadata['managedFields'] !== null)
    throw new PatchError('invalid-patch', 'metadata.managedFields must be nil');
  const config = clone(applied);
  delete config['status'];
  const configMetadata = config['metadata'];
  if (isObject(configMetadata)) for (const name of serverMetadata) delete configMetadata[name];
  try {
    checkAppliedValue(config, type);
  } catch (error: unknown) {
    if (!(error instanceof PatchError)) throw error;
    const name = `${String(metadata['namespace'] ?? '')}/${String(metadata['name'] ?? '')}`;
    throw new PatchError(
      'invalid-patch',
      `failed to create typed patch object (${name}; ${options.apiVersion}, Kind=${options.kind}): ${error.message}`,
    );
  }
  return config;
}

interface ApplyAttempt {
  readonly liveView: Json;
  readonly config: Json;
  readonly managers: Managers;
  readonly type: ValueType;
  readonly options: ApplyOptions;
  readonly time: string;
}

type ApplyResult = { readonly object: Json; readonly managers: Managers } | { readonly conflicts: Conflict[] };

/** One apply: merge, own, prune, then settle the other managers (structured-merge-diff's Updater.Apply). */
function applyOnce(attempt: ApplyAttempt, force: boolean): ApplyResult {
  const { liveView, config, type, options } = attempt;
  const managers: Managers = new Map(attempt.managers);
  const identity = { manager: options.manager, operation: 'Apply' as const, apiVersion: options.apiVersion };
  const id = managerIdentity(identity);
  const previous = managers.get(id);
  const merged = (mergeValues(liveView, config, type) ?? {}) as Json;
  const applying = toFieldSet(config, type).recursiveDifference(statusFields);
  managers.set(id, { ...identity, fields: applying });
  const pruned = prune(merged, managers, previous?.fields, type);
  const conflicts = reassign(managers, withoutStatus(compareValues(liveView, pruned, type)), id, force);
  if (conflicts.length > 0) return { conflicts };
  const owned = ownable(applying);
  const object = withoutNulls(clone(pruned)) as Json;
  const changed = !deepEqual(liveView, object);
  const time = changed ? attempt.time : previous?.time;
  if (owned.isEmpty()) managers.delete(id);
  else managers.set(id, { ...identity, ...(time !== undefined ? { time } : {}), fields: owned });
  return { object: changed ? object : liveView, managers };
}

/**
 * Removes what the manager applied last time and omits now, unless some
 * manager still owns it; what nobody ever owned (defaults, fields set by
 * updaters since) stays. Follows structured-merge-diff's prune step by step.
 */
function prune(merged: Json, managers: Managers, lastSet: FieldSet | undefined, type: ValueType): Json {
  if (lastSet === undefined || lastSet.isEmpty()) return merged;
  const named = (set: FieldSet) => withNamedFieldsAsMembers(set, type);
  const remove = (set: FieldSet) => (removeFields(merged, set, type) ?? {}) as Json;
  const last = named(lastSet);
  const mergedSet = named(toFieldSet(merged, type));
  let owned = new FieldSet();
  for (const entry of managers.values()) owned = owned.union(entry.fields);
  const firstCut = remove(last);
  const keptOrOwned = remove(mergedSet.difference(named(toFieldSet(firstCut, type)).union(named(owned))));
  return remove(mergedSet.difference(named(toFieldSet(keptOrOwned, type))).intersection(last));
}

/**
 * The fields client-side apply owned through the last-applied annotation
 * whose live value is still the applied one: kubectl's first server-side
 * apply may take them without a conflict.
 */
function allowedByLastApplied(liveView: Json, type: ValueType, apiVersion: string): FieldSet | undefined {
  const text = metadataOf(liveView)['annotations'];
  const lastApplied = isObject(text) ? text[lastAppliedAnnotation] : undefined;
  if (typeof lastApplied !== 'string' || lastApplied === '') return undefined;
  let object: unknown;
  try {
    object = JSON.parse(lastApplied);
  } catch {
    return undefined;
  }
  if (!isObject(object) || object['apiVersion'] !== apiVersion) return undefined;
  const comparison = compareValues(object, liveView, type);
  return toFieldSet(object, type)
    .difference(comparison.modified)
    .difference(comparison.added)
    .difference(comparison.removed);
}

/** kubectl's applies keep the client-side annotation (if the object has one) equal to what was applied. */
function withLastApplied(object: Json, applied: Json): Json {
  const annotations = metadataOf(object)['annotations'];
  if (
    !isObject(annotations) ||
    typeof annotations[lastAppliedAnnotation] !== 'string' ||
    annotations[lastAppliedAnnotation] === ''
  )
    return object;
  const recorded = clone(applied);
  const recordedMetadata = recorded['metadata'];
  if (isObject(recordedMetadata) && isObject(recordedMetadata['annotations'])) {
    delete recordedMetadata['annotations'][lastAppliedAnnotation];
    if (Object.keys(recordedMetadata['annotations']).length === 0) delete recordedMetadata['annotations'];
  }
  const metadata = {
    ...metadataOf(object),
    annotations: { ...annotations, [lastAppliedAnnotation]: canonicalJson(recorded) },
  };
  return { ...object, metadata };
}

/** Kubernetes' apply conflict: `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`. */
function conflictError(conflicts: readonly Conflict[]): PatchError {
  const sorted = [...conflicts].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const flat = sorted.flatMap((conflict) =>
    conflict.fields.paths().map((path) => ({ conflict, path: pathString(path) })),
  );
  const causes = flat.map(({ conflict, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(conflict.entry)}`,
    field: path,
  }));
  const [only] = flat;
  if (flat.length === 1 && only !== undefined)
    return new PatchError(
      'conflict',
      `Apply failed with 1 conflict: conflict with ${describeManager(only.conflict.entry)}: ${only.path}`,
      causes,
    );
  const lines = sorted.flatMap((conflict) => [
    `conflicts with ${describeManager(conflict.entry)}:`,
    ...conflict.fields.paths().map((path) => `- ${pathString(path)}`),
  ]);
  return new PatchError('conflict', `Apply failed with ${flat.length} conflicts: ${lines.join('\n')}`, causes);
}
