/**
 * The object verbs of the REST API, each a thin translation onto the one
 * object core (the only write path: authorization, validation, defaults and
 * audit happen there): get, list, create, update, delete, deletecollection,
 * and the status and scale subresources. Answers are Kubernetes-shaped JSON;
 * failures are thrown (ObjectError or KubeError) and rendered as Status by the
 * router.
 */
import type { IncomingMessage } from 'node:http';
import {
  defaultObject,
  formatLabelSelector,
  labelSelectorRequirements,
  validateObjectUpdate,
  ValidationError,
  type OrcaObject,
} from '../api/index.js';
import type { HttpBackend, ObjectDeletion, ReadOptions } from '../master/index.js';
import { decodeBody, encodeForKube, parseFieldValidation, type Decoded } from './convert.js';
import { isPlainObject, parseObjectBody, readBody } from './http-io.js';
import { booleanParameter, dryRunParameter, integerParameter, writeNamespace, type KubeRequest } from './request.js';
import { updateManagedFields } from './patch/index.js';
import { KubeError, successStatus, withObjectName, type Json } from './status.js';
import { subjectOf } from './request.js';

export interface Answer {
  readonly code: number;
  readonly body: unknown;
  readonly warnings?: readonly string[];
}

const listLimitMax = 10_000;

/** `resourceVersion=0` reads this replica as it is ("any version"), anything else is linearizable. */
export function readOptions(request: KubeRequest): ReadOptions {
  return {
    caller: request.caller,
    consistency: request.query.get('resourceVersion') === '0' ? 'local' : 'linearizable',
  };
}

export function kindOf(request: KubeRequest): string {
  return request.resource.kind;
}

export async function getObject(backend: HttpBackend, request: KubeRequest): Promise<OrcaObject> {
  return backend.core.get(
    { kind: kindOf(request), namespace: writeNamespace(request), name: request.name },
    readOptions(request),
  );
}

export interface ListPage {
  readonly items: OrcaObject[];
  readonly resourceVersion: string;
  readonly continue: string;
}

export function listObjects(backend: HttpBackend, request: KubeRequest): Promise<ListPage> {
  const { query } = request;
  const limit = integerParameter(query, 'limit', 0, Number.MAX_SAFE_INTEGER);
  return backend.core.list(
    {
      kind: kindOf(request),
      namespace: request.namespace,
      labelSelector: query.get('labelSelector') ?? '',
      fieldSelector: query.get('fieldSelector') ?? '',
      // kube-apiserver answers a larger limit with fewer items and a continue token.
      limit: limit === undefined ? 0 : Math.min(limit, listLimitMax),
      continue: query.get('continue') ?? '',
    },
    readOptions(request),
  );
}

export function listJson(request: KubeRequest, page: ListPage): Json {
  return {
    kind: `${request.resource.kind}List`,
    apiVersion: request.resource.groupVersion,
    metadata: {
      resourceVersion: page.resourceVersion,
      ...(page.continue === '' ? {} : { continue: page.continue }),
    },
    items: page.items.map(encodeForKube),
  };
}

/**
 * Who a write's fields belong to (server-side apply's ownership): the
 * `fieldManager` asked for, else the client's User-Agent up to its first `/`
 * (`kubectl`), as kube-apiserver defaults it.
 */
export function fieldManagerOf(http: IncomingMessage, request: KubeRequest): string {
  const asked = request.query.get('fieldManager') ?? '';
  if (asked.length > 128) throw new KubeError(422, 'Invalid', 'fieldManager: Too long: may not be more than 128 bytes');
  if (asked !== '') return asked;
  const agent = http.headers['user-agent'] ?? '';
  return agent.split('/', 1)[0]?.slice(0, 128) || 'unknown';
}

