/**
 * The definitions of every kind, read from the same runtime schema that strict
 * manifest decoding uses (src/api/schema.ts): a field the validator accepts is a
 * property here, with the Kubernetes name and the JSON type the decoder expects.
 * What the protos cannot say (which strings are quantities and timestamps, which
 * lists merge by key, what is required) comes from the tables of this folder.
 */
import { kinds, type KindInfo } from '../../api/index.js';
import { kubernetesFieldName } from '../../api/field-names.js';
import { messageSchema, type FieldSchema, type ScalarType } from '../../api/schema.js';
import { assert } from './assert.js';
import {
  commonFieldDescriptions,
  fieldDescriptions,
  messageDescriptions,
  objectFieldDescriptions,
} from './descriptions.js';
import { patchExtensions } from './list-keys.js';
import { arrayOf, mapOf, ref, scalar, type Definition, type Property, type TypeRef } from './model.js';
import {
  conditionName,
  definitionName,
  gvkOf,
  inlineMessages,
  intOrStringName,
  listDefinitionName,
  metaPackage,
  microTimeName,
  quantityName,
  shortName,
  timeName,
} from './names.js';
import { protoComments } from './proto-comments.js';
import { conditionRequired, requiredFields } from './required-fields.js';

/** The same fields src/api/codec.ts decodes as quantities (a number is accepted too). */
const quantityMaps: ReadonlySet<string> = new Set(['requests', 'limits', 'capacity', 'allocatable']);
const quantityScalars: ReadonlySet<string> = new Set(['sizeLimit', 'divisor']);
/** Kubernetes' MicroTime fields (RFC 3339 with microseconds); every other timestamp is a Time. */
const microTimeFields: ReadonlySet<string> = new Set(['eventTime', 'acquireTime', 'renewTime']);
const timeFields: ReadonlySet<string> = new Set(['startedAt', 'finishedAt', 'timeAdded']);
/** Maps whose values are base64, which Kubernetes types as `format: byte`. */
const base64Maps: ReadonlySet<string> = new Set(['Secret.data', 'ConfigMap.binaryData']);

function isTimeField(name: string): boolean {
  return timeFields.has(name) || microTimeFields.has(name) || /[a-z](Time|Timestamp)$/.test(name);
}

function scalarType(type: ScalarType): TypeRef {
  switch (type) {
    case 'string':
      return scalar('string');
    case 'bytes':
      return scalar('string', 'byte');
    case 'bool':
      return scalar('boolean');
    case 'int32':
      return scalar('integer', 'int32');
    case 'int64':
    case 'uint32':
    case 'uint64':
      return scalar('integer', 'int64');
    case 'double':
      return scalar('number', 'double');
    case 'float':
      return scalar('number', 'float');
  }
}

/** The JSON type of one field as the decoder reads it, before a list wraps it. */
function elementType(owner: string, name: string, field: FieldSchema): TypeRef {
  if (field.map) {
    if (quantityMaps.has(name)) return mapOf(ref(quantityName));
    if (base64Maps.has(`${owner}.${name}`)) return mapOf(scalar('string', 'byte'));
    return mapOf(scalarType(field.scalar ?? 'string'));
  }
  if (field.message === 'IntOrString') return ref(intOrStringName);
  if (field.message === 'Condition') return ref(conditionName(owner));
  if (field.message !== undefined) return ref(definitionName(field.message));
  const type = field.scalar ?? 'string';
  if (type === 'string' && quantityScalars.has(name)) return ref(quantityName);
  if (type === 'string' && isTimeField(name)) return ref(microTimeFields.has(name) ? microTimeName : timeName);
  return scalarType(type);
}

const kindMessages: ReadonlyMap<string, KindInfo> = new Map(kinds.map((info) => [info.messageName, info]));
const templateMessages: ReadonlySet<string> = new Set(['PodTemplateSpec', 'JobTemplateSpec']);

function fieldDescription(owner: string, name: string, field: FieldSchema): string | undefined {
  const objectLike = kindMessages.has(owner) || templateMessages.has(owner);
  return (
    fieldDescriptions[`${owner}.${name}`] ??
    protoComments().get(owner)?.fields.get(field.number) ??
    (objectLike ? objectFieldDescriptions[name] : undefined) ??
    commonFieldDescriptions[name]
  );
}

