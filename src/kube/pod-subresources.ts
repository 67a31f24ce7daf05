/**
 * The Pod subresources that are not object writes: `log` (streamed from the
 * pod's worker through any master; follow, tail, previous, timestamps,
 * limitBytes), `eviction` (policy/v1, what `kubectl drain` posts: the pod
 * deleted with the eviction's grace period) and `binding` (a pod bound to a
 * node, as a scheduler posts it: spec.nodeName set, compare-and-swapped so a
 * pod is never bound twice).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OrcaObject } from '../api/index.js';
import type { HttpBackend } from '../master/index.js';
import { isPlainObject, parseObjectBody, readBody } from './http-io.js';
import { booleanParameter, integerParameter, writeNamespace, type KubeRequest } from './request.js';
import { KubeError, type Json } from './status.js';
import type { Answer } from './verbs.js';

const int32Max = 2 ** 31 - 1;

export async function servePodLog(
  backend: HttpBackend,
  request: KubeRequest,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const { query } = request;
  const tailLines = integerParameter(query, 'tailLines', 0, int32Max);
  const limitBytes = integerParameter(query, 'limitBytes', 1, Number.MAX_SAFE_INTEGER);
  const follow = booleanParameter(query, 'follow');
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  signal.addEventListener('abort', stop, { once: true });
  response.once('close', stop);
  try {
    const chunks = await backend.pods.logs(
      request.caller,
      {
        namespace: writeNamespace(request),
        pod: request.name,
        container: query.get('container') ?? '',
        follow,
        previous: booleanParameter(query, 'previous'),
        tailLines: tailLines ?? 0,
        timestamps: booleanParameter(query, 'timestamps'),
      },
      abort.signal,
    );
    response.writeHead(200, {
      'Content-Type': 'text/plain',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    response.flushHeaders();
    let sent = 0;
    for await (const chunk of chunks) {
      if (response.destroyed) break;
      let data = Buffer.from(chunk.data);
      if (limitBytes !== undefined) {
        data = data.subarray(0, Math.max(0, limitBytes - sent));
        sent += data.length;
      }
      if (data.length > 0 && !response.write(data)) await new Promise((resolve) => response.once('drain', resolve));
      if (limitBytes !== undefined && sent >= limitBytes) break;
    }
    if (!response.destroyed) response.end();
  } finally {
    signal.removeEventListener('abort', stop);
    abort.abort();
  }
}

async function bodyOf(http: IncomingMessage): Promise<Json> {
  return parseObjectBody(await readBody(http), http.headers['content-type'] ?? 'application/json');
}

function successCreated(): Answer {
  return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
}

export async function evictPod(backend: HttpBackend, http: IncomingMessage, request: KubeRequest): Promise<Answer> {
  const eviction = await bodyOf(http);
  const metadata = isPlainObject(eviction['metadata']) ? eviction['metadata'] : {};
  if (typeof metadata['name'] === 'string' && metadata['name'] !== '' && metadata['name'] !== request.name)
    throw new KubeError(400, 'BadRequest', `name in URL does not match name in Eviction object`);
  const options = isPlainObject(eviction['deleteOptions']) ? eviction['deleteOptions'] : {};
  const grace = options['gracePeriodSeconds'];
  const preconditions = isPlainObject(options['preconditions']) ? options['preconditions'] : {};
  await backend.core.delete(
    {
      kind: 'Pod',
      namespace: writeNamespace(request),
      name: request.name,
      ...(typeof grace === 'number' && Number.isInteger(grace) && grace >= 0 ? { gracePeriodSeconds: grace } : {}),
      ...(typeof preconditions['uid'] === 'string' ? { uid: preconditions['uid'] } : {}),
      ...(typeof preconditions['resourceVersion'] === 'string'
        ? { resourceVersion: preconditions['resourceVersion'] }
        : {}),
    },
    { caller: request.caller },
  );
  return successCreated();
}

export async function bindPod(backend: HttpBackend, http: IncomingMessage, request: KubeRequest): Promise<Answer> {
  const binding = await bodyOf(http);
  const target = isPlainObject(binding['target']) ? binding['target'] : {};
  const node = target['name'];
  if (typeof node !== 'string' || node === '')
    throw new KubeError(422, 'Invalid', 'target.name: Required value', [
      { reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' },
    ]);
  const name = { kind: 'Pod', namespace: writeNamespace(request), name: request.name };
  const pod = (await backend.core.get(name, { caller: request.caller })) as OrcaObject & {
    spec?: { nodeName?: string };
  };
  const bound = pod.spec?.nodeName ?? '';
  if (bound !== '')
    throw new KubeError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on pods/binding "${request.name}": pod ${request.name} is already assigned to node "${bound}"`,
    );
  await backend.core.update({ ...pod, spec: { ...pod.spec, nodeName: node } } as OrcaObject, {
    caller: request.caller,
  });
  return successCreated();
}
