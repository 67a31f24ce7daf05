/**
 * The one shell around every controller's pure reconcile, shaped as
 * controller-runtime's `Reconcile(request) → {requeueAfter}`: informer caches
 * feed a bounded work queue of keys (not events); a change to a primary object
 * queues its own key, a change to a related object queues the keys
 * `keysFor` maps it to; workers take keys, ask the reconcile what to do given
 * the cache and the clock, carry the actions out, and requeue with back-off on
 * failure or after the delay the reconcile asked for. After its own writes a
 * worker waits (on an event, not a poll) until the cache has seen them, so the
 * next decision never repeats a create it already made (read-your-writes
 * replaces client-go's "expectations").
 */
import type { KindName, OrcaObject } from '../../api/index.js';
import {
  isClientError,
  objectKey,
  WorkQueue,
  workQueueDefaults,
  type ObjectClient,
  type WorkQueueOptions,
} from '../../client/index.js';
import type { ReconcileResult } from './actions.js';
import type { CacheIndex, ClusterView } from './cluster-view.js';
import { ControllerError, ControllerErrorCode } from './errors.js';
import { executeActions } from './executor.js';
import { ObjectCache } from './object-cache.js';

/** What a reconcile may read beyond the cache (what no cache holds: a namespace's contents, an owner double-checked). */
export type ObjectReader = Pick<ObjectClient, 'get' | 'list' | 'listAll'>;

export interface ReconcileContext {
  readonly view: ClusterView;
  /** Milliseconds since the epoch, from the injected clock. */
  readonly now: number;
  /** Uniform in [0, 1), from the injected source (pod name suffixes). */
  readonly random: () => number;
  readonly reader: ObjectReader;
}

export interface ControllerDefinition {
  readonly name: string;
  /**
   * The kind (or kinds) whose objects are the queue's keys. One kind: keys are
   * `namespace/name` (`name` when cluster-scoped); several: `Kind:namespace/name`
   * (see `kindKey` and `splitKindKey`).
   */
  readonly primary: KindName | readonly KindName[];
  /** Other kinds the decision reads whose changes queue keys (through `keysFor`). */
  readonly watches: readonly KindName[];
  /** Kinds the decision reads whose changes alone call for nothing (a resync or a timed requeue reads them). */
  readonly reads?: readonly KindName[];
  /** Kinds cached from one namespace only. */
  readonly namespaces?: Partial<Record<KindName, string>>;
  readonly indexes?: readonly CacheIndex[];
  /**
   * Keys to queue when this object changed (`previous`: its state before an
   * update). Called for watched kinds, and for primary kinds too when defined
   * (beyond the object's own key). Default for a watched kind: its controlling
   * owner of the primary kind.
   */
  keysFor?(object: OrcaObject, view: ClusterView, previous?: OrcaObject): readonly string[];
  /**
   * Which primary objects are worth a look at all (controller-runtime's event
   * filter): a change to one this refuses queues no key of its own (keysFor
   * still runs). Default: every one.
   */
  wants?(object: OrcaObject): boolean;
  /** Keys to look at on start and every resync; default: every primary object it wants. */
  resyncKeys?(view: ClusterView): Iterable<string>;
  /** Keys reconciled at once (never the same key twice at once); default 1. */
  readonly workers?: number;
  reconcile(key: string, context: ReconcileContext): ReconcileResult | Promise<ReconcileResult>;
}

export interface RunControllerOptions {
  readonly client: ObjectClient;
  readonly signal: AbortSignal;
  readonly definition: ControllerDefinition;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Every key is looked at again this often, whatever happened. */
  readonly resyncMs?: number;
  /** How long to wait for the cache to see this controller's own writes. */
  readonly cacheWaitMs?: number;
  readonly queue?: WorkQueueOptions;
  /** `key` is "" for a failure of the caches themselves. */
  readonly onError?: (controller: string, key: string, error: unknown) => void;
}

export const controllerDefaults = Object.freeze({ resyncMs: 30_000, cacheWaitMs: 5_000 });

const workersMax = 64;

/** `namespace/name` of the controlling owner of the given kind, if any. */
export function controllerKeys(object: OrcaObject, ownerKind: KindName): string[] {
  const owner = (object.metadata?.ownerReferences ?? []).find(
    (reference) => reference.controller === true && reference.kind === ownerKind,
  );
  if (owner?.name === undefined || owner.name === '') return [];
  const namespace = object.metadata?.namespace ?? '';
  return [namespace === '' ? owner.name : `${namespace}/${owner.name}`];
}

/** Splits a queue key back into namespace and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** The key of an object of a controller with several primary kinds: `Kind:namespace/name`. */
export function kindKey(kind: KindName, namespace: string, name: string): string {
  return `${kind}:${namespace === '' ? name : `${namespace}/${name}`}`;
}

export function splitKindKey(key: string): { kind: KindName; namespace: string; name: string } {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as KindName, ...splitKey(key.slice(colon + 1)) };
}

function primaryKinds(definition: ControllerDefinition): readonly KindName[] {
  return typeof definition.primary === 'string' ? [definition.primary] : definition.primary;
}

/** The object's own key when it is of a primary kind, else undefined. */
export function primaryKey(definition: ControllerDefinition, object: OrcaObject): string | undefined {
  if (typeof definition.primary === 'string') return object.kind === definition.primary ? objectKey(object) : undefined;
  return definition.primary.includes(object.kind)
    ? kindKey(object.kind, object.metadata?.namespace ?? '', object.metadata?.name ?? '')
    : undefined;
}

