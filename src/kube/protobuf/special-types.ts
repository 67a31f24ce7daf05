/**
 * The messages whose Kubernetes JSON is not an object of their fields, each
 * converted as its Go type marshals to JSON:
 * - Time: RFC 3339 to the second, in UTC (`2024-01-02T03:04:05Z`); upstream
 *   drops the nanoseconds when it decodes one.
 * - MicroTime: RFC 3339 with six fractional digits, truncated to microseconds.
 * - An empty Time or MicroTime is Go's zero time (0001-01-01T00:00:00Z), which
 *   JSON writes as null: it is left out (every creationTimestamp arrives so).
 * - Quantity: its string; an empty message is the zero quantity, "0".
 * - IntOrString: intVal as a number when type is 0, strVal when type is 1.
 * - FieldsV1 and RawExtension: the JSON their bytes hold; left out when empty.
 */
import { ProtobufErrorCode } from './protobuf-error.js';
import { failAt } from './decode-context.js';
import type { MessagePlan, SpecialMessage } from './message-plan.js';
import { int32Of, utf8 } from './scalars.js';
import { WireReader, WireType } from './wire-reader.js';

/** The raw value of each field, by proto name (the last occurrence wins); unknown fields are skipped. */
export function readRawFields(plan: MessagePlan, bytes: Uint8Array, path: string): Map<string, bigint | Uint8Array> {
  const fail = failAt(path);
  const reader = new WireReader(bytes, fail);
  const values = new Map<string, bigint | Uint8Array>();
  while (!reader.done()) {
    const tag = reader.tag();
    const field = plan.fields.get(tag.fieldNumber);
    if (field === undefined) {
      reader.skip(tag);
      continue;
    }
    if (tag.wireType !== field.wireType)
      fail(`field ${field.protoName} of ${plan.fullName} has wire type ${tag.wireType}, not ${field.wireType}`);
    values.set(
      field.protoName,
      field.wireType === WireType.lengthDelimited ? reader.lengthDelimited() : reader.varint(),
    );
  }
  return values;
}

function bigintField(values: Map<string, bigint | Uint8Array>, name: string): bigint {
  const value = values.get(name);
  return typeof value === 'bigint' ? value : 0n;
}

function bytesField(values: Map<string, bigint | Uint8Array>, name: string): Uint8Array | undefined {
  const value = values.get(name);
  return value instanceof Uint8Array ? value : undefined;
}

/** Go's time.Time formats years 0001 to 9999 only. */
const secondsMin = -62_135_596_800n;
const secondsMax = 253_402_300_799n;

/** The time as Go's JSON writes it, or undefined for Go's zero time (0001-01-01T00:00:00Z), which it writes as null. */
function rfc3339(seconds: bigint, microseconds: number | undefined, path: string): string | undefined {
  if (seconds === secondsMin && (microseconds ?? 0) === 0) return undefined;
  if (seconds < secondsMin || seconds > secondsMax)
    failAt(path, ProtobufErrorCode.outOfRange)(`${seconds} seconds is outside the years 0001 to 9999`);
  const iso = new Date(Number(seconds) * 1000).toISOString();
  const base = iso.slice(0, iso.indexOf('.'));
  return microseconds === undefined ? `${base}Z` : `${base}.${String(microseconds).padStart(6, '0')}Z`;
}

function microTime(values: Map<string, bigint | Uint8Array>, path: string): string | undefined {
  const nanos = BigInt(int32Of(bigintField(values, 'nanos')));
  // Truncated toward zero, then normalized into the second, as Go's time.Unix does.
  const totalMicros = BigInt.asIntN(64, bigintField(values, 'seconds')) * 1_000_000n + nanos / 1000n;
  let seconds = totalMicros / 1_000_000n;
  let micros = totalMicros % 1_000_000n;
  if (micros < 0n) {
    seconds -= 1n;
    micros += 1_000_000n;
  }
  return rfc3339(seconds, Number(micros), path);
}

function parseJson(bytes: Uint8Array | undefined, what: string, path: string): unknown {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    return JSON.parse(utf8(bytes)) as unknown;
  } catch (error: unknown) {
    return failAt(path)(`${what} does not hold JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function intOrString(values: Map<string, bigint | Uint8Array>, path: string): number | string {
  const type = BigInt.asIntN(64, bigintField(values, 'type'));
  if (type === 0n) return int32Of(bigintField(values, 'intVal'));
  if (type === 1n) return utf8(bytesField(values, 'strVal') ?? new Uint8Array());
  return failAt(path)(`an IntOrString has type ${type}; only 0 (number) and 1 (string) exist`);
}

/** The JSON value of a special message, or undefined where Go's JSON would hold null (the field is left out). */
export function decodeSpecial(special: SpecialMessage, plan: MessagePlan, bytes: Uint8Array, path: string): unknown {
  const values = readRawFields(plan, bytes, path);
  switch (special) {
    case 'Time':
      return bytes.length === 0
        ? undefined
        : rfc3339(BigInt.asIntN(64, bigintField(values, 'seconds')), undefined, path);
    case 'MicroTime':
      return bytes.length === 0 ? undefined : microTime(values, path);
    case 'Quantity': {
      const text = bytesField(values, 'string');
      return text === undefined ? '0' : utf8(text);
    }
    case 'IntOrString':
      return intOrString(values, path);
    case 'FieldsV1':
      return parseJson(bytesField(values, 'Raw'), 'FieldsV1', path);
    case 'RawExtension':
      return parseJson(bytesField(values, 'raw'), 'the embedded object', path);
  }
}
