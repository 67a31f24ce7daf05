/**
 * The one error type of the Kubernetes protobuf decoder: the REST layer
 * branches on `code` (413 for a body too large, 415 for a kind or encoding we
 * have no schema for, 400 for the rest), users read `message`, which names
 * the field path where decoding stopped. A broken invariant of the schemas
 * themselves is not this error: it goes through `assertProtobuf` and crashes.
 */
import { assertIn } from '../../assert.js';

export const ProtobufErrorCode = {
  /** The body, or the number of values it decodes to, is over its limit. */
  tooLarge: 'too-large',
  /** The body does not start with the 4 bytes `k8s\0` that every Kubernetes protobuf body starts with. */
  notProtobuf: 'not-protobuf',
  /** The bytes are not a valid encoding of the message they claim to be. */
  malformed: 'malformed',
  /** Messages nest deeper than the limit. */
  tooDeep: 'too-deep',
  /** A number does not fit JSON exactly, or a time lies outside the years 0001 to 9999. */
  outOfRange: 'out-of-range',
  /** The envelope names an apiVersion and kind we have no schema for. */
  unsupportedKind: 'unsupported-kind',
  /** The envelope says its bytes are compressed or are not protobuf. */
  unsupportedEncoding: 'unsupported-encoding',
} as const;
export type ProtobufErrorCode = (typeof ProtobufErrorCode)[keyof typeof ProtobufErrorCode];

export class KubernetesProtobufError extends Error {
  override readonly name = 'KubernetesProtobufError';

  constructor(
    readonly code: ProtobufErrorCode,
    message: string,
    /** The JSON path of the field where decoding stopped ('' for the envelope). */
    readonly path = '',
  ) {
    super(message);
  }
}

export function isKubernetesProtobufError(error: unknown, code?: ProtobufErrorCode): error is KubernetesProtobufError {
  return error instanceof KubernetesProtobufError && (code === undefined || error.code === code);
}

/** A programmer error in the schemas or the decoder (a type the decoder cannot map): crash. */
export const assertProtobuf: (condition: unknown, message: string) => asserts condition = assertIn('kube protobuf');
