/**
 * metadata.managedFields, as Kubernetes' field manager reads and writes it:
 * one entry per manager identity (an applier by its name; an updater by its
 * name and apiVersion), each with the set of fields it owns in FieldsV1, the
 * time it last changed the object, and a cap on how many updaters are kept.
 */
import { PatchError } from './errors.js';
import { FieldSet } from './field-set.js';
import { isObject, type Json } from './json.js';

export type Operation = 'Apply' | 'Update';

/** One entry of metadata.managedFields, in Kubernetes' JSON shape and field order. */
export interface ManagedFieldsEntry {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly time?: string;
  readonly fieldsType: 'FieldsV1';
  readonly fieldsV1: Json;
  readonly subresource?: string;
}

export interface ManagerFields {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly subresource?: string;
  readonly time?: string;
  readonly fields: FieldSet;
}

/** The managers of an object by identity (managerIdentity). */
export type Managers = Map<string, ManagerFields>;

/** Updaters kept apart before the oldest are merged into `ancient-changes` (Kubernetes' DefaultMaxUpdateManagers). */
export const updateManagersMax = 10;
const ancientChangesManager = 'ancient-changes';

/**
 * What makes two entries the same manager: the name and operation, the
 * apiVersion for an updater (an applier keeps its identity across versions),
 * and the subresource. Written as Kubernetes writes it (JSON of those fields).
 */
export function managerIdentity(entry: {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string | undefined;
}): string {
  const identity: Json = { manager: entry.manager, operation: entry.operation };
  if (entry.operation === 'Update' && entry.apiVersion !== '') identity['apiVersion'] = entry.apiVersion;
  if (entry.subresource !== undefined && entry.subresource !== '') identity['subresource'] = entry.subresource;
  return JSON.stringify(identity);
}

/** How a conflict message names a manager: `"kubectl"`, or `"kubectl-client-side-apply" using apps/v1` for an updater. */
export function describeManager(entry: ManagerFields): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource !== undefined && entry.subresource !== '')
    text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  return entry.operation === 'Update' ? `${text} using ${entry.apiVersion}` : text;
}

/** The managers of a managedFields list; throws on an entry Kubernetes would refuse. */
export function decodeManagedFields(value: unknown): Managers {
  const managers: Managers = new Map();
  if (value === undefined || value === null) return managers;
  if (!Array.isArray(value)) throw invalid('metadata.managedFields must be a list');
  value.forEach((entry: unknown, index) => {
    const decoded = decodeEntry(entry, index);
    managers.set(managerIdentity(decoded), decoded);
  });
  return managers;
}

function decodeEntry(entry: unknown, index: number): ManagerFields {
  if (!isObject(entry)) throw invalid(`managed fields entry ${index} is not an object`);
  const { manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource } = entry;
  if (operation !== 'Apply' && operation !== 'Update') throw invalid('operation must be `Apply` or `Update`');
  if (typeof apiVersion !== 'string' || apiVersion === '') throw invalid('apiVersion must not be empty');
  if (fieldsType === undefined || fieldsType === '')
    throw invalid(`missing fieldsType in managed fields entry ${index}`);
  if (fieldsType !== 'FieldsV1')
    throw invalid(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${index}`);
  if (manager !== undefined && typeof manager !== 'string')
    throw invalid(`manager of managed fields entry ${index} must be a string`);
  if (time !== undefined && time !== null && typeof time !== 'string')
    throw invalid(`time of managed fields entry ${index} must be a string`);
  if (subresource !== undefined && typeof subresource !== 'string')
    throw invalid(`subresource of managed fields entry ${index} must be a string`);
  return {
    manager: manager ?? '',
    operation,
    apiVersion,
    ...(typeof time === 'string' ? { time } : {}),
    ...(subresource !== undefined && subresource !== '' ? { subresource } : {}),
    fields: fieldsV1 === undefined || fieldsV1 === null ? new FieldSet() : FieldSet.fromFieldsV1(fieldsV1),
  };
}

function invalid(message: string): PatchError {
  return new PatchError('invalid-patch', `invalid managedFields: ${message}`);
}

/** Whether a request's managedFields asks to clear them: `[]`, or one empty entry. */
export function isResetManagedFields(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  if (value.length === 0) return true;
  return value.length === 1 && isObject(value[0]) && Object.keys(value[0]).length === 0;
}

/** The managedFields list: appliers first, then by time, manager and apiVersion, as Kubernetes sorts it. */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const entries = [...managers.values()].map((entry): ManagedFieldsEntry => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    ...(entry.time !== undefined ? { time: entry.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: entry.fields.toFieldsV1(),
    ...(entry.subresource !== undefined ? { subresource: entry.subresource } : {}),
  }));
  return entries.sort(
    (left, right) =>
      compareText(left.operation, right.operation) ||
      seconds(left.time) - seconds(right.time) ||
      compareText(left.manager, right.manager) ||
      compareText(left.apiVersion, right.apiVersion) ||
      compareText(left.subresource ?? '', right.subresource ?? ''),
  );
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function seconds(time: string | undefined): number {
  const parsed = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(parsed) ? 0 : Math.floor(parsed / 1000);
}

/** A timestamp as metav1.Time writes it: RFC 3339 to the second. */
export function managedFieldsTime(now: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(now);
  return match === null ? now : `${match[1] ?? ''}${match[3] ?? ''}`;
}

/**
 * Keeps at most `max` updaters: the oldest ones beyond it are merged, per
 * apiVersion, into one `ancient-changes` updater. Appliers are never merged.
 */
export function capUpdateManagers(managers: Managers, max: number = updateManagersMax): Managers {
  const updaters = [...managers.entries()].filter(([, entry]) => entry.operation === 'Update');
  if (updaters.length <= max) return managers;
  updaters.sort(
    ([leftId, left], [rightId, right]) => seconds(left.time) - seconds(right.time) || compareText(leftId, rightId),
  );
  const result: Managers = new Map(managers);
  const firstByVersion = new Map<string, string>();
  let count = updaters.length;
  for (const [id, entry] of updaters) {
    if (count <= max) break;
    const bucketId = managerIdentity({
      manager: ancientChangesManager,
      operation: 'Update',
      apiVersion: entry.apiVersion,
    });
    const first = firstByVersion.get(entry.apiVersion);
    if (first === undefined) {
      firstByVersion.set(entry.apiVersion, id);
      continue;
    }
    if (!result.has(bucketId)) {
      const firstEntry = result.get(first);
      result.delete(first);
      if (firstEntry !== undefined) result.set(bucketId, { ...firstEntry, manager: ancientChangesManager });
    }
    const bucket = result.get(bucketId);
    result.set(bucketId, {
      manager: ancientChangesManager,
      operation: 'Update',
      apiVersion: entry.apiVersion,
      ...(entry.time !== undefined ? { time: entry.time } : {}),
      fields: entry.fields.union(bucket?.fields ?? new FieldSet()),
    });
    result.delete(id);
    count--;
  }
  return result;
}
