/**
 * The neutral model written out as Swagger 2.0 definitions and as OpenAPI 3.0
 * component schemas, in the shapes Kubernetes' own documents have, because that
 * is what kubectl reads: v2 puts a description beside a `$ref`; v3 wraps a
 * reference that has a description (or extensions) in `allOf: [{$ref}]`, since a
 * `$ref`'s siblings are ignored there. Quantity and IntOrString are plain strings
 * in v2 and `oneOf` in v3, as Kubernetes' generator writes them.
 */
import type { Json } from '../status.js';
import type { Definition, Property, TypeRef } from './model.js';
import type { Gvk } from './names.js';

export type SpecVersion = 'v2' | 'v3';

export function refPrefix(version: SpecVersion): string {
  return version === 'v2' ? '#/definitions/' : '#/components/schemas/';
}

/** Kubernetes writes the extension with its keys in this order. */
export function gvkJson(gvk: Gvk): Json {
  return { group: gvk.group, kind: gvk.kind, version: gvk.version };
}

function typeJson(type: TypeRef, version: SpecVersion): Json {
  switch (type.kind) {
    case 'scalar':
      return type.format === undefined ? { type: type.type } : { type: type.type, format: type.format };
    case 'ref':
      return { $ref: refPrefix(version) + type.name };
    case 'array':
      return { type: 'array', items: typeJson(type.items, version) };
    case 'map':
      return { type: 'object', additionalProperties: typeJson(type.values, version) };
  }
}

function propertyJson(prop: Property, version: SpecVersion): Json {
  const described = prop.description === undefined ? {} : { description: prop.description };
  const hasSiblings = prop.description !== undefined || Object.keys(prop.extensions).length > 0;
  const type =
    version === 'v3' && prop.type.kind === 'ref' && hasSiblings
      ? { allOf: [typeJson(prop.type, version)] }
      : typeJson(prop.type, version);
  return { ...type, ...described, ...prop.extensions };
}

function formJson(definition: Definition, version: SpecVersion): Json {
  switch (definition.form) {
    case 'quantity':
      return version === 'v2' ? { type: 'string' } : { oneOf: [{ type: 'string' }, { type: 'number' }] };
    case 'int-or-string':
      return version === 'v2'
        ? { type: 'string', format: 'int-or-string' }
        : { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] };
    case 'date-time':
      return { type: 'string', format: 'date-time' };
    case 'free-form':
    case 'object':
      return { type: 'object' };
  }
}

export function definitionJson(definition: Definition, version: SpecVersion): Json {
  const result: Json = {};
  if (definition.description !== undefined) result['description'] = definition.description;
  Object.assign(result, formJson(definition, version));
  if (definition.form === 'object' && definition.properties.length > 0)
    result['properties'] = Object.fromEntries(
      definition.properties.map((prop) => [prop.name, propertyJson(prop, version)]),
    );
  if (definition.required.length > 0) result['required'] = [...definition.required];
  if (definition.gvks.length > 0) result['x-kubernetes-group-version-kind'] = definition.gvks.map(gvkJson);
  return result;
}
