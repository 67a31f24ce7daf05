/**
 * The shape of a value at each path of an object, read from the orca.v1
 * protos and the Kubernetes merge metadata (field-meta.ts): which fields are
 * structs, maps, lists (and of what), so that the merges walk the schema
 * alongside the JSON and know, at spec.template.spec.containers, that it is a
 * list of Container merged by name.
 */
import { kubernetesFieldName, modelFieldName } from '../../api/field-names.js';
import { kindInfo } from '../../api/kinds.js';
import { messageSchema, type FieldSchema } from '../../api/schema.js';
import {
  isAtomicMap,
  isAtomicStruct,
  keyDefaultFor,
  listTypeFor,
  patchMetaFor,
  type ListType,
  type PatchMeta,
} from './field-meta.js';

/** A key field of an associative list, with the default an item that omits it is keyed by. */
export interface KeyField {
  readonly name: string;
  readonly defaultValue?: unknown;
}

export type ValueType =
  | { readonly kind: 'scalar' }
  | { readonly kind: 'struct'; readonly message: string; readonly atomic: boolean }
  | { readonly kind: 'map'; readonly atomic: boolean; readonly element: ValueType }
  | {
      readonly kind: 'list';
      readonly listType: ListType['type'];
      readonly keys: readonly KeyField[];
      readonly element: ValueType;
    }
  /** A value the schema does not declare: its own shape decides (objects merge, lists are atomic), as Kubernetes deduces it. */
  | { readonly kind: 'untyped' };

/** One field of a struct: its type, its strategic merge patch metadata, and whether the schema declares it. */
export interface FieldType {
  readonly type: ValueType;
  readonly meta: PatchMeta;
  readonly declared: boolean;
}

export const scalarType: ValueType = { kind: 'scalar' };
export const untypedType: ValueType = { kind: 'untyped' };
const undeclared: FieldType = { type: untypedType, meta: {}, declared: false };

/** Messages whose JSON is a scalar: IntOrString is an integer or a string in Kubernetes' YAML. */
const scalarMessages: ReadonlySet<string> = new Set(['IntOrString']);

const fieldCache = new Map<string, FieldType>();

/** The type of a whole object of a kind, or undefined for a kind Orca does not serve. */
export function objectType(kind: string): ValueType | undefined {
  const info = kindInfo(kind);
  return info === undefined ? undefined : { kind: 'struct', message: info.messageName, atomic: false };
}

/** The field `fieldName` (Kubernetes spelling) of a struct message. */
export function structField(message: string, fieldName: string): FieldType {
  const cacheKey = `${message}.${fieldName}`;
  const cached = fieldCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const field = messageSchema(message).byName.get(modelFieldName(fieldName));
  const result =
    field === undefined || kubernetesFieldName(field.name) !== fieldName
      ? { ...undeclared, meta: patchMetaFor(message, fieldName) ?? {} }
      : {
          type: fieldValueType(message, fieldName, field),
          meta: patchMetaFor(message, fieldName) ?? {},
          declared: true,
        };
  fieldCache.set(cacheKey, result);
  return result;
}

function fieldValueType(parent: string, fieldName: string, field: FieldSchema): ValueType {
  if (field.map) return { kind: 'map', atomic: isAtomicMap(parent, fieldName), element: scalarType };
  const element = elementType(parent, fieldName, field);
  if (!field.repeated) return element;
  const listType = listTypeFor(parent, fieldName);
  const keys =
    listType.type === 'map' && element.kind === 'struct'
      ? listType.keys.map((name) => ({ name, defaultValue: keyDefaultFor(element.message, name) }))
      : [];
  return { kind: 'list', listType: listType.type, keys, element };
}

function elementType(parent: string, fieldName: string, field: FieldSchema): ValueType {
  if (field.message === undefined || scalarMessages.has(field.message)) return scalarType;
  return { kind: 'struct', message: field.message, atomic: isAtomicStruct(field.message, parent, fieldName) };
}

/** The type of the value under `key` of an object of type `type` (a struct's field, a map's value). */
export function childOfObject(type: ValueType, key: string): FieldType {
  if (type.kind === 'struct') return structField(type.message, key);
  if (type.kind === 'map') return { type: type.element, meta: {}, declared: false };
  return undeclared;
}

/**
 * The strategic merge patch metadata of the field at `path` of an object of
 * `kind` (`['spec', 'template', 'spec', 'containers']`), walking through lists
 * to their items; undefined when the field has none or the path is unknown.
 */
export function patchMetaAtPath(kind: string, path: readonly string[]): PatchMeta | undefined {
  let type = objectType(kind);
  let meta: PatchMeta | undefined;
  for (const name of path) {
    if (type === undefined) return undefined;
    const field = childOfObject(type, name);
    meta = field.meta;
    type = field.type.kind === 'list' ? field.type.element : field.type;
  }
  return meta?.strategy === undefined && meta?.mergeKey === undefined ? undefined : meta;
}
