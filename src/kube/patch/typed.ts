/**
 * What server-side apply does with typed values, after structured-merge-diff:
 * the set of fields a value sets, the comparison of two values (fields added,
 * removed, modified), the merge of an applied configuration into a live
 * object, and the removal of a set of fields from a value. Associative lists
 * are walked item by item (by their keys, or by value for a set); atomic lists,
 * atomic maps and atomic structs are one field each.
 */
import { PatchError } from './errors.js';
import { FieldSet, keyElement, pathString, serializePathElement, type Path, type PathElement } from './field-set.js';
import { clone, deepEqual, isObject, type Json } from './json.js';
import { structField, untypedType, type ValueType } from './schema.js';

type Shape =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'map'; readonly atomic: boolean; readonly type: ValueType }
  | { readonly kind: 'list'; readonly type: Extract<ValueType, { kind: 'list' }> };

/** How a value of `type` is walked; a value of the wrong JSON kind for its type is a leaf. */
function shapeOf(type: ValueType, ...values: unknown[]): Shape {
  const present = values.filter((value) => value !== undefined && value !== null);
  if (type.kind === 'struct' || type.kind === 'map') {
    if (!present.every(isObject)) return { kind: 'leaf' };
    return { kind: 'map', atomic: type.atomic, type };
  }
  if (type.kind === 'list') return present.every(Array.isArray) ? { kind: 'list', type } : { kind: 'leaf' };
  if (type.kind === 'untyped' && present.length > 0) {
    if (present.every(isObject)) return { kind: 'map', atomic: false, type };
    if (present.every(Array.isArray)) return { kind: 'list', type: untypedList };
  }
  return { kind: 'leaf' };
}

/** A leaf, an atomic map or struct, or an atomic list: one field, never walked into. */
function isAtomic(shape: Shape): boolean {
  if (shape.kind === 'leaf') return true;
  return shape.kind === 'map' ? shape.atomic : shape.type.listType === 'atomic';
}

const untypedList: Extract<ValueType, { kind: 'list' }> = {
  kind: 'list',
  listType: 'atomic',
  keys: [],
  element: untypedType,
};

/** The type under one path element of a value of `type`, and whether it is a declared struct field. */
export function childType(type: ValueType, element: PathElement): { type: ValueType; named: boolean } {
  if ('field' in element) {
    if (type.kind === 'struct') {
      const field = structField(type.message, element.field);
      return { type: field.type, named: field.declared };
    }
    if (type.kind === 'map') return { type: type.element, named: false };
    return { type: untypedType, named: false };
  }
  return { type: type.kind === 'list' ? type.element : untypedType, named: false };
}

/** A failure to read a value by its schema: a list item without its key, or two items with one key. */
export class TypedValueError extends Error {
  override readonly name = 'TypedValueError';
}

/** The path element of a list item: its keys, its value (a set), or its index (an atomic list). */
export function itemElement(type: Extract<ValueType, { kind: 'list' }>, item: unknown, index: number): PathElement {
  if (type.listType === 'atomic') return { index };
  if (type.listType === 'set') {
    if (isObject(item) || Array.isArray(item))
      throw new TypedValueError(`element ${index}: associative list without keys has an element that is not a scalar`);
    return { value: item };
  }
  if (!isObject(item))
    throw new TypedValueError(`element ${index}: associative list with keys has an element that is not a map`);
  return keyElement(
    type.keys.map(({ name, defaultValue }) => {
      const value = item[name] ?? defaultValue;
      if (value === undefined || value === null)
        throw new TypedValueError(
          `element ${index}: associative list with keys has an element that omits key field ${JSON.stringify(name)} (and doesn't have default value)`,
        );
      return [name, value] as const;
    }),
  );
}

/**
 * Refuses an applied configuration that structured-merge-diff cannot merge:
 * an associative list item without its keys, or two items with the same keys.
 * The message names the path, as Kubernetes' does.
 */
export function checkAppliedValue(value: unknown, type: ValueType, path: Path = []): void {
  const shape = shapeOf(type, value);
  if (shape.kind === 'map' && !shape.atomic && isObject(value)) {
    for (const [key, item] of Object.entries(value))
      checkAppliedValue(item, childType(shape.type, { field: key }).type, [...path, { field: key }]);
  } else if (shape.kind === 'list' && shape.type.listType !== 'atomic' && Array.isArray(value)) {
    const seen = new Set<string>();
    value.forEach((item: unknown, index) => {
      let element: PathElement;
      try {
        element = itemElement(shape.type, item, index);
      } catch (error: unknown) {
        throw new PatchError('invalid-patch', `${pathString(path)}: ${(error as Error).message}`);
      }
      const id = serializePathElement(element);
      if (seen.has(id))
        throw new PatchError(
          'invalid-patch',
          `${pathString(path)}: duplicate entries for key ${pathString([element])}`,
        );
      seen.add(id);
      checkAppliedValue(item, shape.type.element, [...path, element]);
    });
  }
}