function validate(options: RunControllerOptions): void {
  const { definition } = options;
  const workers = definition.workers ?? 1;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > workersMax) {
    throw new ControllerError(
      ControllerErrorCode.Config,
      `${definition.name}: workers must be an integer in [1, ${workersMax}], got ${workers}`,
    );
  }
  for (const field of ['resyncMs', 'cacheWaitMs'] as const) {
    const value = options[field];
    if (value !== undefined && !(value > 0))
      throw new ControllerError(
        ControllerErrorCode.Config,
        `${definition.name}: ${field} must be positive, got ${value}`,
      );
  }
  if (primaryKinds(definition).length === 0)
    throw new ControllerError(ControllerErrorCode.Config, `${definition.name}: no primary kind`);
}

function enqueueChange(
  definition: ControllerDefinition,
  queue: WorkQueue,
  view: ClusterView,
  object: OrcaObject,
  previous: OrcaObject | undefined,
): void {
  const own = primaryKey(definition, object);
  if (own !== undefined && definition.wants?.(object) !== false) queue.add(own);
  const keys =
    definition.keysFor !== undefined
      ? definition.keysFor(object, view, previous)
      : own === undefined && typeof definition.primary === 'string'
        ? controllerKeys(object, definition.primary)
        : [];
  for (const key of keys) queue.add(key);
}

function resync(definition: ControllerDefinition, queue: WorkQueue, cache: ObjectCache): void {
  if (definition.resyncKeys !== undefined) {
    for (const key of definition.resyncKeys(cache)) queue.add(key);
    return;
  }
  for (const kind of primaryKinds(definition)) {
    for (const object of cache.list(kind)) {
      const key = primaryKey(definition, object);
      if (key !== undefined && definition.wants?.(object) !== false) queue.add(key);
    }
  }
}

/** Runs one controller until the signal aborts. */
export async function runController(options: RunControllerOptions): Promise<void> {
  validate(options);
  const { client, signal, definition } = options;
  const queue = new WorkQueue(options.queue ?? workQueueDefaults);
  const cache: ObjectCache = new ObjectCache({
    client,
    kinds: [...primaryKinds(definition), ...definition.watches, ...(definition.reads ?? [])],
    ...(definition.namespaces === undefined ? {} : { namespaces: definition.namespaces }),
    ...(definition.indexes === undefined ? {} : { indexes: definition.indexes }),
    onChange: (object, previous) => {
      if (!(definition.reads ?? []).includes(object.kind)) enqueueChange(definition, queue, cache, object, previous);
    },
    // Once the controller is told to stop, its informers' failures are the stop itself, not news.
    onError: (error) => {
      if (!signal.aborted) options.onError?.(definition.name, '', error);
    },
  });
  const stop = (): void => queue.close();
  signal.addEventListener('abort', stop, { once: true });
  const resyncTimer = setInterval(
    () => resync(definition, queue, cache),
    options.resyncMs ?? controllerDefaults.resyncMs,
  );
  try {
    await Promise.race([
      cache.start(),
      new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })),
    ]);
    if (definition.resyncKeys !== undefined && !signal.aborted) resync(definition, queue, cache);
    const workers = Array.from({ length: definition.workers ?? 1 }, () => work(options, queue, cache));
    await Promise.all(workers);
  } finally {
    clearInterval(resyncTimer);
    signal.removeEventListener('abort', stop);
    queue.close();
    await cache.stop();
  }
}

async function work(options: RunControllerOptions, queue: WorkQueue, cache: ObjectCache): Promise<void> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  for (;;) {
    const key = await queue.get();
    if (key === undefined || options.signal.aborted) return;
    try {
      await processKey(options, { key, queue, cache, now: now(), random });
    } finally {
      queue.done(key);
    }
  }
}

interface KeyWork {
  readonly key: string;
  readonly queue: WorkQueue;
  readonly cache: ObjectCache;
  readonly now: number;
  readonly random: () => number;
}

/** A write refused because the decision was made on a cache one step behind: the requeue is the whole answer. */
function isRace(error: unknown): boolean {
  return isClientError(error, 'conflict') || isClientError(error, 'not-found');
}

async function processKey(options: RunControllerOptions, work: KeyWork): Promise<void> {
  const { definition, signal } = options;
  let result: ReconcileResult;
  try {
    result = await definition.reconcile(work.key, {
      view: work.cache,
      now: work.now,
      random: work.random,
      reader: options.client,
    });
  } catch (error: unknown) {
    if (!signal.aborted && !isRace(error)) options.onError?.(definition.name, work.key, error);
    work.queue.addRateLimited(work.key);
    return;
  }
  const execution = await executeActions(options.client, result.actions, {
    signal,
    ...(result.deletesInFlightMax === undefined ? {} : { deletesInFlightMax: result.deletesInFlightMax }),
  });
  if (execution.error !== undefined) {
    if (!signal.aborted && !isRace(execution.error)) options.onError?.(definition.name, work.key, execution.error);
    work.queue.addRateLimited(work.key);
  } else {
    work.queue.forget(work.key);
    if (result.requeueAfterMs !== undefined) work.queue.addAfter(work.key, Math.max(1, result.requeueAfterMs));
  }
  if (execution.written.size === 0) return;
  const caughtUp = await work.cache.waitForRevisions(
    execution.written,
    options.cacheWaitMs ?? controllerDefaults.cacheWaitMs,
    signal,
  );
  if (!caughtUp)
    options.onError?.(
      definition.name,
      work.key,
      new ControllerError(
        ControllerErrorCode.Stale,
        `${definition.name}: the cache did not see its own writes in time`,
      ),
    );
}