export function managedFieldsTime(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function decodedBody(http: IncomingMessage, request: KubeRequest, before?: OrcaObject): Promise<Decoded> {
  const body = parseObjectBody(await readBody(http), http.headers['content-type'] ?? 'application/json');
  const owned = updateManagedFields(
    before === undefined ? undefined : encodeForKube(before),
    body,
    fieldManagerOf(http, request),
    managedFieldsTime(),
    request.resource.groupVersion,
  );
  return decodeBody(owned, request.resource, parseFieldValidation(request.query.get('fieldValidation')));
}

/** The object's namespace must be the path's (filled in when the body leaves it out). */
function placed(object: OrcaObject, request: KubeRequest): OrcaObject {
  const namespace = writeNamespace(request);
  const metadata = { ...(object.metadata ?? {}) };
  if (request.resource.namespaced) {
    const given = metadata.namespace ?? '';
    if (given !== '' && given !== namespace)
      throw new KubeError(
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    metadata.namespace = namespace;
  }
  if (request.name !== '') {
    const given = metadata.name ?? '';
    if (given !== '' && given !== request.name)
      throw new KubeError(400, 'BadRequest', 'the name of the object does not match the name on the URL');
    metadata.name = request.name;
  }
  return { ...object, metadata } as OrcaObject;
}

export async function createObject(backend: HttpBackend, http: IncomingMessage, request: KubeRequest): Promise<Answer> {
  const { object, warnings } = await decodedBody(http, request);
  try {
    const created = await backend.core.create(placed(object, request), {
      caller: request.caller,
      dryRun: dryRunParameter(request.query),
    });
    return { code: 201, body: encodeForKube(created), warnings };
  } catch (error: unknown) {
    throw withObjectName(error, object.metadata?.name ?? '');
  }
}

/**
 * A write of a whole object (PUT, and the end of every PATCH): through the
 * core, or — with dryRun — authorized, defaulted and validated against the
 * stored object and answered without a write, so that `kubectl diff` and
 * `--dry-run=server` show what would happen and change nothing.
 */
export async function writeObject(
  backend: HttpBackend,
  request: KubeRequest,
  object: OrcaObject,
  target: 'object' | 'status',
): Promise<OrcaObject> {
  const placedObject = placed(object, request);
  if (dryRunParameter(request.query)) {
    const stored = await getObject(backend, request);
    await backend.core.authorize({
      user: request.caller,
      verb: target === 'status' ? 'updateStatus' : 'update',
      kind: kindOf(request),
      namespace: writeNamespace(request),
      name: request.name,
      dryRun: true,
      object: placedObject,
    });
    const given = placedObject.metadata?.resourceVersion ?? '';
    if (given !== '' && given !== stored.metadata?.resourceVersion)
      throw new KubeError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${request.resource.plural} "${request.name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    const merged =
      target === 'status'
        ? ({ ...stored, status: (placedObject as { status?: unknown }).status } as OrcaObject)
        : placedObject;
    const candidate = defaultObject({
      ...merged,
      metadata: { ...stored.metadata, ...merged.metadata, resourceVersion: stored.metadata?.resourceVersion ?? '' },
    } as OrcaObject);
    const errors = validateObjectUpdate(candidate, stored);
    if (errors.length > 0) throw new ValidationError(errors, `${request.resource.kind} ${request.name}`);
    return candidate;
  }
  const options = { caller: request.caller };
  return target === 'status'
    ? backend.core.updateStatus(placedObject, options)
    : backend.core.update(placedObject, options);
}

export async function replaceObject(
  backend: HttpBackend,
  http: IncomingMessage,
  request: KubeRequest,
  target: 'object' | 'status',
): Promise<Answer> {
  // The stored object tells which fields this write changes (and so now belong to its manager).
  const stored = await getObject(backend, request).catch(() => undefined);
  const { object, warnings } = await decodedBody(http, request, stored);
  const written = await writeObject(backend, request, object, target);
  return { code: 200, body: encodeForKube(written), warnings };
}

/** DeleteOptions from the body (kubectl sends one) and the query (older clients). */
async function deleteOptions(
  http: IncomingMessage,
  request: KubeRequest,
): Promise<Omit<ObjectDeletion, 'kind' | 'namespace' | 'name'> & { dryRun: boolean }> {
  const raw = await readBody(http);
  const body =
    raw.length === 0 || raw.toString('utf8').trim() === ''
      ? {}
      : parseObjectBody(raw, http.headers['content-type'] ?? 'application/json');
  const { query } = request;
  const preconditions = isPlainObject(body['preconditions']) ? body['preconditions'] : {};
  const grace = body['gracePeriodSeconds'] ?? integerParameter(query, 'gracePeriodSeconds', 0, 2 ** 31 - 1);
  if (grace !== undefined && grace !== null && (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0))
    throw new KubeError(400, 'BadRequest', 'gracePeriodSeconds: must be a non-negative integer');
  const policy =
    body['propagationPolicy'] ?? query.get('propagationPolicy') ?? (body['orphanDependents'] === true ? 'Orphan' : '');
  if (typeof policy !== 'string') throw new KubeError(400, 'BadRequest', 'propagationPolicy: must be a string');
  const bodyDryRun = Array.isArray(body['dryRun']) && body['dryRun'].includes('All');
  const uid = preconditions['uid'];
  const resourceVersion = preconditions['resourceVersion'];
  return {
    ...(typeof uid === 'string' && uid !== '' ? { uid } : {}),
    ...(typeof resourceVersion === 'string' && resourceVersion !== '' ? { resourceVersion } : {}),
    ...(policy === '' ? {} : { propagationPolicy: policy }),
    ...(typeof grace === 'number' ? { gracePeriodSeconds: grace } : {}),
    dryRun: bodyDryRun || dryRunParameter(query),
  };
}

export async function deleteObject(backend: HttpBackend, http: IncomingMessage, request: KubeRequest): Promise<Answer> {
  const { dryRun, ...options } = await deleteOptions(http, request);
  const name = { kind: kindOf(request), namespace: writeNamespace(request), name: request.name };
  if (dryRun) {
    await backend.core.authorize({ user: request.caller, verb: 'delete', ...name, dryRun: true });
    const stored = await getObject(backend, request);
    return { code: 200, body: encodeForKube(stored) };
  }
  const outcome = await backend.core.delete({ ...name, ...options }, { caller: request.caller });
  if (!outcome.deleted && outcome.object !== null) return { code: 200, body: encodeForKube(outcome.object) };
  return { code: 200, body: successStatus(subjectOf(request), outcome.object?.metadata?.uid ?? '') };
}

/** Every object the selectors choose, deleted one by one (each through the core); the answer lists them. */
export async function deleteCollection(
  backend: HttpBackend,
  http: IncomingMessage,
  request: KubeRequest,
): Promise<Answer> {
  const { dryRun, ...options } = await deleteOptions(http, request);
  const deleted: OrcaObject[] = [];
  let page: ListPage | undefined;
  do {
    const pageQuery = new URLSearchParams(request.query);
    pageQuery.set('limit', '500');
    if (page !== undefined) pageQuery.set('continue', page.continue);
    page = await listObjects(backend, { ...request, query: pageQuery });
    for (const object of page.items) {
      const name = {
        kind: kindOf(request),
        namespace: object.metadata?.namespace ?? '',
        name: object.metadata?.name ?? '',
      };
      if (dryRun) {
        await backend.core.authorize({ user: request.caller, verb: 'delete', ...name, dryRun: true });
        deleted.push(object);
        continue;
      }
      const outcome = await backend.core
        .delete({ ...name, ...options }, { caller: request.caller })
        .catch((error: unknown) => {
          // Gone already (deleted by someone else meanwhile): what was asked holds.
          if ((error as { code?: unknown }).code === 'not-found') return undefined;
          throw error;
        });
      if (outcome !== undefined) deleted.push(outcome.object ?? object);
    }
  } while (page.continue !== '');
  return {
    code: 200,
    body: listJson(request, { items: deleted, resourceVersion: page.resourceVersion, continue: '' }),
  };
}

interface Scalable {
  metadata?: OrcaObject['metadata'];
  spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  status?: { replicas?: number };
}

/** autoscaling/v1 Scale of a Deployment, ReplicaSet or StatefulSet. */
export function scaleOf(object: OrcaObject): Json {
  const scalable = object as unknown as Scalable;
  const metadata = scalable.metadata ?? {};
  const selector = scalable.spec?.selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      creationTimestamp: metadata.creationTimestamp,
    },
    spec: { replicas: scalable.spec?.replicas ?? 0 },
    status: {
      replicas: scalable.status?.replicas ?? 0,
      ...(selector === undefined ? {} : { selector: formatLabelSelector(labelSelectorRequirements(selector)) }),
    },
  };
}

