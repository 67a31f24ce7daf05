/**
 * The schema as one neutral model, rendered twice: as Swagger 2.0 definitions
 * and as OpenAPI 3.0 components (they differ in how a reference is written and
 * in how Quantity and IntOrString are typed). Building the model once keeps the
 * two documents saying the same thing.
 */
import type { Gvk } from './names.js';

export type ScalarName = 'string' | 'integer' | 'number' | 'boolean';

export type TypeRef =
  | { readonly kind: 'scalar'; readonly type: ScalarName; readonly format?: string }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'array'; readonly items: TypeRef }
  | { readonly kind: 'map'; readonly values: TypeRef };

export interface Property {
  /** The Kubernetes field name (podIP, not podIp). */
  readonly name: string;
  readonly type: TypeRef;
  readonly description?: string;
  /** `x-kubernetes-*` extensions of the property: patch strategy, merge key, list type. */
  readonly extensions: Readonly<Record<string, unknown>>;
}

/**
 * An object type, or one of the named scalars Kubernetes gives a definition of
 * its own (Quantity, IntOrString, Time) and the free-form objects (RawExtension).
 */
export type DefinitionForm = 'object' | 'quantity' | 'int-or-string' | 'date-time' | 'free-form';

export interface Definition {
  readonly name: string;
  readonly form: DefinitionForm;
  readonly description?: string;
  /** In the order manifests write them (proto field order). */
  readonly properties: readonly Property[];
  readonly required: readonly string[];
  /** Set on the kinds (and lists, Status, ...) that a request or response carries as a whole object. */
  readonly gvks: readonly Gvk[];
}

export function scalar(type: ScalarName, format?: string): TypeRef {
  return format === undefined ? { kind: 'scalar', type } : { kind: 'scalar', type, format };
}

export function ref(name: string): TypeRef {
  return { kind: 'ref', name };
}

export function arrayOf(items: TypeRef): TypeRef {
  return { kind: 'array', items };
}

export function mapOf(values: TypeRef): TypeRef {
  return { kind: 'map', values };
}

/** A property with no extensions, for the definitions written here rather than read from the protos. */
export function property(name: string, type: TypeRef, description?: string): Property {
  return description === undefined ? { name, type, extensions: {} } : { name, type, description, extensions: {} };
}

/** Every definition a type names, directly or through arrays and maps. */
export function referencedNames(type: TypeRef): string[] {
  switch (type.kind) {
    case 'ref':
      return [type.name];
    case 'array':
      return referencedNames(type.items);
    case 'map':
      return referencedNames(type.values);
    case 'scalar':
      return [];
  }
}
