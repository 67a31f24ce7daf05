/**
 * The definitions the REST API needs beyond Orca's kinds: apimachinery's named
 * scalars (Quantity, IntOrString, Time), the objects of the protocol itself
 * (Status, DeleteOptions, WatchEvent, the discovery lists) and the subresource
 * objects kubectl sends and reads (autoscaling/v1 Scale, policy/v1 Eviction).
 * They have no orca.v1 message, so they are written here, in Kubernetes' shape.
 */
import { objectFieldDescriptions } from './descriptions.js';
import { arrayOf, property, ref, scalar, type Definition, type Property } from './model.js';
import {
  definitionName,
  intOrStringName,
  metaPackage,
  microTimeName,
  quantityName,
  rawExtensionName,
  timeName,
  type GroupVersion,
  type Gvk,
} from './names.js';

export const statusName = `${metaPackage}.Status`;
export const deleteOptionsName = `${metaPackage}.DeleteOptions`;
export const watchEventName = `${metaPackage}.WatchEvent`;
export const patchName = `${metaPackage}.Patch`;
export const apiResourceListName = `${metaPackage}.APIResourceList`;
export const scaleName = 'io.k8s.api.autoscaling.v1.Scale';
export const evictionName = 'io.k8s.api.policy.v1.Eviction';

export const scaleGvk: Gvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
export const evictionGvk: Gvk = { group: 'policy', version: 'v1', kind: 'Eviction' };

function scalarDefinition(name: string, form: Definition['form'], description: string): Definition {
  return { name, form, description, properties: [], required: [], gvks: [] };
}

function objectDefinition(
  name: string,
  description: string,
  properties: readonly Property[],
  options: { required?: readonly string[]; gvks?: readonly Gvk[] } = {},
): Definition {
  return { name, form: 'object', description, properties, required: options.required ?? [], gvks: options.gvks ?? [] };
}

const typeMeta: readonly Property[] = [
  property('apiVersion', scalar('string'), objectFieldDescriptions['apiVersion']),
  property('kind', scalar('string'), objectFieldDescriptions['kind']),
];

const int32 = scalar('integer', 'int32');
const int64 = scalar('integer', 'int64');
const text = scalar('string');

/** Status, DeleteOptions and WatchEvent belong to every group version, as in Kubernetes. */
function everyGroupVersion(groupVersions: readonly GroupVersion[], kind: string): Gvk[] {
  return groupVersions.map((groupVersion) => ({ ...groupVersion, kind }));
}

function namedScalars(): Definition[] {
  return [
    scalarDefinition(
      quantityName,
      'quantity',
      'A fixed-point number with an optional unit suffix: 100m (a tenth of a cpu), 1.5, 128Mi, 2Gi, 1e3. A manifest may write it as a string or as a number.',
    ),
    scalarDefinition(
      intOrStringName,
      'int-or-string',
      'An integer or a string, such as a port given by number (8080) or by name (http), or a count given as a number (1) or a percentage ("25%").',
    ),
    scalarDefinition(timeName, 'date-time', 'A timestamp in RFC 3339 form, to the second: 2025-01-31T12:00:00Z.'),
    scalarDefinition(
      microTimeName,
      'date-time',
      'A timestamp in RFC 3339 form, to the microsecond: 2025-01-31T12:00:00.000000Z.',
    ),
    scalarDefinition(
      rawExtensionName,
      'free-form',
      'An embedded object of any kind, with its own apiVersion and kind.',
    ),
    scalarDefinition(
      patchName,
      'free-form',
      'The body of a PATCH request: a JSON patch, a merge patch or a strategic merge patch.',
    ),
  ];
}

function statusDefinitions(groupVersions: readonly GroupVersion[]): Definition[] {
  return [
    objectDefinition(
      statusName,
      'The result of a call that returns no object, and the body of every failure.',
      [
        ...typeMeta,
        property('metadata', ref(definitionName('ListMeta')), 'Standard list metadata.'),
        property('status', text, 'Success or Failure.'),
        property('message', text, 'A human-readable description of the result.'),
        property(
          'reason',
          text,
          'A machine-readable CamelCase reason for a failure: NotFound, AlreadyExists, Conflict, Invalid, ...',
        ),
        property('details', ref(`${metaPackage}.StatusDetails`), 'More about the failure, by reason.'),
        property('code', int32, 'The HTTP status code of the result.'),
      ],
      { gvks: everyGroupVersion(groupVersions, 'Status') },
    ),
    objectDefinition(`${metaPackage}.StatusDetails`, 'What a failure was about: the object, and each of its causes.', [
      property('name', text, 'The name of the object the failure is about.'),
      property('group', text, 'The API group of the object.'),
      property('kind', text, 'The resource (or kind) of the object.'),
      property('uid', text, 'The uid of the object.'),
      property(
        'causes',
        arrayOf(ref(`${metaPackage}.StatusCause`)),
        'The causes of the failure: one per invalid field.',
      ),
      property('retryAfterSeconds', int32, 'Seconds the client should wait before trying again.'),
    ]),
    objectDefinition(`${metaPackage}.StatusCause`, 'One cause of a failure, such as one invalid field.', [
      property('reason', text, 'A machine-readable reason: FieldValueInvalid, FieldValueRequired, ...'),
      property('message', text, 'A human-readable description of the cause.'),
      property('field', text, 'The field path of the cause: spec.containers[0].image.'),
    ]),
  ];
}