/** The fields a value sets: its leaves, its list items, its atomic values, its null and empty fields. */
export function toFieldSet(value: unknown, type: ValueType): FieldSet {
  const set = new FieldSet();
  collectFields(value, type, [], set);
  return set;
}

function collectFields(value: unknown, type: ValueType, path: Path, set: FieldSet): void {
  const shape = shapeOf(type, value);
  if (isAtomic(shape)) {
    set.insert(path);
    return;
  }
  if (shape.kind === 'map') {
    if (!isObject(value)) return;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const element: PathElement = { field: key };
      const child = childType(shape.type, element);
      collectFields(item, child.type, [...path, element], set);
      if (item === null || (isObject(item) && Object.keys(item).length === 0) || !child.named)
        set.insert([...path, element]);
    }
    return;
  }
  if (shape.kind !== 'list' || !Array.isArray(value)) return;
  const elements = listElements(shape.type, value);
  const counts = new Map<string, number>();
  for (const { id } of elements) counts.set(id, (counts.get(id) ?? 0) + 1);
  elements.forEach(({ element, id }, index) => {
    const itemPath = [...path, element];
    if ((counts.get(id) ?? 0) > 1) set.insert(itemPath);
    else collectFields(value[index], shape.type.element, itemPath, set);
    set.insert(itemPath);
  });
}

function listElements(
  type: Extract<ValueType, { kind: 'list' }>,
  list: readonly unknown[],
): { element: PathElement; id: string }[] {
  return list.map((item, index) => {
    const element = liveElement(type, item, index);
    return { element, id: serializePathElement(element) };
  });
}

export interface Comparison {
  readonly added: FieldSet;
  readonly removed: FieldSet;
  readonly modified: FieldSet;
}

/** The fields that go from `before` to `after`: added (every new node), removed (every gone node), modified (leaves). */
export function compareValues(before: unknown, after: unknown, type: ValueType): Comparison {
  const comparison = { added: new FieldSet(), removed: new FieldSet(), modified: new FieldSet() };
  compareNode(before, after, type, [], comparison);
  return comparison;
}

function compareLeaf(before: unknown, after: unknown, path: Path, comparison: Comparison): void {
  if (before === undefined) comparison.added.insert(path);
  else if (after === undefined) comparison.removed.insert(path);
  else if (!deepEqual(before, after)) comparison.modified.insert(path);
}

function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

function compareNode(before: unknown, after: unknown, type: ValueType, path: Path, comparison: Comparison): void {
  const shape = shapeOf(type, before, after);
  if (isAtomic(shape) || (isEmptyValue(before) && isEmptyValue(after))) {
    compareLeaf(before, after, path, comparison);
    return;
  }
  if (shape.kind === 'map') {
    const left = isObject(before) ? before : {};
    const right = isObject(after) ? after : {};
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      const element: PathElement = { field: key };
      compareNode(left[key], right[key], childType(shape.type, element).type, [...path, element], comparison);
    }
  } else if (shape.kind === 'list') {
    compareLists(asList(before), asList(after), shape.type, path, comparison);
  }
  if (before === undefined) comparison.added.insert(path);
  else if (after === undefined) comparison.removed.insert(path);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Items matched by their path element; duplicated items compare as one atomic value. */
function compareLists(
  before: unknown[],
  after: unknown[],
  type: Extract<ValueType, { kind: 'list' }>,
  path: Path,
  comparison: Comparison,
): void {
  const groups = new Map<string, { element: PathElement; before: unknown[]; after: unknown[] }>();
  const group = (element: PathElement) => {
    const id = serializePathElement(element);
    const existing = groups.get(id) ?? { element, before: [], after: [] };
    groups.set(id, existing);
    return existing;
  };
  before.forEach((item, index) => group(liveElement(type, item, index)).before.push(item));
  after.forEach((item, index) => group(liveElement(type, item, index)).after.push(item));
  for (const { element, before: left, after: right } of groups.values()) {
    const itemPath = [...path, element];
    if (left.length <= 1 && right.length <= 1) compareNode(left[0], right[0], type.element, itemPath, comparison);
    else if (left.length >= 2 && right.length >= 2) {
      if (!deepEqual(left, right)) comparison.modified.insert(itemPath);
    } else if (left.length >= 2) {
      if (right.length > 0) compareNode(undefined, right[0], type.element, itemPath, comparison);
      comparison.removed.insert(itemPath);
    } else {
      if (left.length > 0) compareNode(left[0], undefined, type.element, itemPath, comparison);
      comparison.added.insert(itemPath);
    }
  }
}

/** The path element of a live list item; an item the schema cannot key is its index, so a bad live object never blocks a write. */
function liveElement(type: Extract<ValueType, { kind: 'list' }>, item: unknown, index: number): PathElement {
  try {
    return itemElement(type, item, index);
  } catch {
    return { index };
  }
}

/**
 * The live value with the applied value merged in: maps merge key by key,
 * associative lists item by item (in the applied order, with live-only items
 * kept where they were), and everything atomic takes the applied value.
 */
