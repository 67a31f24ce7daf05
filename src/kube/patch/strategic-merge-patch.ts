/**
 * Kubernetes' strategic merge patch (application/strategic-merge-patch+json),
 * as apimachinery's strategicpatch applies it on the server: maps merge and
 * null deletes; a list merges by its field's merge key when its field has the
 * merge strategy and is replaced otherwise; and the directives `$patch`
 * (replace, delete), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
 * `$setElementOrder/<field>` that kubectl's three-way patches carry.
 */
import { PatchError } from './errors.js';
import { checkPatchValue, clone, isObject, kindOf, type Json } from './json.js';
import { childOfObject, objectType, untypedType, type ValueType } from './schema.js';
import {
  badArgument,
  badPatchType,
  badRetainKeys,
  cleanValue,
  deleteFromPrimitiveListPrefix,
  directiveField,
  directiveMarker,
  mainStrategy,
  retainKeysDirective,
  setElementOrderPrefix,
  type PatchSchema,
} from './strategic-directives.js';
import {
  elementKind,
  mergeList,
  normalizeOrder,
  partitionMaps,
  partitionScalars,
  type ListMerge,
} from './strategic-lists.js';

export type { PatchSchema } from './strategic-directives.js';

/**
 * The target with the patch applied, following the merge strategies of `kind`'s
 * fields; neither input is changed. A kind without a schema cannot take a
 * strategic merge patch (`unsupported`), as custom resources cannot in Kubernetes.
 */
export function applyStrategicMergePatch(target: Json, patch: unknown, kind: string): Json {
  const type = objectType(kind);
  if (type === undefined) throw new PatchError('unsupported', 'strategic merge patch format is not supported');
  return applyStrategicMergePatchWithSchema(target, patch, schemaOf(type));
}

/** The same merge over any schema (the tests use one shaped as apimachinery's own test type). */
export function applyStrategicMergePatchWithSchema(target: Json, patch: unknown, schema: PatchSchema): Json {
  if (!isObject(patch)) throw new PatchError('invalid-patch', 'invalid JSON document');
  checkPatchValue(patch, 'the strategic merge patch');
  return mergeMap(clone(target), clone(patch), schema);
}

const schemas = new WeakMap<ValueType, PatchSchema>();

/** The PatchSchema of a value type from the protos (schema.ts). */
export function schemaOf(type: ValueType): PatchSchema {
  const cached = schemas.get(type);
  if (cached !== undefined) return cached;
  const schema: PatchSchema = {
    field(key) {
      const field = childOfObject(type, key);
      const valueType = field.type.kind === 'list' ? field.type.element : field.type;
      return { meta: field.meta, schema: valueType.kind === 'untyped' ? untypedSchema : schemaOf(valueType) };
    },
  };
  schemas.set(type, schema);
  return schema;
}

const untypedSchema: PatchSchema = { field: () => ({ meta: {}, schema: untypedSchema }) };
schemas.set(untypedType, untypedSchema);

function mergeMap(original: Json, patch: Json, schema: PatchSchema): Json {
  if (Object.hasOwn(patch, directiveMarker)) return mapDirective(patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, schema);
  for (const [key, value] of Object.entries(patch)) mergeField(original, key, value, schema);
  return original;
}

/** `$patch` on a map: `replace` makes the patch the value, `delete` empties it. */
function mapDirective(patch: Json): Json {
  const directive = patch[directiveMarker];
  if (directive === 'delete') return {};
  if (directive !== 'replace') throw badPatchType(directive, patch);
  delete patch[directiveMarker];
  return cleanValue(patch).value as Json;
}

/** `$retainKeys`: the keys the map keeps; every other key of the live map is cleared (a union's other members). */
function applyRetainKeys(original: Json, patch: Json): void {
  if (!Object.hasOwn(patch, retainKeysDirective)) return;
  const retained = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retained)) throw badRetainKeys();
  const keep = new Set<unknown>(retained);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(deleteFromPrimitiveListPrefix) || key.startsWith(setElementOrderPrefix))
      continue;
    if (!keep.has(key)) throw badRetainKeys();
  }
  for (const key of Object.keys(original)) if (!keep.has(key)) delete original[key];
}

