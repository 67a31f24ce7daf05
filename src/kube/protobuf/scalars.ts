/**
 * Scalar values from the wire to Kubernetes JSON: strings as UTF-8 (invalid
 * sequences become U+FFFD, as Go's JSON encoder writes them), bytes as base64
 * (Go's encoding of []byte), integers as numbers — refused when a 64-bit value
 * does not fit a JSON number exactly rather than silently rounded.
 */
import { ProtobufErrorCode } from './protobuf-error.js';
import { failAt } from './decode-context.js';
import type { ScalarType } from './message-plan.js';
import { WireType, type WireReader } from './wire-reader.js';

export type JsonScalar = string | number | boolean;

const textDecoder = new TextDecoder('utf-8');

export function utf8(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}

export function int32Of(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

export function int64Of(value: bigint, path: string): number {
  const signed = BigInt.asIntN(64, value);
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER))
    failAt(path, ProtobufErrorCode.outOfRange)(`${signed} does not fit a JSON number exactly`);
  return Number(signed);
}

/** The wire type a scalar arrives in, unpacked. */
export function scalarWireType(scalar: ScalarType): WireType {
  return scalar === 'string' || scalar === 'bytes' ? WireType.lengthDelimited : WireType.varint;
}

/** One scalar at the reader's position, whose tag was already read and checked against `scalar`. */
export function readScalar(reader: WireReader, scalar: ScalarType, path: string): JsonScalar {
  switch (scalar) {
    case 'string':
      return utf8(reader.lengthDelimited());
    case 'bytes':
      return Buffer.from(reader.lengthDelimited()).toString('base64');
    case 'bool':
      return reader.varint() !== 0n;
    case 'int32':
      return int32Of(reader.varint());
    case 'int64':
      return int64Of(reader.varint(), path);
  }
}

export function isZero(value: JsonScalar): boolean {
  return value === '' || value === 0 || value === false;
}