export function mergeValues(live: unknown, applied: unknown, type: ValueType): unknown {
  if (applied === undefined) return live;
  if (live === undefined || applied === null) return clone(applied);
  const shape = shapeOf(type, live, applied);
  if (isAtomic(shape) || (isEmptyValue(live) && isEmptyValue(applied))) return clone(applied);
  if (shape.kind === 'map') {
    const left = isObject(live) ? live : {};
    const right = isObject(applied) ? applied : {};
    const result: Json = {};
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      const merged = mergeValues(left[key], right[key], childType(shape.type, { field: key }).type);
      if (merged !== undefined) result[key] = merged;
    }
    return result;
  }
  if (shape.kind === 'list') return mergeLists(asList(live), asList(applied), shape.type);
  return clone(applied);
}

interface IndexedList {
  readonly ids: string[];
  readonly items: Map<string, unknown>;
}

function indexList(type: Extract<ValueType, { kind: 'list' }>, list: readonly unknown[]): IndexedList {
  const ids: string[] = [];
  const items = new Map<string, unknown>();
  list.forEach((item, index) => {
    const id = serializePathElement(liveElement(type, item, index));
    // a duplicated live item merges as absent, as structured-merge-diff does
    items.set(id, items.has(id) ? undefined : item);
    ids.push(id);
  });
  return { ids, items };
}

/** structured-merge-diff's list merge: applied items in the applied order; live-only items stay where they were. */
function mergeLists(
  live: unknown[],
  applied: unknown[],
  type: Extract<ValueType, { kind: 'list' }>,
): unknown[] | undefined {
  const left = indexList(type, live);
  const right = indexList(type, applied);
  const sharedOrder = right.ids.filter((id) => left.items.has(id));
  let nextShared = sharedOrder.shift();
  const merged = new Set<string>();
  const out: unknown[] = [];
  const push = (value: unknown) => {
    if (value !== undefined) out.push(value);
  };
  let l = 0;
  let r = 0;
  while (l < left.ids.length || r < right.ids.length) {
    const leftId = left.ids[l];
    const rightId = right.ids[r];
    if (leftId !== undefined && rightId !== undefined) {
      if (leftId === rightId) {
        merged.add(leftId);
        push(mergeValues(left.items.get(leftId), right.items.get(rightId), type.element));
        l++;
        r++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (right.items.has(leftId) && nextShared !== undefined && nextShared !== leftId) {
        l++;
        continue;
      }
    }
    if (leftId !== undefined) {
      if (!right.items.has(leftId)) {
        push(clone(live[l]));
        l++;
        continue;
      }
      if (merged.has(leftId)) l++;
    }
    if (rightId !== undefined) {
      merged.add(rightId);
      push(mergeValues(left.items.get(rightId), right.items.get(rightId), type.element));
      r++;
      if (nextShared === rightId) nextShared = sharedOrder.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The value without the fields of `set` (a member removes its whole subtree).
 * A map or list emptied on the way becomes null in its parent, and atomic
 * values reached by a path below them disappear, as in structured-merge-diff.
 */
export function removeFields(value: unknown, set: FieldSet, type: ValueType): unknown {
  const shape = shapeOf(type, value);
  if (shape.kind === 'leaf') return value;
  if (shape.kind === 'map') {
    if (!isObject(value) || Object.keys(value).length === 0 || shape.atomic) return undefined;
    const result: Json = {};
    for (const [key, item] of Object.entries(value)) {
      const element: PathElement = { field: key };
      if (set.hasMember(element)) continue;
      const below = set.withPrefix(element);
      result[key] = below.isEmpty() ? item : (removeFields(item, below, childType(shape.type, element).type) ?? null);
    }
    return Object.keys(result).length > 0 ? result : undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || shape.type.listType === 'atomic') return undefined;
  const items: unknown[] = [];
  value.forEach((item: unknown, index) => {
    const element = liveElement(shape.type, item, index);
    if (set.hasMember(element)) return;
    const below = set.withPrefix(element);
    const kept = below.isEmpty() ? item : removeFields(item, below, shape.type.element);
    if (kept !== undefined) items.push(kept);
  });
  return items.length > 0 ? items : undefined;
}

/** The set with every declared struct field that has fields below it made a member too (for pruning). */
export function withNamedFieldsAsMembers(set: FieldSet, type: ValueType): FieldSet {
  const result = new FieldSet();
  for (const node of set.byId().values()) {
    const child = childType(type, node.element);
    const children = withNamedFieldsAsMembers(node.children, child.type);
    const member = node.member || (child.named && type.kind === 'struct' && !children.isEmpty());
    result.adopt({ element: node.element, member, children });
  }
  return result;
}

/** Removes the keys whose value is null, through the whole value: what Kubernetes' decoding does with them. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  const result: Json = {};
  for (const [key, item] of Object.entries(value))
    if (item !== null && item !== undefined) result[key] = withoutNulls(item);
  return result;
}
