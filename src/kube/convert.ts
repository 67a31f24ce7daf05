/**
 * Between the REST API's JSON and the object model, at the adapter's edge:
 * decoding is the manifest decoder's (strict, every error at its field path),
 * with Kubernetes' `fieldValidation` (Strict refuses an unknown field; Warn,
 * the default, and Ignore drop it — Warn says so in a `Warning` header), the
 * URL's group/version/kind filled in where the body leaves them out, and
 * `managedFields[].fieldsV1` carried as an object here and as its JSON text in
 * the model.
 */
import { decodeObject, encodeObject, ManifestError, type FieldError, type OrcaObject } from '../api/index.js';
import { isPlainObject } from './http-io.js';
import type { Resource } from './resources.js';
import { KubeError, type Json } from './status.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw new KubeError(400, 'BadRequest', `fieldValidation: "${value}" must be Strict, Warn or Ignore`);
}

export interface Decoded {
  readonly object: OrcaObject;
  /** Unknown fields dropped (Warn): one Warning header each. */
  readonly warnings: readonly string[];
}

function managedFieldsToModel(value: Json): Json {
  const metadata = value['metadata'];
  if (!isPlainObject(metadata) || !Array.isArray(metadata['managedFields'])) return value;
  const managedFields = metadata['managedFields'].map((entry: unknown) =>
    isPlainObject(entry) && isPlainObject(entry['fieldsV1'])
      ? { ...entry, fieldsV1: JSON.stringify(entry['fieldsV1']) }
      : entry,
  );
  return { ...value, metadata: { ...metadata, managedFields } };
}

/** Remove the field at a decoder path (`spec.template.spec.containers[0].foo`) from a copy of the JSON. */
function withoutPath(value: Json, path: string): Json {
  const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  const copy = structuredClone(value);
  let at: unknown = copy;
  for (const [index, step] of steps.entries()) {
    const key: string | number = step.startsWith('[') ? Number(step.slice(1, -1)) : step;
    const last = index === steps.length - 1;
    if (Array.isArray(at) && typeof key === 'number') {
      if (last) at.splice(key, 1);
      else at = at[key];
    } else if (isPlainObject(at) && typeof key === 'string') {
      if (last) delete at[key];
      else at = at[key];
    } else return copy;
  }
  return copy;
}

/** A request body as a model object of the URL's resource. */
export function decodeBody(body: Json, resource: Resource, validation: FieldValidation): Decoded {
  const filled: Json = {
    ...body,
    apiVersion: body['apiVersion'] ?? resource.groupVersion,
    kind: body['kind'] ?? resource.kind,
  };
  if (filled['apiVersion'] !== resource.groupVersion || filled['kind'] !== resource.kind) {
    throw new KubeError(
      400,
      'BadRequest',
      `the body is a ${String(filled['kind'])} of ${String(filled['apiVersion'])}, but the request is for ${resource.plural} of ${resource.groupVersion}`,
    );
  }
  let source = managedFieldsToModel(filled);
  const warnings: string[] = [];
  // Each pass drops the unknown fields it found; a bounded number of passes, as fields nest.
  for (let pass = 0; ; pass += 1) {
    try {
      return { object: decodeObject(source), warnings };
    } catch (error: unknown) {
      if (!(error instanceof ManifestError)) throw error;
      const unknown = error.fieldErrors.filter((field: FieldError) => field.message === 'unknown field');
      if (validation === 'Strict' || unknown.length === 0 || unknown.length < error.fieldErrors.length || pass >= 8)
        throw strictError(error);
      for (const field of unknown) {
        source = withoutPath(source, field.path);
        warnings.push(`unknown field "${field.path}"`);
      }
    }
  }
}

/** Kubernetes' wording for a strict decoding failure: `strict decoding error: unknown field "spec.foo"`. */
function strictError(error: ManifestError): Error {
  if (!error.fieldErrors.every((field) => field.message === 'unknown field')) return error;
  const fields = error.fieldErrors.map((field) => `unknown field "${field.path}"`).join(', ');
  return new KubeError(
    400,
    'BadRequest',
    `strict decoding error: ${fields}`,
    error.fieldErrors.map((field) => ({ reason: 'FieldValueInvalid', message: 'unknown field', field: field.path })),
  );
}

/** A model object as the REST API's JSON. */
export function encodeForKube(object: OrcaObject): Json {
  const json = encodeObject(object);
  const metadata = json['metadata'];
  if (!isPlainObject(metadata) || !Array.isArray(metadata['managedFields'])) return json;
  const managedFields = metadata['managedFields'].map((entry: unknown) => {
    if (!isPlainObject(entry) || typeof entry['fieldsV1'] !== 'string') return entry;
    try {
      return { ...entry, fieldsV1: JSON.parse(entry['fieldsV1']) as unknown };
    } catch {
      return { ...entry, fieldsV1: {} };
    }
  });
  return { ...json, metadata: { ...metadata, managedFields } };
}
