/**
 * A list + watch cache of one kind, for controllers and workers. It lists, hands
 * every object to the handlers, then watches from the list's revision; when the
 * watch reports `expired` (or fails for good) it lists again and hands over only
 * the differences, so handlers see a consistent stream of add/update/delete.
 */
import type { KindName, ObjectOfKind } from '../api/index.js';
import { backoffDelayMs, sleep } from './backoff.js';
import { ClientError, isClientError, toClientError } from './errors.js';
import type { ObjectClient, WatchEvent, WatchStream } from './object-client.js';

export interface InformerHandlers<T> {
  onAdd?(object: T): void;
  onUpdate?(previous: T, current: T): void;
  onDelete?(object: T): void;
  /** The cache now reflects this revision: after each watch event (bookmarks too) and after each list. */
  onRevision?(resourceVersion: string): void;
}

export interface InformerOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Beyond this many cached objects the informer stops with a `tooLarge` error. */
  readonly objectsMax?: number;
  /** Pause between relists after a failure: full jitter up to this ceiling. */
  readonly relistBackoffMaxMs?: number;
  /** Told about every failure the informer recovers from (or stops on). */
  readonly onError?: (error: ClientError) => void;
  readonly random?: () => number;
}

export const informerDefaults = Object.freeze({ objectsMax: 100_000, relistBackoffMaxMs: 5_000 });

/** `namespace/name` (or `name` for cluster-scoped kinds): the cache key. */
export function objectKey(object: { metadata?: { namespace?: string; name?: string } }): string {
  const namespace = object.metadata?.namespace ?? '';
  const name = object.metadata?.name ?? '';
  return namespace === '' ? name : `${namespace}/${name}`;
}

export class Informer<K extends KindName> {
  private readonly cache = new Map<string, ObjectOfKind<K>>();
  private readonly handlers: InformerHandlers<ObjectOfKind<K>>[] = [];
  private readonly stopped = new AbortController();
  private readonly syncWaiters: (() => void)[] = [];
  private watch: WatchStream<ObjectOfKind<K>> | undefined;
  private running: Promise<void> | undefined;
  private synced = false;
  private revision = '';
  private failure: ClientError | undefined;

  constructor(
    private readonly client: ObjectClient,
    readonly kind: K,
    private readonly options: InformerOptions = {},
  ) {}

  addHandlers(handlers: InformerHandlers<ObjectOfKind<K>>): void {
    this.handlers.push(handlers);
    // a late handler still sees the objects already cached, as adds
    if (this.synced) for (const object of this.cache.values()) this.call(handlers, 'onAdd', object);
  }

  start(): void {
    if (this.running !== undefined) throw new Error(`informer for ${this.kind} already started`);
    this.running = this.loop();
  }