function messageDescription(message: string): string | undefined {
  const written = messageDescriptions[message] ?? protoComments().get(message)?.comment;
  if (written !== undefined) return written;
  for (const [suffix, text] of [
    ['Spec', 'The desired state of a'],
    ['Status', 'The state the system last observed of a'],
  ] as const) {
    const kind = message.slice(0, -suffix.length);
    if (message.endsWith(suffix) && kindMessages.has(kind)) return `${text} ${kind}.`;
  }
  return undefined;
}

function properties(message: string): Property[] {
  return messageSchema(message).fields.map((field) => {
    const name = kubernetesFieldName(field.name);
    const element = elementType(message, name, field);
    const description = fieldDescription(message, name, field);
    const type = field.repeated ? arrayOf(element) : element;
    const extensions = patchExtensions(message, name);
    return description === undefined ? { name, type, extensions } : { name, type, description, extensions };
  });
}

function withRequired(name: string, props: readonly Property[], required: readonly string[]): readonly string[] {
  for (const field of required)
    assert(
      props.some((prop) => prop.name === field),
      `${name}: required field ${field} is not a property`,
    );
  return required;
}

function messageDefinition(message: string): Definition {
  const name = definitionName(message);
  const props = properties(message);
  const info = kindMessages.get(message);
  const description = messageDescription(message);
  return {
    name,
    form: 'object',
    ...(description === undefined ? {} : { description }),
    properties: props,
    required: withRequired(name, props, requiredFields[message] ?? []),
    gvks: info === undefined ? [] : [gvkOf(info)],
  };
}

/** One of Kubernetes' per-kind conditions (PodCondition, ...), all with the shape of orca.v1's Condition. */
function conditionDefinition(name: string): Definition {
  const props = properties('Condition');
  const subject = shortName(name).replace(/Condition$/, '');
  const description =
    name === `${metaPackage}.Condition`
      ? 'One aspect of the current state of an object: whether a condition type holds (True, False, Unknown), since when and why.'
      : `One aspect of the current state of a ${subject}: whether a condition type holds (True, False, Unknown), since when and why.`;
  return {
    name,
    form: 'object',
    description,
    properties: props,
    required: withRequired(name, props, conditionRequired(name)),
    gvks: [],
  };
}

function listDefinition(info: KindInfo): Definition {
  const gvk = gvkOf(info);
  return {
    name: listDefinitionName(info),
    form: 'object',
    description: `A list of ${info.kind} objects.`,
    properties: [
      {
        name: 'apiVersion',
        type: scalar('string'),
        description: objectFieldDescriptions['apiVersion'],
        extensions: {},
      },
      { name: 'kind', type: scalar('string'), description: objectFieldDescriptions['kind'], extensions: {} },
      {
        name: 'metadata',
        type: ref(definitionName('ListMeta')),
        description: 'The metadata of the list: the resourceVersion it was read at and the token of its next page.',
        extensions: {},
      },
      {
        name: 'items',
        type: arrayOf(ref(definitionName(info.messageName))),
        description: `The ${info.plural}.`,
        extensions: {},
      },
    ],
    required: ['items'],
    gvks: [{ ...gvk, kind: `${info.kind}List` }],
  };
}

/** Every orca.v1 message a kind reaches, the per-kind conditions, and each kind's List. */
export function protoDefinitions(): Definition[] {
  const result = new Map<string, Definition>();
  const visit = (message: string): void => {
    if (inlineMessages.has(message)) return;
    const name = definitionName(message);
    if (result.has(name)) return;
    result.set(name, messageDefinition(message));
    for (const field of messageSchema(message).fields) {
      if (field.message === 'Condition') {
        const alias = conditionName(message);
        if (!result.has(alias)) result.set(alias, conditionDefinition(alias));
      } else if (field.message !== undefined) visit(field.message);
    }
  };
  for (const info of kinds) {
    visit(info.messageName);
    result.set(listDefinitionName(info), listDefinition(info));
  }
  visit('ListMeta');
  return [...result.values()];
}
