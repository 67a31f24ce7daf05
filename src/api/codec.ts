// Between Kubernetes-shaped JSON (what YAML manifests and `-o json` hold) and the
// model, driven by the proto schema. Decoding is strict like
// `kubectl --validate=strict`: an unknown field, or a value of the wrong type, is
// an error at its field path. Encoding writes Kubernetes' names and scalars and
// leaves out what is unset.
import type { FieldError } from './errors.js';
import { kubernetesFieldName, modelFieldName } from './field-names.js';
import { messageSchema, type FieldSchema, type ScalarType } from './schema.js';

type Json = Record<string, unknown>;

/** Resource lists and size fields: Kubernetes accepts `cpu: 2` and `memory: 1073741824` as quantities. */
const quantityMaps: ReadonlySet<string> = new Set(['requests', 'limits', 'capacity', 'allocatable']);
const quantityScalars: ReadonlySet<string> = new Set(['sizeLimit', 'divisor']);
const int32Max = 2 ** 31 - 1;

export function joinPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Decode one message; errors are appended, and the result holds every field that decoded. */
export function decodeMessage(value: unknown, messageName: string, path: string, errors: FieldError[]): Json {
  if (!isPlainObject(value)) {
    errors.push({ path, message: `must be an object, not ${typeName(value)}` });
    return {};
  }
  const schema = messageSchema(messageName);
  const result: Json = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const fieldPath = joinPath(path, key);
    const modelName = modelFieldName(key);
    const field = schema.byName.get(modelName);
    // the model's own spelling (podIp) is not a Kubernetes name: refuse it too
    if (field === undefined || kubernetesFieldName(modelName) !== key) {
      errors.push({ path: fieldPath, message: 'unknown field' });
      continue;
    }
    if (fieldValue === null || fieldValue === undefined) continue;
    const decoded = decodeField(fieldValue, field, fieldPath, errors);
    if (decoded !== undefined && !isUnset(decoded, field)) result[field.name] = decoded;
  }
  return result;
}

/**
 * What proto3 cannot tell from absent: an empty list or map, or the zero value
 * of a scalar without presence. Dropping them here makes a decoded object equal
 * to its own round trip (`restartCount: 0` and no restartCount are one object).
 */
function isUnset(value: unknown, field: FieldSchema): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (field.map) return isPlainObject(value) && Object.keys(value).length === 0;
  return field.message === undefined && !field.hasPresence && value === zeroOf(field);
}

function decodeField(value: unknown, field: FieldSchema, path: string, errors: FieldError[]): unknown {
  if (field.map) return decodeMap(value, field, path, errors);
  if (field.repeated) {
    if (!Array.isArray(value)) {
      errors.push({ path, message: `must be a list, not ${typeName(value)}` });
      return undefined;
    }
    return value.map((item, index) => decodeSingle(item, field, `${path}[${index}]`, errors));
  }
  return decodeSingle(value, field, path, errors);
}

function decodeMap(value: unknown, field: FieldSchema, path: string, errors: FieldError[]): unknown {
  if (!isPlainObject(value)) {
    errors.push({ path, message: `must be a map, not ${typeName(value)}` });
    return undefined;
  }
  const result: Record<string, unknown> = {};
  const allowNumbers = quantityMaps.has(field.name);
  for (const [key, entry] of Object.entries(value)) {
    const decoded = decodeScalar(entry, field.scalar ?? 'string', `${path}.${key}`, errors, allowNumbers);
    if (decoded !== undefined) result[key] = decoded;
  }
  return result;
}

function decodeSingle(value: unknown, field: FieldSchema, path: string, errors: FieldError[]): unknown {
  if (field.message === 'IntOrString') return decodeIntOrString(value, path, errors);
  if (field.message !== undefined) return decodeMessage(value, field.message, path, errors);
  return decodeScalar(value, field.scalar ?? 'string', path, errors, quantityScalars.has(field.name));
}

function decodeIntOrString(value: unknown, path: string, errors: FieldError[]): unknown {
  if (typeof value === 'string') return { strVal: value };
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= int32Max) return { intVal: value };
  errors.push({ path, message: `must be an integer or a string, not ${typeName(value)}` });
  return undefined;
}

function decodeScalar(
  value: unknown,
  type: ScalarType,
  path: string,
  errors: FieldError[],
  allowNumberAsString: boolean,
): unknown {
  switch (type) {
    case 'string':
    case 'bytes':
      if (typeof value === 'string') return value;
      if (allowNumberAsString && typeof value === 'number' && Number.isFinite(value)) return String(value);
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'double':
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      break;
    default:
      if (typeof value === 'number' && Number.isSafeInteger(value)) {
        if ((type === 'int32' && Math.abs(value) > int32Max) || (type.startsWith('uint') && value < 0)) {
          errors.push({ path, message: `must fit in ${type}` });
          return undefined;
        }
        return value;
      }
      errors.push({
        path,
        message: `must be an integer, not ${typeof value === 'number' ? String(value) : typeName(value)}`,
      });
      return undefined;
  }
  errors.push({
    path,
    message: `must be a ${type === 'bool' ? 'boolean' : type === 'bytes' ? 'string' : type}, not ${typeName(value)}`,
  });
  return undefined;
}

export interface EncodeOptions {
  /** Kubernetes names and IntOrString as a scalar (for YAML/JSON); otherwise the model's shape (normalizing a gRPC output). */
  readonly kubernetes: boolean;
}

/**
 * Encode a model message: unset, null, empty lists and maps, and the zero
 * value of a field without presence are left out; an empty message is kept,
 * because `emptyDir: {}` means something.
 */
export function encodeMessage(value: object, messageName: string, options: EncodeOptions): Json {
  const source = value as Json;
  const result: Json = {};
  for (const field of messageSchema(messageName).fields) {
    const encoded = encodeField(source[field.name], field, options);
    if (encoded !== undefined) result[options.kubernetes ? kubernetesFieldName(field.name) : field.name] = encoded;
  }
  return result;
}

function encodeField(value: unknown, field: FieldSchema, options: EncodeOptions): unknown {
  if (value === undefined || value === null) return undefined;
  if (field.map) {
    if (!isPlainObject(value) || Object.keys(value).length === 0) return undefined;
    return { ...value };
  }
  if (field.repeated) {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    return value.map((item: unknown) => encodeSingle(item, field, options) ?? zeroOf(field));
  }
  const encoded = encodeSingle(value, field, options);
  if (field.message === undefined && !field.hasPresence && encoded === zeroOf(field)) return undefined;
  return encoded;
}

function zeroOf(field: FieldSchema): unknown {
  if (field.message !== undefined) return {};
  if (field.scalar === 'bool') return false;
  if (field.scalar === 'string' || field.scalar === 'bytes') return '';
  return 0;
}

function encodeSingle(value: unknown, field: FieldSchema, options: EncodeOptions): unknown {
  if (field.message === 'IntOrString') return encodeIntOrString(value, options);
  if (field.message !== undefined)
    return isPlainObject(value) ? encodeMessage(value, field.message, options) : undefined;
  return value;
}

function encodeIntOrString(value: unknown, options: EncodeOptions): unknown {
  if (!isPlainObject(value)) return undefined;
  // a gRPC output names the set member in `value`; a model sets exactly one
  const useString =
    value['value'] === 'strVal' || (value['value'] === undefined && typeof value['strVal'] === 'string');
  const scalar = useString ? value['strVal'] : value['intVal'];
  if (scalar === undefined) return undefined;
  if (options.kubernetes) return scalar;
  return useString ? { strVal: scalar } : { intVal: scalar };
}
