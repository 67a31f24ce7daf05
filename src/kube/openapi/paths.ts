/**
 * The REST paths of every kind, small but correct, because kubectl reads two
 * things from them: `kubectl explain` finds a resource's kind from the
 * `x-kubernetes-group-version-kind` of the operations on its collection path,
 * and kubectl's validation sends `fieldValidation=Strict` to the server (instead
 * of validating on the client) only when the PATCH operation of the kind lists
 * that query parameter. Parameters are written inline on each operation: that
 * check reads their names without resolving references.
 */
import { kinds, type KindInfo } from '../../api/index.js';
import { messageSchema } from '../../api/schema.js';
import type { Json } from '../status.js';
import {
  apiResourceListName,
  deleteOptionsName,
  evictionGvk,
  evictionName,
  patchName,
  scaleGvk,
  scaleName,
  statusName,
} from './extra-definitions.js';
import {
  definitionName,
  groupVersionOf,
  groupVersionPath,
  gvkOf,
  listDefinitionName,
  type GroupVersion,
  type Gvk,
} from './names.js';
import { gvkJson, refPrefix, type SpecVersion } from './render.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** `x-kubernetes-action`: what the operation does, as Kubernetes names it (create is post, replace is put). */
type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete';

interface Parameter {
  readonly in: 'query' | 'path';
  readonly type: 'string' | 'integer' | 'boolean';
  readonly description: string;
}

const parameters = {
  name: { in: 'path', type: 'string', description: 'The name of the object.' },
  namespace: { in: 'path', type: 'string', description: 'The namespace of the object.' },
  pretty: { in: 'query', type: 'string', description: "If 'true', the output is indented." },
  labelSelector: { in: 'query', type: 'string', description: 'Only the objects whose labels match this selector.' },
  fieldSelector: { in: 'query', type: 'string', description: 'Only the objects whose fields match this selector.' },
  resourceVersion: { in: 'query', type: 'string', description: 'The revision to read at, or to watch from.' },
  limit: { in: 'query', type: 'integer', description: 'The most objects to return; metadata.continue reads the rest.' },
  continue: { in: 'query', type: 'string', description: 'The continue token of the previous page of a list.' },
  watch: { in: 'query', type: 'boolean', description: 'Watch for changes instead of listing.' },
  timeoutSeconds: { in: 'query', type: 'integer', description: 'Seconds after which a list or watch call ends.' },
  dryRun: { in: 'query', type: 'string', description: 'All: check the request without persisting it.' },
  fieldManager: { in: 'query', type: 'string', description: 'The name of the actor making the change.' },
  fieldValidation: {
    in: 'query',
    type: 'string',
    description: 'What to do with unknown or duplicate fields: Ignore, Warn or Strict.',
  },
  force: {
    in: 'query',
    type: 'boolean',
    description: 'Take over fields owned by other managers (apply patches only).',
  },
  gracePeriodSeconds: {
    in: 'query',
    type: 'integer',
    description: 'Seconds the object is given before it is deleted.',
  },
  propagationPolicy: {
    in: 'query',
    type: 'string',
    description: 'Orphan, Background or Foreground deletion of dependents.',
  },
} as const satisfies Record<string, Parameter>;

type ParameterName = keyof typeof parameters;

const listParameters: readonly ParameterName[] = [
  'labelSelector',
  'fieldSelector',
  'resourceVersion',
  'limit',
  'continue',
  'watch',
  'timeoutSeconds',
];
const writeParameters: readonly ParameterName[] = ['dryRun', 'fieldManager', 'fieldValidation'];
const patchParameters: readonly ParameterName[] = [...writeParameters, 'force'];
const deleteParameters: readonly ParameterName[] = ['gracePeriodSeconds', 'propagationPolicy', 'dryRun'];

const writeMediaTypes = ['*/*'];
const patchMediaTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

interface Operation {
  readonly method: Method;
  /** Unset on the resource list, which Kubernetes does not mark either. */
  readonly action?: Action;
  readonly operationId: string;
  readonly description: string;
  readonly gvk?: Gvk;
  readonly parameters: readonly ParameterName[];
  readonly body?: { readonly definition: string; readonly mediaTypes: readonly string[] };
  /** HTTP code → definition of the response body. */
  readonly responses: Readonly<Record<string, string>>;
  readonly watchable?: boolean;
}

export interface PathItem {
  readonly path: string;
  readonly groupVersion: GroupVersion;
  readonly pathParameters: readonly ParameterName[];
  readonly operations: readonly Operation[];
}

/** Subresources with an object of their own (the status subresource is the kind itself). */
const scaleKinds: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);
const evictionKinds: ReadonlySet<string> = new Set(['Pod']);

/** `RbacAuthorization` for rbac.authorization.k8s.io, `Core` for the core group: Kubernetes' operation ids. */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function operationPrefix(groupVersion: GroupVersion): string {
  return groupWord(groupVersion.group) + groupVersion.version.charAt(0).toUpperCase() + groupVersion.version.slice(1);
}

