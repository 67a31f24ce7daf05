/**
 * PATCH in its four types (src/kube/patch): the stored object read, the patch
 * applied to its REST JSON, the result written back through the core as an
 * update compare-and-swapped on the version read — and, when another write
 * came in between, read and patched again (a few times), as kube-apiserver
 * does, unless the patch itself named a resourceVersion. A server-side apply
 * of an object that does not exist creates it. Patches of `status` write the
 * status; of `scale`, the replicas.
 */
import type { IncomingMessage } from 'node:http';
import type { OrcaObject } from '../api/index.js';
import { isObjectError, type HttpBackend } from '../master/index.js';
import { decodeBody, encodeForKube, parseFieldValidation } from './convert.js';
import { isPlainObject, readBody } from './http-io.js';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  contentTypeToPatchType,
  isPatchError,
  parsePatchBody,
  PatchError,
  patchErrorStatus,
  serverSideApply,
  updateManagedFields,
  type PatchType,
} from './patch/index.js';
import { booleanParameter, writeNamespace, type KubeRequest } from './request.js';
import { KubeError, type Json } from './status.js';
import { getObject, scaleOf, writeObject, writeScale, type Answer } from './verbs.js';

/** Reads and retries of one PATCH when concurrent writes keep winning. */
const attemptsMax = 5;

export type PatchTarget = 'object' | 'status' | 'scale';

function patchError(error: PatchError): KubeError {
  const { httpCode, reason } = patchErrorStatus[error.code];
  return new KubeError(httpCode, reason, error.message, error.causes);
}

function apply(type: PatchType, live: Json, patch: unknown, kind: string): Json {
  switch (type) {
    case 'json':
      return applyJsonPatch(live, patch);
    case 'merge':
      return applyMergePatch(live, patch);
    case 'strategic':
      return applyStrategicMergePatch(live, patch, kind);
    default:
      throw new PatchError('unsupported', `patch type ${type} is handled elsewhere`);
  }
}

function versionOf(json: Json): string {
  const metadata = json['metadata'];
  return isPlainObject(metadata) && typeof metadata['resourceVersion'] === 'string' ? metadata['resourceVersion'] : '';
}

function withVersion(json: Json, resourceVersion: string): Json {
  const metadata = isPlainObject(json['metadata']) ? json['metadata'] : {};
  return { ...json, metadata: { ...metadata, resourceVersion } };
}

export async function patchObject(
  backend: HttpBackend,
  http: IncomingMessage,
  request: KubeRequest,
  target: PatchTarget,
): Promise<Answer> {
  try {
    return await patchRequest(backend, http, request, target);
  } catch (error: unknown) {
    if (isPatchError(error)) throw patchError(error);
    throw error;
  }
}

async function patchRequest(
  backend: HttpBackend,
  http: IncomingMessage,
  request: KubeRequest,
  target: PatchTarget,
): Promise<Answer> {
  const type = contentTypeToPatchType(http.headers['content-type']);
  const raw = await readBody(http);
  const patch = parsePatchBody(type, raw.toString('utf8'));
  const validation = parseFieldValidation(request.query.get('fieldValidation'));
  const manager = request.query.get('fieldManager') ?? '';
  if (type === 'apply' && manager === '')
    throw new KubeError(400, 'BadRequest', 'PATCH requests with apply content type must specify fieldManager');
  if (manager.length > 128)
    throw new KubeError(422, 'Invalid', 'fieldManager: Too long: may not be more than 128 bytes');
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let attempt = 1; ; attempt += 1) {
    let live: OrcaObject | undefined;
    try {
      live = await getObject(backend, request);
    } catch (error: unknown) {
      if (!(type === 'apply' && target === 'object' && isObjectError(error, 'not-found'))) throw error;
    }
    try {
      return await patchOnce(backend, request, target, { type, patch, live, manager, now, validation });
    } catch (error: unknown) {
      if (isPatchError(error)) throw error;
      // Someone wrote in between: read and patch again, unless the caller pinned the version.
      const retry = isObjectError(error, 'conflict') || isObjectError(error, 'already-exists');
      if (!retry || attempt >= attemptsMax || pinnedVersion(type, patch)) throw error;
    }
  }
}

/** Did the patch itself name a resourceVersion (then a conflict is the caller's to see)? */
function pinnedVersion(type: PatchType, patch: unknown): boolean {
  if (type === 'json')
    return Array.isArray(patch) && patch.some((op) => isPlainObject(op) && op['path'] === '/metadata/resourceVersion');
  return (
    isPlainObject(patch) && isPlainObject(patch['metadata']) && typeof patch['metadata']['resourceVersion'] === 'string'
  );
}

interface PatchStep {
  readonly type: PatchType;
  readonly patch: unknown;
  readonly live: OrcaObject | undefined;
  readonly manager: string;
  readonly now: string;
  readonly validation: ReturnType<typeof parseFieldValidation>;
}

async function patchOnce(
  backend: HttpBackend,
  request: KubeRequest,
  target: PatchTarget,
  step: PatchStep,
): Promise<Answer> {
  const { type, patch, live, manager, now, validation } = step;
  const apiVersion = request.resource.groupVersion;
  if (target === 'scale') {
    if (live === undefined)
      throw new KubeError(404, 'NotFound', `${request.resource.plural} "${request.name}" not found`);
    const scale = scaleOf(live);
    const patched =
      type === 'apply' ? { ...scale, ...(isPlainObject(patch) ? patch : {}) } : apply(type, scale, patch, 'Scale');
    return { code: 200, body: await writeScale(backend, request, patched) };
  }
  const force = booleanParameter(request.query, 'force');
  if (live === undefined) {
    // Server-side apply of a new object: created with the applier owning every field it set.
    const { object: applied } = serverSideApply(undefined, patch as Json, {
      manager,
      force,
      kind: request.resource.kind,
      now,
      apiVersion,
    });
    const { object, warnings } = decodeBody(applied, request.resource, validation);
    const placed = {
      ...object,
      metadata: {
        ...object.metadata,
        name: request.name,
        ...(request.resource.namespaced ? { namespace: writeNamespace(request) } : {}),
      },
    } as OrcaObject;
    const created = await backend.core.create(placed, { caller: request.caller, dryRun: dryRun(request) });
    return { code: 201, body: encodeForKube(created), warnings };
  }
  const liveJson = encodeForKube(live);
  let patched: Json;
  if (type === 'apply') {
    patched = serverSideApply(liveJson, patch as Json, {
      manager,
      force,
      kind: request.resource.kind,
      now,
      apiVersion,
    }).object;
  } else {
    patched = apply(type, liveJson, patch, request.resource.kind);
    if (manager !== '') patched = updateManagedFields(liveJson, patched, manager, now, apiVersion);
  }
  // The write is compare-and-swapped on the version read, unless the patch named its own.
  if (!pinnedVersion(type, patch) || versionOf(patched) === '') patched = withVersion(patched, versionOf(liveJson));
  const { object, warnings } = decodeBody(patched, request.resource, validation);
  const written = await writeObject(backend, request, object, target === 'status' ? 'status' : 'object');
  return { code: 200, body: encodeForKube(written), warnings };
}

function dryRun(request: KubeRequest): boolean {
  return request.query.getAll('dryRun').includes('All');
}
