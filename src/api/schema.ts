// The shape of every orca.v1 message at run time, read from the .proto files
// themselves (through the generated loader's options), so that strict manifest
// decoding and Kubernetes-shaped encoding follow the protos with no second copy.
import { loadSync } from '@grpc/proto-loader';
import { loaderOptions, protoDir } from '../gen/loader.js';

export type ScalarType = 'string' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'bool' | 'double' | 'float' | 'bytes';

export interface FieldSchema {
  /** The model (camelCase) name. */
  readonly name: string;
  readonly number: number;
  readonly repeated: boolean;
  /** Set for a scalar field, and for a map (the value type; keys are strings). */
  readonly scalar?: ScalarType;
  /** Set for a message field: the message name in orca.v1. */
  readonly message?: string;
  readonly map: boolean;
  /** proto3 `optional`: zero is a value, not "unset". */
  readonly hasPresence: boolean;
}

export interface MessageSchema {
  readonly name: string;
  /** In proto field-number order, which is the order manifests are written in. */
  readonly fields: readonly FieldSchema[];
  readonly byName: ReadonlyMap<string, FieldSchema>;
}

interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}

interface MessageDescriptor {
  field: FieldDescriptor[];
  nestedType: (MessageDescriptor & { name: string; options: { mapEntry?: boolean } | null })[];
  oneofDecl: { name: string }[];
}

const packagePrefix = 'orca.v1.';
let schemas: Map<string, MessageSchema> | undefined;

/** The schema of one orca.v1 message by its short name (`Pod`). Throws on an unknown name: a programmer error. */
export function messageSchema(name: string): MessageSchema {
  schemas ??= loadSchemas();
  const schema = schemas.get(name);
  if (schema === undefined) throw new Error(`no orca.v1 message named ${name}`);
  return schema;
}

function loadSchemas(): Map<string, MessageSchema> {
  const root = protoDir();
  const definitions = loadSync('orca/v1/object.proto', { ...loaderOptions, includeDirs: [root] });
  const result = new Map<string, MessageSchema>();
  for (const [fullName, definition] of Object.entries(definitions)) {
    if (
      !fullName.startsWith(packagePrefix) ||
      !('format' in definition) ||
      definition.format !== 'Protocol Buffer 3 DescriptorProto'
    )
      continue;
    const name = fullName.slice(packagePrefix.length);
    result.set(name, toSchema(name, definition.type as MessageDescriptor));
  }
  return result;
}

function toSchema(name: string, descriptor: MessageDescriptor): MessageSchema {
  const presence = new Set(descriptor.oneofDecl.map((oneof) => oneof.name));
  const fields = descriptor.field
    .map((field) => toFieldSchema(field, descriptor, presence))
    .sort((left, right) => left.number - right.number);
  return { name, fields, byName: new Map(fields.map((field) => [field.name, field])) };
}

function toFieldSchema(field: FieldDescriptor, parent: MessageDescriptor, presence: ReadonlySet<string>): FieldSchema {
  const base = { name: field.name, number: field.number, hasPresence: presence.has(`_${field.name}`) };
  const mapEntry = parent.nestedType.find(
    (nested) => nested.name === field.typeName && nested.options?.mapEntry === true,
  );
  if (mapEntry !== undefined) {
    const valueField = mapEntry.field.find((entryField) => entryField.name === 'value');
    if (valueField === undefined || valueField.type === 'TYPE_MESSAGE')
      throw new Error(`map field ${field.name}: only scalar values are supported`);
    return { ...base, repeated: false, map: true, scalar: scalarType(valueField.type) };
  }
  const repeated = field.label === 'LABEL_REPEATED';
  if (field.type === 'TYPE_MESSAGE')
    return { ...base, repeated, map: false, message: field.typeName.replace(/^\.?orca\.v1\./, '') };
  return { ...base, repeated, map: false, scalar: scalarType(field.type) };
}

function scalarType(type: string): ScalarType {
  const scalar = type.replace(/^TYPE_/, '').toLowerCase();
  const known: readonly string[] = ['string', 'int32', 'int64', 'uint32', 'uint64', 'bool', 'double', 'float', 'bytes'];
  if (!known.includes(scalar)) throw new Error(`unsupported proto field type ${type}`);
  return scalar as ScalarType;
}
