/**
 * What the decoder needs to know about each message, worked out once from the
 * protobufjs reflection and cached: for every field number, its JSON name,
 * its shape (one value, a list, a map), its value type, and the two options of
 * proto/kubernetes/options.proto that the wire alone does not tell (whether a
 * zero value stays in the JSON, whether the field is inlined into its parent).
 */
import protobuf from 'protobufjs';
import { assertProtobuf } from './protobuf-error.js';
import { WireType } from './wire-reader.js';

/** The scalar types Kubernetes' schemas use; anything else in a schema is a programmer error. */
export type ScalarType = 'string' | 'bytes' | 'bool' | 'int32' | 'int64';
const scalarTypes: ReadonlySet<string> = new Set<ScalarType>(['string', 'bytes', 'bool', 'int32', 'int64']);

/** Messages whose JSON form is not an object of their fields (see their comments in the schemas). */
export type SpecialMessage = 'Time' | 'MicroTime' | 'Quantity' | 'IntOrString' | 'FieldsV1' | 'RawExtension';
const specialMessages: ReadonlyMap<string, SpecialMessage> = new Map<string, SpecialMessage>([
  ['k8s.io.apimachinery.pkg.apis.meta.v1.Time', 'Time'],
  ['k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime', 'MicroTime'],
  ['k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1', 'FieldsV1'],
  ['k8s.io.apimachinery.pkg.api.resource.Quantity', 'Quantity'],
  ['k8s.io.apimachinery.pkg.util.intstr.IntOrString', 'IntOrString'],
  ['k8s.io.apimachinery.pkg.runtime.RawExtension', 'RawExtension'],
]);

const keepZeroOption = '(orca.kubernetes.keep_zero)';
const inlineOption = '(orca.kubernetes.inline)';

export interface FieldPlan {
  readonly number: number;
  readonly protoName: string;
  /** The name in Kubernetes JSON: the proto name, or its json_name option. */
  readonly jsonName: string;
  readonly shape: 'single' | 'repeated' | 'map';
  /** The value's type when it is a scalar (a map's value type for a map). */
  readonly scalar: ScalarType | undefined;
  /** The value's type when it is a message (a map's value type for a map). */
  readonly message: protobuf.Type | undefined;
  /** The wire type one value arrives in (a packed list of scalars arrives length-delimited too). */
  readonly wireType: WireType;
  readonly keepZero: boolean;
  readonly inline: boolean;
}

export interface MessagePlan {
  /** Without the leading dot: `k8s.io.api.core.v1.Pod`. */
  readonly fullName: string;
  readonly special: SpecialMessage | undefined;
  readonly fields: ReadonlyMap<number, FieldPlan>;
}

const plans = new WeakMap<protobuf.Type, MessagePlan>();

export function messagePlan(type: protobuf.Type): MessagePlan {
  const cached = plans.get(type);
  if (cached !== undefined) return cached;
  const fullName = type.fullName.replace(/^\./, '');
  const fields = new Map<number, FieldPlan>();
  for (const field of type.fieldsArray) {
    const plan = fieldPlan(fullName, field);
    fields.set(plan.number, plan);
  }
  const plan: MessagePlan = { fullName, special: specialMessages.get(fullName), fields };
  plans.set(type, plan);
  return plan;
}

function fieldPlan(messageName: string, field: protobuf.Field): FieldPlan {
  const where = `${messageName}.${field.name}`;
  field.resolve();
  const isMap = field instanceof protobuf.MapField;
  if (isMap) assertProtobuf(field.keyType === 'string', `map ${where} must have string keys`);
  const resolved = field.resolvedType;
  assertProtobuf(
    !(resolved instanceof protobuf.Enum),
    `${where} is an enum; Kubernetes writes enumerations as strings`,
  );
  const message = resolved instanceof protobuf.Type ? resolved : undefined;
  const scalar = message === undefined ? field.type : undefined;
  assertProtobuf(
    scalar === undefined || scalarTypes.has(scalar),
    `${where} has type ${field.type}, which is not decoded`,
  );
  const options = field.options ?? {};
  const jsonName: unknown = options['json_name'];
  const inline = options[inlineOption] === true;
  assertProtobuf(
    !inline || (message !== undefined && !field.repeated && !isMap),
    `${where} is inline but not one message`,
  );
  return {
    number: field.id,
    protoName: field.name,
    jsonName: typeof jsonName === 'string' ? jsonName : field.name,
    shape: isMap ? 'map' : field.repeated ? 'repeated' : 'single',
    scalar: scalar as ScalarType | undefined,
    message,
    wireType:
      isMap || message !== undefined || scalar === 'string' || scalar === 'bytes'
        ? WireType.lengthDelimited
        : WireType.varint,
    keepZero: options[keepZeroOption] === true,
    inline,
  };
}
