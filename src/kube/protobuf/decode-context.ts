/**
 * The state one decode carries down the tree: its limits, the running count
 * of values, the unknown fields met so far, and how to fail at a field path.
 */
import type { ProtobufLimits } from './limits.js';
import { KubernetesProtobufError, ProtobufErrorCode } from './protobuf-error.js';

/** A field number the schema of its message does not know: skipped, as kube-apiserver's decoder does. */
export interface UnknownField {
  /** The JSON path of the object that held it ('' for the top level). */
  readonly path: string;
  /** The protobuf message it was in: `k8s.io.api.core.v1.PodSpec`. */
  readonly message: string;
  readonly fieldNumber: number;
}

export interface DecodeContext {
  readonly limits: ProtobufLimits;
  values: number;
  readonly unknownFields: UnknownField[];
}

export function newContext(limits: ProtobufLimits): DecodeContext {
  return { limits, values: 0, unknownFields: [] };
}

export function joinPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export function keyPath(parent: string, key: string): string {
  return `${parent}[${JSON.stringify(key)}]`;
}

function where(path: string): string {
  return path === '' ? 'the top level' : path;
}

/** A thrower for the bytes at `path`, for the wire reader and the converters. */
export function failAt(
  path: string,
  code: ProtobufErrorCode = ProtobufErrorCode.malformed,
): (message: string) => never {
  return (message: string): never => {
    const prefix =
      code === ProtobufErrorCode.malformed
        ? 'the protobuf body is malformed at'
        : 'the protobuf body cannot be decoded at';
    throw new KubernetesProtobufError(code, `${prefix} ${where(path)}: ${message}`, path);
  };
}

/** Count one decoded value against the limit. */
export function countValue(context: DecodeContext, path: string): void {
  context.values += 1;
  if (context.values > context.limits.valuesMax)
    failAt(path, ProtobufErrorCode.tooLarge)(`the body decodes to more than ${context.limits.valuesMax} values`);
}

export function checkDepth(context: DecodeContext, depth: number, path: string): void {
  if (depth > context.limits.depthMax)
    failAt(path, ProtobufErrorCode.tooDeep)(`messages nest deeper than ${context.limits.depthMax} levels`);
}