/** The tag of a group version's operations: `core_v1`, `rbacAuthorization_v1`. */
function tag(groupVersion: GroupVersion): string {
  const word = groupWord(groupVersion.group);
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}_${groupVersion.version}`;
}

/** What an item path reads and writes: the kind itself (and its status), or another object (Scale). */
interface ItemObject {
  readonly definition: string;
  readonly gvk: Gvk;
}

/** read, replace and patch of one object, or of one of its subresources (`subject` Status, Scale). */
function itemOperations(info: KindInfo, scope: string, subject = '', object?: ItemObject): Operation[] {
  const { definition, gvk } = object ?? { definition: definitionName(info.messageName), gvk: gvkOf(info) };
  const id = `${operationPrefix(gvkOf(info))}${scope}${info.kind}${subject}`;
  const of = subject === '' ? '' : `${subject.toLowerCase()} of `;
  return [
    {
      method: 'get',
      action: 'get',
      operationId: `read${id}`,
      description: `read ${of}the specified ${info.kind}`,
      gvk,
      parameters: [],
      responses: { '200': definition },
    },
    {
      method: 'put',
      action: 'put',
      operationId: `replace${id}`,
      description: `replace ${of}the specified ${info.kind}`,
      gvk,
      parameters: writeParameters,
      body: { definition, mediaTypes: writeMediaTypes },
      responses: { '200': definition, '201': definition },
    },
    {
      method: 'patch',
      action: 'patch',
      operationId: `patch${id}`,
      description: `partially update ${of}the specified ${info.kind}`,
      gvk,
      parameters: patchParameters,
      body: { definition: patchName, mediaTypes: patchMediaTypes },
      responses: { '200': definition, '201': definition },
    },
  ];
}

function collectionOperations(info: KindInfo, scope: string): Operation[] {
  const gvk = gvkOf(info);
  const kindDefinition = definitionName(info.messageName);
  return [
    {
      method: 'get',
      action: 'list',
      operationId: `list${operationPrefix(gvk)}${scope}${info.kind}`,
      description: `list or watch objects of kind ${info.kind}`,
      gvk,
      parameters: listParameters,
      responses: { '200': listDefinitionName(info) },
      watchable: true,
    },
    {
      method: 'post',
      action: 'post',
      operationId: `create${operationPrefix(gvk)}${scope}${info.kind}`,
      description: `create a ${info.kind}`,
      gvk,
      parameters: writeParameters,
      body: { definition: kindDefinition, mediaTypes: writeMediaTypes },
      responses: { '200': kindDefinition, '201': kindDefinition, '202': kindDefinition },
    },
  ];
}

function deleteOperation(info: KindInfo, scope: string): Operation {
  return {
    method: 'delete',
    action: 'delete',
    operationId: `delete${operationPrefix(gvkOf(info))}${scope}${info.kind}`,
    description: `delete a ${info.kind}`,
    gvk: gvkOf(info),
    parameters: deleteParameters,
    body: { definition: deleteOptionsName, mediaTypes: writeMediaTypes },
    responses: { '200': statusName, '202': statusName },
  };
}

/** The eviction subresource of a pod: a policy/v1 Eviction posted to the pod's path. */
function evictionOperation(info: KindInfo, scope: string): Operation {
  return {
    method: 'post',
    action: 'post',
    operationId: `create${operationPrefix(gvkOf(info))}${scope}${info.kind}Eviction`,
    description: `create eviction of a ${info.kind}`,
    gvk: evictionGvk,
    parameters: writeParameters,
    body: { definition: evictionName, mediaTypes: writeMediaTypes },
    responses: { '200': evictionName, '201': evictionName, '202': evictionName },
  };
}

function kindPaths(info: KindInfo): PathItem[] {
  const groupVersion = groupVersionOf(info);
  const root = `/${groupVersionPath(groupVersion)}`;
  const scope = info.namespaced ? 'Namespaced' : '';
  const collection = info.namespaced ? `${root}/namespaces/{namespace}/${info.plural}` : `${root}/${info.plural}`;
  const collectionParameters: ParameterName[] = info.namespaced ? ['namespace', 'pretty'] : ['pretty'];
  const itemParameters: ParameterName[] = ['name', ...collectionParameters];
  const item = `${collection}/{name}`;
  const paths: PathItem[] = [
    {
      path: collection,
      groupVersion,
      pathParameters: collectionParameters,
      operations: collectionOperations(info, scope),
    },
    {
      path: item,
      groupVersion,
      pathParameters: itemParameters,
      operations: [...itemOperations(info, scope), deleteOperation(info, scope)],
    },
  ];
  if (info.namespaced) {
    const [list] = collectionOperations(info, '');
    if (list !== undefined)
      paths.push({
        path: `${root}/${info.plural}`,
        groupVersion,
        pathParameters: ['pretty'],
        operations: [{ ...list, operationId: `${list.operationId}ForAllNamespaces` }],
      });
  }
  const subresources: [string, Operation[]][] = [];
  if (messageSchema(info.messageName).byName.has('status'))
    subresources.push(['status', itemOperations(info, scope, 'Status')]);
  if (scaleKinds.has(info.kind))
    subresources.push(['scale', itemOperations(info, scope, 'Scale', { definition: scaleName, gvk: scaleGvk })]);
  if (evictionKinds.has(info.kind)) subresources.push(['eviction', [evictionOperation(info, scope)]]);
  for (const [suffix, operations] of subresources)
    paths.push({ path: `${item}/${suffix}`, groupVersion, pathParameters: itemParameters, operations });
  return paths;
}

/** `GET /api/v1/`: the group version's resource list, which discovery serves. */
function resourceListPath(groupVersion: GroupVersion): PathItem {
  return {
    path: `/${groupVersionPath(groupVersion)}/`,
    groupVersion,
    pathParameters: [],
    operations: [
      {
        method: 'get',
        operationId: `get${operationPrefix(groupVersion)}APIResources`,
        description: 'get available resources',
        parameters: [],
        responses: { '200': apiResourceListName },
      },
    ],
  };
}

/** Every path the API serves for Orca's kinds, grouped by group version in the kinds' order. */
export function pathItems(groupVersions: readonly GroupVersion[]): PathItem[] {
  const result: PathItem[] = [];
  for (const groupVersion of groupVersions) {
    result.push(resourceListPath(groupVersion));
    for (const info of kinds) {
      const own = groupVersionOf(info);
      if (own.group === groupVersion.group && own.version === groupVersion.version) result.push(...kindPaths(info));
    }
  }
  return result;
}

/** The definitions a path item's bodies and responses name. */
export function pathDefinitions(item: PathItem): string[] {
  return item.operations.flatMap((operation) => [
    ...(operation.body === undefined ? [] : [operation.body.definition]),
    ...Object.values(operation.responses),
  ]);
}

function parameterJson(name: ParameterName, version: SpecVersion): Json {
  const parameter: Parameter = parameters[name];
  const base: Json = { description: parameter.description, in: parameter.in, name };
  if (parameter.in === 'path') base['required'] = true;
  return version === 'v2'
    ? { ...base, type: parameter.type, uniqueItems: true }
    : { ...base, schema: { type: parameter.type, uniqueItems: true } };
}

const responseDescriptions: Readonly<Record<string, string>> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };
const responseMediaTypes = ['application/json', 'application/yaml'];

function operationJson(operation: Operation, version: SpecVersion, operationTag: string): Json {
  const result: Json = { description: operation.description, operationId: operation.operationId };
  const query = operation.parameters.map((name) => parameterJson(name, version));
  const produces =
    operation.watchable === true ? [...responseMediaTypes, 'application/json;stream=watch'] : responseMediaTypes;
  const responses: Json = {};
  for (const [code, definition] of Object.entries(operation.responses)) {
    const schema = { $ref: refPrefix(version) + definition };
    responses[code] =
      version === 'v2'
        ? { description: responseDescriptions[code] ?? code, schema }
        : {
            description: responseDescriptions[code] ?? code,
            content: Object.fromEntries(produces.map((mediaType) => [mediaType, { schema }])),
          };
  }
  if (version === 'v2') {
    if (operation.body !== undefined) {
      result['consumes'] = [...operation.body.mediaTypes];
      query.unshift({
        in: 'body',
        name: 'body',
        required: true,
        schema: { $ref: refPrefix(version) + operation.body.definition },
      });
    }
    result['produces'] = produces;
    result['schemes'] = ['https'];
  } else if (operation.body !== undefined) {
    const schema = { $ref: refPrefix(version) + operation.body.definition };
    result['requestBody'] = {
      content: Object.fromEntries(operation.body.mediaTypes.map((mediaType) => [mediaType, { schema }])),
      required: operation.method !== 'delete',
    };
  }
  if (query.length > 0) result['parameters'] = query;
  result['responses'] = { ...responses, '401': { description: 'Unauthorized' } };
  result['tags'] = [operationTag];
  if (operation.action !== undefined) result['x-kubernetes-action'] = operation.action;
  if (operation.gvk !== undefined) result['x-kubernetes-group-version-kind'] = gvkJson(operation.gvk);
  return result;
}

export function pathItemJson(item: PathItem, version: SpecVersion): Json {
  const result: Json = {};
  for (const operation of item.operations)
    result[operation.method] = operationJson(operation, version, tag(item.groupVersion));
  if (item.pathParameters.length > 0)
    result['parameters'] = item.pathParameters.map((name) => parameterJson(name, version));
  return result;
}
