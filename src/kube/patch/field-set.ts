/**
 * Sets of field paths, as structured-merge-diff keeps them for server-side
 * apply, and their FieldsV1 encoding in metadata.managedFields: `f:<name>` for
 * a field, `k:{"name":"x"}` for the item of an associative list by its keys,
 * `v:<json>` for the item of a set, `i:<n>` for a list index, and `.` for a
 * node that is itself in the set as well as having children in it.
 */
import { PatchError } from './errors.js';
import { canonicalJson, isObject, kindOf, type Json } from './json.js';

/** The fields of an associative list item's key, sorted by name. */
export type KeyFields = readonly (readonly [string, unknown])[];

export type PathElement =
  { readonly field: string } | { readonly key: KeyFields } | { readonly value: unknown } | { readonly index: number };

export type Path = readonly PathElement[];

const serialized = new WeakMap<PathElement, string>();

/** The FieldsV1 spelling of a path element; also the identity of a node of a set. */
export function serializePathElement(element: PathElement): string {
  // a walk inserts each path element once per path below it: remember its spelling
  let text = serialized.get(element);
  if (text === undefined) {
    text = spell(element);
    serialized.set(element, text);
  }
  return text;
}

function spell(element: PathElement): string {
  if ('field' in element) return `f:${element.field}`;
  if ('key' in element)
    return `k:{${element.key.map(([name, value]) => `${JSON.stringify(name)}:${canonicalJson(value)}`).join(',')}}`;
  if ('value' in element) return `v:${canonicalJson(element.value)}`;
  return `i:${element.index}`;
}

export function parsePathElement(text: string): PathElement {
  if (text.length < 2 || text[1] !== ':') throw invalidFields(`path element ${JSON.stringify(text)} has no type`);
  const body = text.slice(2);
  switch (text[0]) {
    case 'f':
      return { field: body };
    case 'v':
      return { value: parseJson(body) };
    case 'k': {
      const fields = parseJson(body);
      if (!isObject(fields)) throw invalidFields(`key ${JSON.stringify(text)} is not an object`);
      return keyElement(Object.entries(fields));
    }
    case 'i': {
      const index = Number(body);
      if (!Number.isSafeInteger(index) || index < 0)
        throw invalidFields(`index ${JSON.stringify(text)} is not a number`);
      return { index };
    }
    default:
      throw invalidFields(`path element ${JSON.stringify(text)} has an unknown type`);
  }
}

/** A key element with its fields sorted by name, as structured-merge-diff orders them. */
export function keyElement(fields: KeyFields): PathElement {
  return { key: [...fields].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidFields(`${JSON.stringify(text)} is not JSON`);
  }
}

function invalidFields(message: string): PatchError {
  return new PatchError('invalid-patch', `invalid managedFields: ${message}`);
}

/** How Kubernetes prints a path in messages: `.spec.containers[name="app"].image`. */
export function pathString(path: Path): string {
  return path.map(elementString).join('');
}

function elementString(element: PathElement): string {
  if ('field' in element) return `.${element.field}`;
  if ('key' in element) return `[${element.key.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',')}]`;
  if ('value' in element) return `[=${JSON.stringify(element.value)}]`;
  return `[${element.index}]`;
}

const rank = (element: PathElement): number =>
  'field' in element ? 0 : 'key' in element ? 1 : 'value' in element ? 2 : 3;

/** structured-merge-diff's order of path elements: fields, then keys, values, indexes, each in its own order. */
export function comparePathElements(left: PathElement, right: PathElement): number {
  const byRank = rank(left) - rank(right);
  if (byRank !== 0) return byRank;
  if ('field' in left && 'field' in right) return compareStrings(left.field, right.field);
  if ('key' in left && 'key' in right) return compareKeys(left.key, right.key);
  if ('value' in left && 'value' in right) return compareValues(left.value, right.value);
  if ('index' in left && 'index' in right) return left.index - right.index;
  return 0;
}

function compareStrings(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareKeys(left: KeyFields, right: KeyFields): number {
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const a = left[i];
    const b = right[i];
    if (a === undefined) return -1;
    if (b === undefined) return 1;
    const byName = compareStrings(a[0], b[0]);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[1], b[1]);
    if (byValue !== 0) return byValue;
  }
  return 0;
}

const valueRank = { number: 0, string: 1, boolean: 2, list: 3, object: 4, null: 5 } as const;

function compareValues(left: unknown, right: unknown): number {
  const byKind = valueRank[kindOf(left)] - valueRank[kindOf(right)];
  if (byKind !== 0) return byKind;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return compareStrings(left, right);
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  return compareStrings(canonicalJson(left), canonicalJson(right));
}

export interface SetNode {
  readonly element: PathElement;
  readonly member: boolean;
  readonly children: FieldSet;
}

/**
 * A set of paths: a tree whose nodes are path elements, each a member of the
 * set or not, with the set of paths below it. Operations return new sets;
 * `insert` is the one builder that changes a set in place.
 */
export class FieldSet {
  private readonly nodes = new Map<string, SetNode>();

