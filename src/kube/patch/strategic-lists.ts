/**
 * The lists of strategic merge patch: merging a list with the merge strategy
 * (by merge key, or as a set of scalars), the `$patch` items of such a list,
 * and the order of the result. The order follows apimachinery exactly: items
 * of the patch in the patch's (or `$setElementOrder`'s) order, items only on
 * the server in the server's order, interleaved where the server's order
 * relates them.
 *
 * One difference is deliberate: when a patch both deletes and adds items of a
 * list that `$setElementOrder` orders, apimachinery's result can depend on
 * the spare capacity of a Go slice (its delete shifts items in place under a
 * view still used for ordering). Here the live order is the list as it was,
 * which is what apimachinery gives for a list without spare capacity.
 */
import { PatchError } from './errors.js';
import { isObject, kindOf, preview, type Json, type ValueKind } from './json.js';
import {
  badArgument,
  badPatchType,
  cleanValue,
  directiveMarker,
  noMergeKey,
  type PatchSchema,
} from './strategic-directives.js';

/** Merges a map into the item of the same merge key; the map merge of strategic-merge-patch.ts. */
export type MergeMap = (original: Json, patch: Json, schema: PatchSchema) => Json;

export interface ListMerge {
  readonly schema: PatchSchema;
  /** The merge key; empty for a list of scalars. */
  readonly mergeKey: string;
  readonly field: string;
  readonly mergeMap: MergeMap;
}

/** The one kind of every item of the lists; lists of lists, and lists of mixed kinds, cannot merge. */
export function elementKind(...lists: readonly (readonly unknown[])[]): ValueKind {
  let kind: ValueKind | undefined;
  for (const list of lists) {
    for (const item of list) {
      const itemKind = kindOf(item);
      if (kind === undefined) {
        if (itemKind === 'list') throw new PatchError('unprocessable', 'lists of lists are not supported');
        kind = itemKind;
      } else if (itemKind !== kind) {
        throw new PatchError('unprocessable', `list element types are not identical: ${preview(lists)}`);
      }
    }
  }
  if (kind === undefined) throw new PatchError('unprocessable', 'no elements in any of the given slices');
  return kind;
}

/** A list with the merge strategy merged with its patch; `isDeleteList` for a `$deleteFromPrimitiveList`. */
export function mergeList(original: unknown[], patch: unknown[], merge: ListMerge, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  if (kind !== 'object') {
    if (isDeleteList) {
      const remove = new Set(patch);
      return original.filter((item) => !remove.has(item));
    }
    const merged = [...new Set([...original, ...patch])];
    const [patchItems, serverOnly] = partitionScalars(merged, patch);
    return normalizeOrder({ patchItems, serverOnly, patchOrder: patch, serverOrder: original, mergeKey: '', kind });
  }
  if (merge.mergeKey === '')
    throw new PatchError('unprocessable', `cannot merge lists without merge key for ${merge.field}`);
  const [base, rest] = applyListDirectives(original, patch as Json[], merge.mergeKey);
  const merged = mergeItems(base, rest, merge);
  const [patchItems, serverOnly] = partitionMaps(merged, rest, merge.mergeKey);
  return normalizeOrder({
    patchItems,
    serverOnly,
    patchOrder: rest,
    serverOrder: base,
    mergeKey: merge.mergeKey,
    kind,
  });
}

/** The `$patch` items of a list of maps: `delete` removes the item of its key, `replace` makes the rest the list. */
function applyListDirectives(original: unknown[], patch: readonly Json[], mergeKey: string): [unknown[], Json[]] {
  let base = original;
  let replace = false;
  const rest: Json[] = [];
  for (const item of patch) {
    if (!Object.hasOwn(item, directiveMarker)) {
      rest.push(item);
      continue;
    }
    const directive = item[directiveMarker];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      base = base.filter(
        (entry) => !(isObject(entry) && Object.hasOwn(entry, mergeKey) && entry[mergeKey] === item[mergeKey]),
      );
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new PatchError('invalid-patch', 'merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, item);
    }
  }
  if (replace) return [rest.map((item) => cleanValue(item).value), []];
  return [base, rest];
}