function requestDefinitions(groupVersions: readonly GroupVersion[]): Definition[] {
  return [
    objectDefinition(
      deleteOptionsName,
      'Options of a deletion.',
      [
        ...typeMeta,
        property(
          'gracePeriodSeconds',
          int64,
          'Seconds the object is given before it is deleted; 0 deletes it at once.',
        ),
        property('preconditions', ref(`${metaPackage}.Preconditions`), 'What must hold for the deletion to go ahead.'),
        property('orphanDependents', scalar('boolean'), 'Deprecated: use propagationPolicy Orphan.'),
        property('propagationPolicy', text, 'What happens to the dependents: Orphan, Background or Foreground.'),
        property('dryRun', arrayOf(text), 'All: check the deletion without doing it.'),
      ],
      { gvks: everyGroupVersion(groupVersions, 'DeleteOptions') },
    ),
    objectDefinition(`${metaPackage}.Preconditions`, 'What must hold of an object for a deletion to go ahead.', [
      property('uid', text, 'The uid the object must have.'),
      property('resourceVersion', text, 'The resourceVersion the object must have.'),
    ]),
    objectDefinition(
      watchEventName,
      'One event of a watch.',
      [
        property('type', text, 'ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.'),
        property(
          'object',
          ref(rawExtensionName),
          'The object after the event (its last state for DELETED), or a Status for ERROR.',
        ),
      ],
      { required: ['type', 'object'], gvks: everyGroupVersion(groupVersions, 'WatchEvent') },
    ),
  ];
}

function discoveryDefinitions(): Definition[] {
  const strings = arrayOf(text);
  return [
    objectDefinition(
      `${metaPackage}.APIResource`,
      'One resource of a group version: its name, kind, scope and verbs.',
      [
        property('name', text, 'The plural name of the resource (pods), or resource/subresource (pods/status).'),
        property('singularName', text, 'The singular name of the resource.'),
        property('namespaced', scalar('boolean'), 'Whether objects of the resource live in a namespace.'),
        property('group', text, 'The group of the resource, when not that of the list.'),
        property('version', text, 'The version of the resource, when not that of the list.'),
        property('kind', text, 'The kind of the objects of the resource.'),
        property('verbs', strings, 'The verbs the resource supports: get, list, watch, create, update, patch, delete.'),
        property('shortNames', strings, 'Short names kubectl accepts: po for pods.'),
        property('categories', strings, 'The groups of resources it belongs to, such as all.'),
        property('storageVersionHash', text, 'An opaque hash of the version the resource is stored at.'),
      ],
      { required: ['name', 'singularName', 'namespaced', 'kind', 'verbs'] },
    ),
    objectDefinition(
      apiResourceListName,
      'The resources of one group version.',
      [
        ...typeMeta,
        property('groupVersion', text, 'The group version of the resources: v1, apps/v1.'),
        property('resources', arrayOf(ref(`${metaPackage}.APIResource`)), 'The resources.'),
      ],
      { required: ['groupVersion', 'resources'], gvks: [{ group: '', version: 'v1', kind: 'APIResourceList' }] },
    ),
  ];
}

function subresourceDefinitions(): Definition[] {
  const metadata = property('metadata', ref(definitionName('ObjectMeta')), 'The metadata of the scaled object.');
  return [
    objectDefinition(
      scaleName,
      'The scale subresource of a Deployment, ReplicaSet or StatefulSet: its replicas, read and written without the rest of the object.',
      [
        ...typeMeta,
        metadata,
        property('spec', ref('io.k8s.api.autoscaling.v1.ScaleSpec'), 'The wanted number of replicas.'),
        property('status', ref('io.k8s.api.autoscaling.v1.ScaleStatus'), 'The current number of replicas. Read-only.'),
      ],
      { gvks: [scaleGvk] },
    ),
    objectDefinition('io.k8s.api.autoscaling.v1.ScaleSpec', 'The wanted scale of an object.', [
      property('replicas', int32, 'The wanted number of replicas.'),
    ]),
    objectDefinition(
      'io.k8s.api.autoscaling.v1.ScaleStatus',
      'The current scale of an object.',
      [
        property('replicas', int32, 'The current number of replicas.'),
        property('selector', text, 'The label selector of the pods, in the form of a query string: app=web.'),
      ],
      { required: ['replicas'] },
    ),
    objectDefinition(
      evictionName,
      'A request to evict a pod, as kubectl drain makes: the pod is deleted with the given options.',
      [
        ...typeMeta,
        property('metadata', ref(definitionName('ObjectMeta')), 'The name and namespace of the pod to evict.'),
        property('deleteOptions', ref(deleteOptionsName), 'Options of the deletion of the pod.'),
      ],
      { gvks: [evictionGvk] },
    ),
  ];
}

/** Every definition not read from an orca.v1 message; `groupVersions` are the ones the API serves. */
export function extraDefinitions(groupVersions: readonly GroupVersion[]): Definition[] {
  return [
    ...namedScalars(),
    ...statusDefinitions(groupVersions),
    ...requestDefinitions(groupVersions),
    ...discoveryDefinitions(),
    ...subresourceDefinitions(),
  ];
}
