/**
 * `?watch=1` on a collection: a chunked stream of JSON lines
 * `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{…}}`, as
 * kube-apiserver writes them. From `resourceVersion=N` it replays every change
 * after N (a revision older than the kept window ends the stream with an ERROR
 * event holding a 410 Expired Status, so informers relist); without one (or
 * with "0") it first sends the current objects as ADDED. Bookmarks while idle
 * when asked (`allowWatchBookmarks`), `timeoutSeconds` honoured, selectors
 * turning changes into ADDED/DELETED as objects enter or leave them; with a
 * Table accept header, each object is a one-row Table. Sending waits for the
 * client (bounded buffer).
 */
import type { ServerResponse } from 'node:http';
import type { OrcaObject } from '../api/index.js';
import { parseSelection, selectWatchEvent, type HttpBackend } from '../master/index.js';
import { encodeForKube } from './convert.js';
import { booleanParameter, integerParameter, type KubeRequest } from './request.js';
import { statusOf, KubeError, type Json } from './status.js';
import { toTable, type IncludeObject } from './table.js';

export interface WatchOptions {
  readonly table?: { readonly version: 'v1' | 'v1beta1'; readonly include: IncludeObject };
  /** Clock for Table AGE cells. */
  readonly now: () => number;
  /** A stopping master ends every watch: the signal aborts. */
  readonly signal: AbortSignal;
}

/** Events written in one chunk at most (they are ready at once during a burst). */
const eventsPerWriteMax = 256;

/** Longest watch a client may ask for; kube-apiserver's default range is 30–60 minutes. */
const timeoutSecondsMax = 3600;

function parseRevision(text: string): number | undefined {
  if (text === '' || text === '0') return undefined;
  if (!/^\d{1,16}$/.test(text)) throw new KubeError(400, 'BadRequest', `resourceVersion: "${text}" is not a revision`);
  return Number(text);
}

class EventWriter {
  private closed = false;

  constructor(private readonly response: ServerResponse) {
    response.once('close', () => {
      this.closed = true;
    });
  }

  get isClosed(): boolean {
    return this.closed || this.response.destroyed;
  }

  async write(type: string, object: unknown): Promise<void> {
    await this.writeLines(`${JSON.stringify({ type, object })}\n`);
  }

  /** Several events' lines in one write (a burst is a handful of chunks, not one per event). */
  async writeLines(text: string): Promise<void> {
    if (this.isClosed || text === '') return;
    if (this.response.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }
}

export async function serveWatch(
  backend: HttpBackend,
  request: KubeRequest,
  response: ServerResponse,
  options: WatchOptions,
): Promise<void> {
  const { query, resource } = request;
  const labelSelector = query.get('labelSelector') ?? '';
  const fieldSelector = query.get('fieldSelector') ?? '';
  const fromRevision = parseRevision(query.get('resourceVersion') ?? '');
  const timeoutSeconds = integerParameter(query, 'timeoutSeconds', 0, Number.MAX_SAFE_INTEGER);
  const bookmarks = booleanParameter(query, 'allowWatchBookmarks');
  const selection = parseSelection(labelSelector, fieldSelector);
  const start = await backend.core.watch(
    {
      kind: resource.kind,
      namespace: request.namespace,
      labelSelector,
      fieldSelector,
      ...(fromRevision === undefined ? {} : { fromRevision }),
    },
    { caller: request.caller, consistency: query.get('resourceVersion') === '0' ? 'local' : 'linearizable' },
  );
  const { watch } = start;
  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  response.flushHeaders();
  const writer = new EventWriter(response);
  let headersSent = false;
  const shape = (object: OrcaObject): unknown => {
    if (options.table === undefined) return encodeForKube(object);
    const table = toTable(resource, [object], {
      include: options.table.include,
      version: options.table.version,
      resourceVersion: object.metadata?.resourceVersion ?? '',
      now: options.now(),
      headers: !headersSent,
    });
    headersSent = true;
    return table;
  };
  let idle = false;
  const end = (): void => watch.close();
  response.once('close', end);
  options.signal.addEventListener('abort', end, { once: true });
  const timer =
    timeoutSeconds === undefined || timeoutSeconds === 0
      ? undefined
      : setTimeout(end, Math.min(timeoutSeconds, timeoutSecondsMax) * 1000);
  const bookmarkTimer = bookmarks
    ? setInterval(() => {
        if (!idle || writer.isClosed) return;
        const bookmark: Json = {
          kind: resource.kind,
          apiVersion: resource.groupVersion,
          metadata: { resourceVersion: String(backend.appliedIndex()) },
        };
        void writer.write('BOOKMARK', bookmark);
      }, backend.bookmarkIntervalMs)
    : undefined;
  try {
    for (const object of start.initial) await writer.write('ADDED', shape(object));
    for (;;) {
      idle = true;
      const next = await watch.next();
      idle = false;
      if (next.done === true || writer.isClosed) break;
      let lines = '';
      for (const change of [next.value, ...watch.takeReady(eventsPerWriteMax - 1)]) {
        const event = selectWatchEvent(change, selection);
        if (event === null) continue;
        lines += `${JSON.stringify({ type: event.type, object: shape(backend.core.open(event.object)) })}\n`;
      }
      await writer.writeLines(lines);
    }
  } catch (error: unknown) {
    const { body } = statusOf(error);
    await writer.write('ERROR', body);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (bookmarkTimer !== undefined) clearInterval(bookmarkTimer);
    options.signal.removeEventListener('abort', end);
    watch.close();
    if (!response.destroyed) response.end();
  }
}