/** Each patch item merged into the item of its merge key, or appended. */
function mergeItems(base: readonly unknown[], rest: readonly Json[], merge: ListMerge): unknown[] {
  const result = [...base];
  const positions = new Map<unknown, number>();
  result.forEach((item, index) => {
    if (!isObject(item)) throw badArgument('map', item);
    if (Object.hasOwn(item, merge.mergeKey) && !positions.has(item[merge.mergeKey]))
      positions.set(item[merge.mergeKey], index);
  });
  for (const item of rest) {
    if (!Object.hasOwn(item, merge.mergeKey)) throw noMergeKey(item, merge.mergeKey);
    const position = positions.get(item[merge.mergeKey]);
    if (position === undefined) {
      positions.set(item[merge.mergeKey], result.length);
      result.push(cleanValue(item).value);
    } else {
      result[position] = merge.mergeMap(result[position] as Json, item, merge.schema);
    }
  }
  return result;
}

export function partitionScalars(merged: readonly unknown[], partitionBy: readonly unknown[]): [unknown[], unknown[]] {
  const inPatch = new Set(partitionBy);
  return [merged.filter((item) => inPatch.has(item)), merged.filter((item) => !inPatch.has(item))];
}

export function partitionMaps(
  merged: readonly unknown[],
  partitionBy: readonly unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const inPatch = new Set<unknown>();
  for (const item of partitionBy) {
    if (!isObject(item)) throw new PatchError('unprocessable', `value for key ${mergeKey} is not a map`);
    if (Object.hasOwn(item, mergeKey)) inPatch.add(item[mergeKey]);
  }
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    if (!isObject(item)) throw badArgument('map', item);
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    (inPatch.has(item[mergeKey]) ? patchItems : serverOnly).push(item);
  }
  return [patchItems, serverOnly];
}

export interface OrderInput {
  readonly patchItems: readonly unknown[];
  readonly serverOnly: readonly unknown[];
  /** The order the patch asks for: the patch list, or its `$setElementOrder`. */
  readonly patchOrder: readonly unknown[];
  /** The live list. */
  readonly serverOrder: readonly unknown[];
  readonly mergeKey: string;
  readonly kind: ValueKind;
}

/** The patch's items in the patch's order and the server's in the server's, interleaved by the server's order. */
export function normalizeOrder(input: OrderInput): unknown[] {
  const identity = identityOf(input.mergeKey, input.kind);
  const patchItems = sortByOrder(input.patchItems, input.patchOrder, input, identity);
  const serverOnly = sortByOrder(input.serverOnly, input.serverOrder, input, identity);
  return interleave(serverOnly, patchItems, positions(input.serverOrder, identity), identity);
}

type Identity = (item: unknown) => unknown;

/** What identifies an item: its merge key's value for a map, itself for a scalar. */
function identityOf(mergeKey: string, kind: ValueKind): Identity {
  if (kind !== 'object') return (item) => item;
  return (item) => (isObject(item) ? item[mergeKey] : undefined);
}

function positions(order: readonly unknown[], identity: Identity): Map<unknown, number> {
  const result = new Map<unknown, number>();
  order.forEach((item, index) => {
    const id = identity(item);
    if (!result.has(id)) result.set(id, index);
  });
  return result;
}

/** Items sorted by their place in `order` (stable); items with a `$patch: delete` last. */
function sortByOrder(
  toSort: readonly unknown[],
  order: readonly unknown[],
  input: OrderInput,
  identity: Identity,
): unknown[] {
  let items = [...toSort];
  const toDelete: unknown[] = [];
  if (input.kind === 'object') {
    for (const item of [...toSort, ...order]) {
      if (!isObject(item)) throw badArgument('map', item);
      if (!Object.hasOwn(item, input.mergeKey)) throw noMergeKey(item, input.mergeKey);
    }
    items = [];
    for (const item of toSort) {
      (isObject(item) && item[directiveMarker] === 'delete' ? toDelete : items).push(item);
    }
  }
  const place = positions(order, identity);
  const ranked = items.map((item, index) => ({ item, index, rank: place.get(identity(item)) ?? Infinity }));
  ranked.sort((left, right) => left.rank - right.rank || left.index - right.index);
  return [...ranked.map((entry) => entry.item), ...toDelete];
}

/**
 * Merges two sorted lists: a server item goes before the next patch item only
 * when the server's order puts it before; otherwise the patch item comes first.
 */
function interleave(
  left: readonly unknown[],
  right: readonly unknown[],
  serverPlace: ReadonlyMap<unknown, number>,
  identity: Identity,
): unknown[] {
  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) result.push(right[j++]);
    else if (j >= right.length) result.push(left[i++]);
    else {
      const leftPlace = serverPlace.get(identity(left[i]));
      const rightPlace = serverPlace.get(identity(right[j]));
      if (leftPlace !== undefined && rightPlace !== undefined && leftPlace < rightPlace) result.push(left[i++]);
      else result.push(right[j++]);
    }
  }
  return result;
}