/** Write a Scale: the object's spec.replicas, compare-and-swapped on the Scale's resourceVersion when it names one. */
export async function writeScale(backend: HttpBackend, request: KubeRequest, scale: Json): Promise<Json> {
  const spec = isPlainObject(scale['spec']) ? scale['spec'] : {};
  const replicas = spec['replicas'];
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0 || replicas > 2 ** 31 - 1)
    throw new KubeError(422, 'Invalid', 'spec.replicas: Invalid value: must be a non-negative integer', [
      { reason: 'FieldValueInvalid', message: 'must be a non-negative integer', field: 'spec.replicas' },
    ]);
  const metadata = isPlainObject(scale['metadata']) ? scale['metadata'] : {};
  const stored = await getObject(backend, request);
  const expected = typeof metadata['resourceVersion'] === 'string' ? metadata['resourceVersion'] : '';
  if (expected !== '' && expected !== stored.metadata?.resourceVersion)
    throw new KubeError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${request.resource.plural} "${request.name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  const scalable = stored as unknown as Scalable;
  const updated = { ...stored, spec: { ...scalable.spec, replicas } } as unknown as OrcaObject;
  const written = await writeObject(backend, request, updated, 'object');
  return scaleOf(written);
}

export async function replaceScale(backend: HttpBackend, http: IncomingMessage, request: KubeRequest): Promise<Answer> {
  const body = parseObjectBody(await readBody(http), http.headers['content-type'] ?? 'application/json');
  return { code: 200, body: await writeScale(backend, request, body) };
}

export { booleanParameter };