function mergeField(original: Json, key: string, value: unknown, schema: PatchSchema): void {
  const isDeleteList = key.startsWith(deleteFromPrimitiveListPrefix);
  const field = isDeleteList ? directiveField(key, deleteFromPrimitiveListPrefix) : key;
  if (value === null) {
    delete original[field];
    return;
  }
  const current = original[field];
  if (current === undefined || kindOf(current) !== kindOf(value)) {
    if (!isDeleteList) setCleaned(original, field, value);
    return;
  }
  if (isObject(current) && isObject(value)) {
    const { meta, schema: child } = schema.field(field);
    original[field] = mainStrategy(meta) === 'replace' ? cleanValue(value).value : mergeMap(current, value, child);
  } else if (Array.isArray(current) && Array.isArray(value)) {
    original[field] = mergeListField(current, value, { schema, field, isDeleteList });
  } else {
    original[field] = value;
  }
}

function setCleaned(original: Json, field: string, value: unknown): void {
  const cleaned = cleanValue(value);
  if (cleaned.keep) original[field] = cleaned.value;
  else delete original[field];
}

interface ListField {
  readonly schema: PatchSchema;
  readonly field: string;
  readonly isDeleteList: boolean;
}

/** A list merges when its field has the merge strategy (and always for a delete list); otherwise the patch replaces it. */
function mergeListField(current: unknown[], value: unknown[], list: ListField): unknown[] {
  const { meta, schema: child } = list.schema.field(list.field);
  if (mainStrategy(meta) !== 'merge' && !list.isDeleteList) return cleanValue(value).value as unknown[];
  const merge: ListMerge = { schema: child, mergeKey: meta.mergeKey ?? '', field: list.field, mergeMap };
  return mergeList(current, value, merge, list.isDeleteList);
}

/**
 * `$setElementOrder/<field>`: the list of `field` merged with its patch (if
 * any), then ordered: the items the order names in its order, the others in
 * the live order, interleaved by the live order.
 */
function mergeOrderedLists(original: Json, patch: Json, schema: PatchSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgument('list', order);
    const field = directiveField(key, setElementOrderPrefix);
    const foundOriginal = original[field] !== undefined;
    const foundPatch = Object.hasOwn(patch, field);
    if (!foundOriginal && !foundPatch) continue;
    const originalList = foundOriginal ? asList(original[field]) : [];
    const patchList = foundPatch ? asList(patch[field]) : [];
    const { meta } = schema.field(field);
    const mergeKey = meta.mergeKey ?? '';
    checkOrderMatchesPatch(patchList, order, mergeKey);
    let merged: unknown[];
    if (!foundPatch) merged = originalList;
    else if (!foundOriginal) merged = cleanValue(patchList).value as unknown[];
    else merged = mergeListField(originalList, patchList, { schema, field, isDeleteList: false });
    delete patch[field];
    if (originalList.length === 0 && patchList.length === 0) {
      original[field] = merged;
      continue;
    }
    const kind = elementKind(originalList, patchList);
    const [patchItems, serverOnly] =
      mergeKey === '' ? partitionScalars(merged, order) : partitionMaps(merged, order, mergeKey);
    original[field] = normalizeOrder({
      patchItems,
      serverOnly,
      patchOrder: order,
      serverOrder: originalList,
      mergeKey,
      kind,
    });
  }
}

function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw badArgument('list', value);
  return value;
}

/** The items of the patch list must appear in the `$setElementOrder` list, in its order. */
function checkOrderMatchesPatch(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items =
    mergeKey === ''
      ? patchList
      : patchList.filter((item) => {
          if (!isObject(item)) throw badArgument('map', item);
          return item[directiveMarker] !== 'delete';
        });
  let patchIndex = 0;
  let orderIndex = 0;
  while (patchIndex < items.length && orderIndex < order.length) {
    const item = items[patchIndex];
    if (isObject(item) && Object.hasOwn(item, directiveMarker)) {
      patchIndex++;
      continue;
    }
    if (sameMergeKey(item, order[orderIndex], mergeKey)) patchIndex++;
    orderIndex++;
  }
  if (patchIndex < items.length && orderIndex >= order.length)
    throw new PatchError(
      'invalid-patch',
      `The order in patch list:\n${JSON.stringify(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${JSON.stringify(order)}\n`,
    );
}

function sameMergeKey(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isObject(left)) throw badArgument('map', left);
  if (!isObject(right)) throw badArgument('map', right);
  if (!Object.hasOwn(left, mergeKey) || !Object.hasOwn(right, mergeKey))
    throw new PatchError('unprocessable', `map: does not contain declared merge key: ${mergeKey}`);
  return left[mergeKey] === right[mergeKey];
}