  static fromPaths(paths: Iterable<Path>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds a node an operation built; for combine() below. */
  adopt(node: SetNode): void {
    this.nodes.set(serializePathElement(node.element), node);
  }

  /**
   * Adds a path (and nothing for the empty path: the root is never a member).
   * Only for a set being built: the results of operations share subtrees with their inputs.
   */
  insert(path: Path, from = 0): void {
    const element = path[from];
    if (element === undefined) return;
    const id = serializePathElement(element);
    const existing = this.nodes.get(id);
    const node = existing ?? { element, member: false, children: new FieldSet() };
    if (from === path.length - 1) this.nodes.set(id, { ...node, member: true });
    else {
      if (existing === undefined) this.nodes.set(id, node);
      node.children.insert(path, from + 1);
    }
  }

  isEmpty(): boolean {
    return this.nodes.size === 0;
  }

  has(path: Path, from = 0): boolean {
    const element = path[from];
    if (element === undefined) return false;
    const node = this.nodes.get(serializePathElement(element));
    if (node === undefined) return false;
    return from === path.length - 1 ? node.member : node.children.has(path, from + 1);
  }

  /** Whether `element` is a member at this level. */
  hasMember(element: PathElement): boolean {
    return this.nodes.get(serializePathElement(element))?.member === true;
  }

  /** The paths below `element`, relative to it. */
  withPrefix(element: PathElement): FieldSet {
    return this.nodes.get(serializePathElement(element))?.children ?? emptySet;
  }

  /** The nodes of this level by identity, in no order. */
  byId(): ReadonlyMap<string, SetNode> {
    return this.nodes;
  }

  /** The nodes of this level, in structured-merge-diff's order. */
  entries(): SetNode[] {
    return [...this.nodes.values()].sort((left, right) => comparePathElements(left.element, right.element));
  }

  union(other: FieldSet): FieldSet {
    return combine(this, other, (left, right) => ({
      member: (left?.member ?? false) || (right?.member ?? false),
      children: (left?.children ?? emptySet).union(right?.children ?? emptySet),
    }));
  }

  /** The paths of this set that are not in `other`, path by path. */
  difference(other: FieldSet): FieldSet {
    return combine(this, other, (left, right) =>
      left === undefined
        ? undefined
        : {
            member: left.member && right?.member !== true,
            children: right === undefined ? left.children : left.children.difference(right.children),
          },
    );
  }

  /** The paths of this set that neither are in `other` nor lie below a member of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    return combine(this, other, (left, right) => {
      if (left === undefined || right?.member === true) return undefined;
      return {
        member: left.member,
        children: right === undefined ? left.children : left.children.recursiveDifference(right.children),
      };
    });
  }

  intersection(other: FieldSet): FieldSet {
    return combine(this, other, (left, right) =>
      left === undefined || right === undefined
        ? undefined
        : { member: left.member && right.member, children: left.children.intersection(right.children) },
    );
  }

  /** Every path of the set: the members of a level first, then the paths below it, as Kubernetes lists conflicts. */
  paths(prefix: Path = []): Path[] {
    const entries = this.entries();
    const result: Path[] = [];
    for (const node of entries) if (node.member) result.push([...prefix, node.element]);
    for (const node of entries) result.push(...node.children.paths([...prefix, node.element]));
    return result;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** The FieldsV1 object of metadata.managedFields. */
  toFieldsV1(): Json {
    const result: Json = {};
    for (const node of this.entries()) {
      const children = node.children.toFieldsV1();
      result[serializePathElement(node.element)] =
        node.member && !node.children.isEmpty() ? { '.': {}, ...children } : children;
    }
    return result;
  }

  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isObject(fields)) throw invalidFields('fieldsV1 is not an object');
    const set = new FieldSet();
    for (const [text, value] of Object.entries(fields)) {
      if (text === '.') continue;
      if (!isObject(value)) throw invalidFields(`the value of ${JSON.stringify(text)} is not an object`);
      const element = parsePathElement(text);
      const children = FieldSet.fromFieldsV1(value);
      const member = Object.hasOwn(value, '.') || Object.keys(value).length === 0;
      if (member || !children.isEmpty()) set.adopt({ element, member, children });
    }
    return set;
  }
}

const emptySet = new FieldSet();

type NodeContent = { member: boolean; children: FieldSet } | undefined;

function combine(left: FieldSet, right: FieldSet, rule: (left?: SetNode, right?: SetNode) => NodeContent): FieldSet {
  const result = new FieldSet();
  const byId = new Map<string, { left?: SetNode; right?: SetNode }>();
  for (const [id, node] of left.byId()) byId.set(id, { left: node });
  for (const [id, node] of right.byId()) byId.set(id, { ...byId.get(id), right: node });
  for (const { left: leftNode, right: rightNode } of byId.values()) {
    const content = rule(leftNode, rightNode);
    const element = (leftNode ?? rightNode)?.element;
    if (content === undefined || element === undefined) continue;
    if (content.member || !content.children.isEmpty()) result.adopt({ element, ...content });
  }
  return result;
}
