/**
 * One protobuf message to Kubernetes JSON, driven by its schema. The rules
 * are those of Go's encoding/json over the Go struct that upstream decodes
 * into, so the result equals what the same client would have sent as JSON:
 * - a scalar is left out when it is zero unless its field keeps zeros
 *   (Go writes non-pointer fields even when zero; their `omitempty` drops them);
 * - a message field that is on the wire is an object even when empty (`status: {}`);
 * - an inline field's fields land in the enclosing object;
 * - lists are arrays, maps are objects, a repeated occurrence of a
 *   non-repeated message merges into the first, a scalar's last one wins;
 * - a field number the schema does not know is skipped and reported.
 */
import type protobuf from 'protobufjs';
import { checkDepth, countValue, failAt, indexPath, joinPath, keyPath, type DecodeContext } from './decode-context.js';
import { messagePlan, type FieldPlan, type MessagePlan } from './message-plan.js';
import { assertProtobuf } from './protobuf-error.js';
import { isZero, readScalar, scalarWireType, utf8 } from './scalars.js';
import { decodeSpecial } from './special-types.js';
import { WireReader, WireType, type Fail } from './wire-reader.js';

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Set a key that came from the wire (a map key may be `__proto__`) as a plain own property. */
function setOwn(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Decode `bytes` as `type` into a new object. */
export function decodeMessage(
  type: protobuf.Type,
  bytes: Uint8Array,
  context: DecodeContext,
  path: string,
  depth: number,
): Json {
  const target: Json = {};
  decodeInto(messagePlan(type), bytes, context, { path, depth, target });
  return target;
}

/** Where a message's fields go: the object, its JSON path and its depth. */
interface Place {
  readonly path: string;
  readonly depth: number;
  readonly target: Json;
}

/** The place of the message holding a field, and the field's own path. */
interface FieldPlace extends Place {
  readonly fieldPath: string;
}

function decodeInto(plan: MessagePlan, bytes: Uint8Array, context: DecodeContext, place: Place): void {
  checkDepth(context, place.depth, place.path);
  // A failure while reading a field's value is reported at that field's path.
  let failingPath = place.path;
  const fail: Fail = (message) => failAt(failingPath)(message);
  const reader = new WireReader(bytes, fail);
  while (!reader.done()) {
    failingPath = place.path;
    const tag = reader.tag();
    const field = plan.fields.get(tag.fieldNumber);
    if (field === undefined) {
      context.unknownFields.push({ path: place.path, message: plan.fullName, fieldNumber: tag.fieldNumber });
      reader.skip(tag);
      continue;
    }
    const packed =
      field.shape === 'repeated' && field.scalar !== undefined && scalarWireType(field.scalar) === WireType.varint;
    if (tag.wireType !== field.wireType && !(packed && tag.wireType === WireType.lengthDelimited))
      fail(
        `field ${field.protoName} (${tag.fieldNumber}) of ${plan.fullName} has wire type ${tag.wireType}, not ${field.wireType}`,
      );
    const at: FieldPlace = { ...place, fieldPath: joinPath(place.path, field.jsonName) };
    failingPath = at.fieldPath;
    countValue(context, at.fieldPath);
    if (field.shape === 'map') decodeMapEntry(field, reader.lengthDelimited(), context, at);
    else if (field.shape === 'repeated') decodeElement(field, tag.wireType, reader, context, at);
    else decodeSingle(field, reader, context, at);
  }
}

/** The value of a message field one level below `depth`: a special message's JSON (undefined: leave out), or a new object. */
function messageValue(
  type: protobuf.Type,
  bytes: Uint8Array,
  context: DecodeContext,
  path: string,
  depth: number,
): unknown {
  const plan = messagePlan(type);
  if (plan.special === undefined) return decodeMessage(type, bytes, context, path, depth + 1);
  checkDepth(context, depth + 1, path);
  return decodeSpecial(plan.special, plan, bytes, path);
}

/** One occurrence of a non-repeated field. */
function decodeSingle(field: FieldPlan, reader: WireReader, context: DecodeContext, at: FieldPlace): void {
  const { target } = at;
  if (field.scalar !== undefined) {
    const value = readScalar(reader, field.scalar, at.fieldPath);
    if (isZero(value) && !field.keepZero) delete target[field.jsonName];
    else target[field.jsonName] = value;
    return;
  }
  assertProtobuf(field.message !== undefined, `field ${field.protoName} is neither a scalar nor a message`);
  const bytes = reader.lengthDelimited();
  const plan = messagePlan(field.message);
  if (field.inline) {
    // An inline field has no JSON name of its own: its fields sit in the enclosing object.
    decodeInto(plan, bytes, context, { path: at.path, depth: at.depth + 1, target });
    return;
  }
  const existing = target[field.jsonName];
  if (plan.special === undefined && isPlainObject(existing)) {
    decodeInto(plan, bytes, context, { path: at.fieldPath, depth: at.depth + 1, target: existing });
    return;
  }
  const value = messageValue(field.message, bytes, context, at.fieldPath, at.depth);
  if (value === undefined) delete target[field.jsonName];
  else target[field.jsonName] = value;
}

/** One occurrence of a repeated field: one element, or (packed) several scalars. */
function decodeElement(
  field: FieldPlan,
  wireType: WireType,
  reader: WireReader,
  context: DecodeContext,
  at: FieldPlace,
): void {
  const existing = at.target[field.jsonName];
  const list: unknown[] = Array.isArray(existing) ? existing : [];
  at.target[field.jsonName] = list;
  const elementPath = indexPath(at.fieldPath, list.length);
  if (field.scalar !== undefined) {
    if (wireType !== WireType.lengthDelimited || scalarWireType(field.scalar) !== WireType.varint) {
      list.push(readScalar(reader, field.scalar, elementPath));
      return;
    }
    // Packed: proto2 does not pack by default, but a writer may.
    const packed = new WireReader(reader.lengthDelimited(), failAt(elementPath));
    while (!packed.done()) {
      const path = indexPath(at.fieldPath, list.length);
      countValue(context, path);
      list.push(readScalar(packed, field.scalar, path));
    }
    return;
  }
  assertProtobuf(field.message !== undefined, `field ${field.protoName} is neither a scalar nor a message`);
  const value = messageValue(field.message, reader.lengthDelimited(), context, elementPath, at.depth);
  list.push(value === undefined ? null : value);
}

/** One map entry (a message of key = 1, value = 2); a missing value is its type's zero. */
function decodeMapEntry(field: FieldPlan, bytes: Uint8Array, context: DecodeContext, at: FieldPlace): void {
  const fail = failAt(at.fieldPath);
  const reader = new WireReader(bytes, fail);
  let key = '';
  let value: unknown;
  let valueBytes: Uint8Array | undefined;
  while (!reader.done()) {
    const tag = reader.tag();
    if (tag.fieldNumber === 1 && tag.wireType === WireType.lengthDelimited) key = utf8(reader.lengthDelimited());
    else if (tag.fieldNumber === 2 && field.scalar !== undefined && tag.wireType === scalarWireType(field.scalar))
      value = readScalar(reader, field.scalar, at.fieldPath);
    else if (tag.fieldNumber === 2 && field.message !== undefined && tag.wireType === WireType.lengthDelimited)
      valueBytes = reader.lengthDelimited();
    else if (tag.fieldNumber === 1 || tag.fieldNumber === 2)
      fail(`an entry of map ${field.protoName} has field ${tag.fieldNumber} with wire type ${tag.wireType}`);
    else reader.skip(tag);
  }
  const entryPath = keyPath(at.fieldPath, key);
  if (field.message !== undefined)
    value = messageValue(field.message, valueBytes ?? new Uint8Array(), context, entryPath, at.depth);
  else if (value === undefined)
    value = field.scalar === 'bool' ? false : field.scalar === 'int32' || field.scalar === 'int64' ? 0 : '';
  const existing = at.target[field.jsonName];
  const map: Json = isPlainObject(existing) ? existing : {};
  at.target[field.jsonName] = map;
  setOwn(map, key, value === undefined ? null : value);
}