  /** True once the first list was delivered to the handlers. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once synced; rejects if the informer stops first. */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.syncWaiters.push(() =>
        this.synced
          ? resolve()
          : reject(this.failure ?? new ClientError('closed', `informer for ${this.kind} stopped`)),
      );
    });
  }

  get(name: string, namespace = ''): ObjectOfKind<K> | undefined {
    return this.cache.get(namespace === '' ? name : `${namespace}/${name}`);
  }

  list(): ObjectOfKind<K>[] {
    return [...this.cache.values()];
  }

  /** The revision the cache reflects. */
  get resourceVersion(): string {
    return this.revision;
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    this.watch?.close();
    await this.running;
    this.wakeSyncWaiters();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped.signal.aborted) {
      try {
        await this.relist();
        failures = 0;
        await this.follow();
      } catch (thrown: unknown) {
        if (this.stopped.signal.aborted) break;
        const error = toClientError(thrown);
        this.options.onError?.(error);
        if (isClientError(error, 'too-large') || isClientError(error, 'invalid')) return this.fail(error);
        if (!isClientError(error, 'expired')) failures += 1;
        const ceiling = this.options.relistBackoffMaxMs ?? informerDefaults.relistBackoffMaxMs;
        await sleep(
          backoffDelayMs({ baseMs: 100, maxMs: ceiling }, failures, this.options.random ?? Math.random),
          this.stopped.signal,
        );
      }
    }
  }

  private fail(error: ClientError): void {
    this.failure = error;
    this.wakeSyncWaiters();
  }

  private wakeSyncWaiters(): void {
    for (const wake of this.syncWaiters.splice(0)) wake();
  }

  /** List everything and hand the handlers the differences from the cache. */
  private async relist(): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.options;
    const listed = await this.client.listAll(this.kind, { namespace, labelSelector, fieldSelector });
    if (this.stopped.signal.aborted) return;
    const objectsMax = this.options.objectsMax ?? informerDefaults.objectsMax;
    if (listed.items.length > objectsMax)
      throw new ClientError(
        'too-large',
        `informer for ${this.kind}: ${listed.items.length} objects, more than ${objectsMax}`,
      );
    const seen = new Set<string>();
    for (const object of listed.items) {
      seen.add(objectKey(object));
      this.upsert(object, 'relist');
    }
    for (const [key, object] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.cache.delete(key);
      this.notify('onDelete', object);
    }
    this.revision = listed.resourceVersion;
    this.notifyRevision();
    if (!this.synced) {
      this.synced = true;
      this.wakeSyncWaiters();
    }
  }

  private async follow(): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.options;
    this.watch = this.client.watch(this.kind, {
      namespace,
      labelSelector,
      fieldSelector,
      resourceVersion: this.revision,
    });
    try {
      for await (const event of this.watch) this.apply(event);
    } finally {
      this.watch.close();
      this.watch = undefined;
    }
  }

  private apply(event: WatchEvent<ObjectOfKind<K>>): void {
    this.revision = event.resourceVersion;
    if (event.type === 'DELETED') {
      const key = objectKey(event.object);
      const cached = this.cache.get(key);
      this.cache.delete(key);
      this.notify('onDelete', cached ?? event.object);
    } else if (event.type !== 'BOOKMARK') {
      this.upsert(event.object, 'event');
    }
    this.notifyRevision();
  }

  private notifyRevision(): void {
    for (const handlers of this.handlers) {
      try {
        handlers.onRevision?.(this.revision);
      } catch (thrown: unknown) {
        this.options.onError?.(
          new ClientError(
            'internal',
            `informer for ${this.kind}: revision handler failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
          ),
        );
      }
    }
  }

  /**
   * A relist skips objects whose resourceVersion it already holds (nothing
   * changed). A watch event never is skipped: two changes to one object in one
   * transaction share a revision, and the later one is the state to keep.
   */
  private upsert(object: ObjectOfKind<K>, source: 'relist' | 'event'): void {
    const key = objectKey(object);
    const previous = this.cache.get(key);
    if (
      source === 'relist' &&
      previous !== undefined &&
      previous.metadata?.resourceVersion === object.metadata?.resourceVersion
    )
      return;
    if (previous === undefined && this.cache.size >= (this.options.objectsMax ?? informerDefaults.objectsMax)) {
      throw new ClientError('too-large', `informer for ${this.kind}: more than ${this.cache.size} objects`);
    }
    this.cache.set(key, object);
    if (previous === undefined) this.notify('onAdd', object);
    else this.notifyUpdate(previous, object);
  }

  private notify(which: 'onAdd' | 'onDelete', object: ObjectOfKind<K>): void {
    for (const handlers of this.handlers) this.call(handlers, which, object);
  }

  private notifyUpdate(previous: ObjectOfKind<K>, current: ObjectOfKind<K>): void {
    for (const handlers of this.handlers) {
      try {
        handlers.onUpdate?.(previous, current);
      } catch (thrown: unknown) {
        this.options.onError?.(
          new ClientError(
            'internal',
            `informer for ${this.kind}: update handler failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
          ),
        );
      }
    }
  }

  /** A handler that throws must not stop the informer: it is reported and the cache moves on. */
  private call(
    handlers: InformerHandlers<ObjectOfKind<K>>,
    which: 'onAdd' | 'onDelete',
    object: ObjectOfKind<K>,
  ): void {
    try {
      handlers[which]?.(object);
    } catch (thrown: unknown) {
      this.options.onError?.(
        new ClientError(
          'internal',
          `informer for ${this.kind}: ${which} handler failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
        ),
      );
    }
  }
}
