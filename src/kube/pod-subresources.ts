/**
 * The Pod subresources that are not object writes: `log` (streamed from the
 * pod's worker through any master; follow, tail, previous, timestamps,
 * sinceSeconds/sinceTime, limitBytes), `eviction` (policy/v1, what `kubectl drain` posts: the pod
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
  const since = sinceOf(query);
  const timestamps = booleanParameter(query, 'timestamps');
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
        // `since` is applied here, on the worker's timestamps, which are then dropped unless asked for.
        timestamps: timestamps || since !== undefined,
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
      let data =
        since === undefined ? Buffer.from(chunk.data) : sinceFiltered(Buffer.from(chunk.data), since, timestamps);
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

/** `sinceSeconds` or `sinceTime` (RFC 3339) as epoch milliseconds; only one may be given, as in Kubernetes. */
function sinceOf(query: URLSearchParams): number | undefined {
  const seconds = integerParameter(query, 'sinceSeconds', 1, int32Max);
  const time = query.get('sinceTime');
  if (seconds !== undefined && time !== null && time !== '')
    throw new KubeError(
      422,
      'Invalid',
      'sinceSeconds, sinceTime: at most one of sinceTime or sinceSeconds may be specified',
    );
  if (seconds !== undefined) return Date.now() - seconds * 1000;
  if (time === null || time === '') return undefined;
  const parsed = Date.parse(time);
  if (Number.isNaN(parsed)) throw new KubeError(400, 'BadRequest', `sinceTime: "${time}" is not an RFC 3339 time`);
  return parsed;
}

/** The lines at or after `since` (each starts with its RFC 3339 timestamp and a space), with the stamp kept only when asked. */
function sinceFiltered(data: Buffer, since: number, keepTimestamps: boolean): Buffer {
  const kept: string[] = [];
  for (const line of data.toString('utf8').split(/(?<=\n)/)) {
    if (line === '') continue;
    const space = line.indexOf(' ');
    const stamp = space < 0 ? Number.NaN : Date.parse(line.slice(0, space));
    if (!Number.isNaN(stamp) && stamp < since) continue;
    kept.push(keepTimestamps || space < 0 ? line : line.slice(space + 1));
  }
  return Buffer.from(kept.join(''), 'utf8');
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
