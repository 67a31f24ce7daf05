/**
 * The limits of one decode. The body limit is kube-apiserver's 3 MiB request
 * limit; the others stop a small body from unfolding into a huge object (an
 * empty message costs 2 bytes on the wire and an object in memory) or from
 * nesting past what any Kubernetes kind needs.
 */
import { assertProtobuf } from './protobuf-error.js';

export interface ProtobufLimits {
  /** The largest body accepted, envelope included. */
  readonly bodyBytesMax: number;
  /** The deepest nesting of messages (a CronJob's pod affinity terms sit about 12 deep). */
  readonly depthMax: number;
  /** The most fields, list items and map entries one body may decode to. */
  readonly valuesMax: number;
}

export const defaultProtobufLimits: ProtobufLimits = {
  bodyBytesMax: 3 * 1024 * 1024,
  depthMax: 64,
  valuesMax: 1_000_000,
};

/** The defaults with `overrides` applied; a limit that is not a positive integer is a programmer error. */
export function validateProtobufLimits(overrides: Partial<ProtobufLimits> = {}): ProtobufLimits {
  const limits: ProtobufLimits = { ...defaultProtobufLimits, ...overrides };
  for (const [name, value] of Object.entries(limits))
    assertProtobuf(Number.isSafeInteger(value) && value > 0, `limit ${name} must be a positive integer, not ${value}`);
  return limits;
}
