/**
 * The thin shell around a controller's pure reconcile: informer caches feed a
 * work queue of primary-object keys; one worker takes a key, asks the pure core
 * what to do given the cache and the clock, carries the actions out, and
 * requeues with back-off on failure. After its own writes it waits until the
 * cache has seen them, so the next decision never repeats a create it already
 * made (read-your-writes replaces client-go's "expectations").
 */
import type { KindName, OrcaObject } from '../../api/index.js';
import { isClientError, objectKey, type ObjectClient } from '../../client/index.js';
import type { ReconcileResult } from './actions.js';
import type { ClusterView } from './cluster-view.js';
import { ControllerError } from './errors.js';
import { executeActions } from './executor.js';
import { ObjectCache } from './object-cache.js';
import { WorkQueue, workQueueDefaults, type WorkQueueOptions } from './work-queue.js';

export interface ReconcileContext {
  readonly view: ClusterView;
  /** Milliseconds since the epoch, from the injected clock. */
  readonly now: number;
  /** Uniform in [0, 1), from the injected source (pod name suffixes). */
  readonly random: () => number;
}

export interface ControllerDefinition {
  readonly name: string;
  /** The kind whose objects are the queue's keys. */
  readonly primary: KindName;
  /** Other kinds the decision reads. */
  readonly watches: readonly KindName[];
  /** Primary keys to look at when a watched object changes; default: its controlling owner of the primary kind. */
  keysFor?(object: OrcaObject, view: ClusterView): readonly string[];
  reconcile(key: string, context: ReconcileContext): ReconcileResult;
}

export interface RunControllerOptions {
  readonly client: ObjectClient;
  readonly signal: AbortSignal;
  readonly definition: ControllerDefinition;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Every primary is looked at again this often, whatever happened. */
  readonly resyncMs?: number;
  /** How long to wait for the cache to see this controller's own writes. */
  readonly cacheWaitMs?: number;
  readonly queue?: WorkQueueOptions;
  readonly onError?: (controller: string, key: string, error: unknown) => void;
}

export const controllerDefaults = Object.freeze({ resyncMs: 30_000, cacheWaitMs: 5_000 });

/** `namespace/name` of the controlling owner of the given kind, if any. */
export function controllerKeys(object: OrcaObject, ownerKind: KindName): string[] {
  const owner = (object.metadata?.ownerReferences ?? []).find((reference) => reference.controller === true && reference.kind === ownerKind);
  if (owner?.name === undefined || owner.name === '') return [];
  const namespace = object.metadata?.namespace ?? '';
  return [namespace === '' ? owner.name : `${namespace}/${owner.name}`];
}

/** Splits a queue key back into namespace and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForCache(cache: ObjectCache, written: Map<KindName, bigint>, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal.aborted) return true;
    if ([...written].every(([kind, revision]) => !cache.watches(kind) || cache.revisionOf(kind) >= revision)) return true;
    if (Date.now() > deadline) return false;
    await delay(5);
  }
}

function enqueueChange(definition: ControllerDefinition, queue: WorkQueue, cache: ObjectCache, object: OrcaObject): void {
  if (object.kind === definition.primary) {
    queue.add(objectKey(object));
    return;
  }
  const keys = definition.keysFor?.(object, cache) ?? controllerKeys(object, definition.primary);
  for (const key of keys) queue.add(key);
}

/** Runs one controller until the signal aborts. */
export async function runController(options: RunControllerOptions): Promise<void> {
  const { client, signal, definition } = options;
  const queue = new WorkQueue(options.queue ?? workQueueDefaults);
  const cache: ObjectCache = new ObjectCache({
    client,
    kinds: [definition.primary, ...definition.watches],
    onChange: (object) => enqueueChange(definition, queue, cache, object),
  });
  const stop = (): void => queue.close();
  signal.addEventListener('abort', stop, { once: true });
  const resync = setInterval(() => {
    for (const object of cache.list(definition.primary)) queue.add(objectKey(object));
  }, options.resyncMs ?? controllerDefaults.resyncMs);
  try {
    await Promise.race([cache.start(), new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    await work(options, queue, cache);
  } finally {
    clearInterval(resync);
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

async function processKey(options: RunControllerOptions, work: KeyWork): Promise<void> {
  const { definition, signal } = options;
  let result: ReconcileResult;
  try {
    result = definition.reconcile(work.key, { view: work.cache, now: work.now, random: work.random });
  } catch (error: unknown) {
    options.onError?.(definition.name, work.key, error);
    work.queue.addRateLimited(work.key);
    return;
  }
  const execution = await executeActions(options.client, result.actions, signal);
  if (execution.error !== undefined) {
    // a conflict is the normal outcome of a decision made on a cache one step behind
    if (!isClientError(execution.error, 'conflict')) options.onError?.(definition.name, work.key, execution.error);
    work.queue.addRateLimited(work.key);
  } else {
    work.queue.forget(work.key);
    if (result.requeueAfterMs !== undefined) work.queue.addAfter(work.key, Math.max(1, result.requeueAfterMs));
  }
  const caughtUp = await waitForCache(work.cache, execution.written, options.cacheWaitMs ?? controllerDefaults.cacheWaitMs, signal);
  if (!caughtUp) options.onError?.(definition.name, work.key, new ControllerError('stale', `${definition.name}: the cache did not see its own writes in time`));
}
