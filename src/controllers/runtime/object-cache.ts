/**
 * Informer-backed caches of several kinds behind one ClusterView, with an owner
 * index (owner uid → owned keys) and any declared secondary indexes, so "the
 * pods of this ReplicaSet" or "the pods on this node" is not a scan. It also
 * tells when it has caught up with a revision: an event, not a poll.
 */
import type { KindName, ObjectOfKind, OrcaObject } from '../../api/index.js';
import { Informer, objectKey, type ClientError, type ObjectClient } from '../../client/index.js';
import type { CacheIndex, ClusterView } from './cluster-view.js';

export interface ObjectCacheOptions {
  readonly client: ObjectClient;
  readonly kinds: readonly KindName[];
  /** Kinds cached from one namespace only (the others: every namespace). */
  readonly namespaces?: Partial<Record<KindName, string>>;
  readonly indexes?: readonly CacheIndex[];
  /** Called for every add, update and delete (the object's last state for a delete), after the cache and its indexes changed. */
  readonly onChange: (object: OrcaObject, previous: OrcaObject | undefined) => void;
  readonly onError?: (error: ClientError) => void;
  readonly objectsMax?: number;
}

const ownerIndex = '.owner';

/** value → object keys */
type IndexTable = Map<string, Set<string>>;

interface KindIndex {
  readonly values: (object: OrcaObject) => readonly string[];
  readonly table: IndexTable;
}

interface RevisionWaiter {
  readonly caughtUp: () => boolean;
  readonly resolve: (caughtUp: boolean) => void;
}

function sameValues(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, position) => value === right[position]);
}

function ownerUids(object: OrcaObject): string[] {
  return (object.metadata?.ownerReferences ?? []).map((owner) => owner.uid ?? '').filter((uid) => uid !== '');
}

export class ObjectCache implements ClusterView {
  private readonly informers = new Map<KindName, Informer<KindName>>();
  /** kind → index name → table */
  private readonly indexes = new Map<KindName, Map<string, KindIndex>>();
  private readonly waiters = new Set<RevisionWaiter>();

  constructor(private readonly options: ObjectCacheOptions) {
    for (const kind of new Set(options.kinds)) {
      const namespace = options.namespaces?.[kind];
      const informer = new Informer(options.client, kind, {
        objectsMax: options.objectsMax,
        onError: options.onError,
        ...(namespace === undefined ? {} : { namespace }),
      });
      informer.addHandlers({
        onAdd: (object) => this.changed(object, undefined),
        onUpdate: (previous, current) => this.changed(current, previous),
        onDelete: (object) => this.changed(undefined, object),
        onRevision: () => this.wakeWaiters(),
      });
      this.informers.set(kind, informer);
      this.indexes.set(kind, new Map([[ownerIndex, { values: ownerUids, table: new Map() }]]));
    }
    for (const index of options.indexes ?? []) {
      const byName = this.indexes.get(index.kind);
      if (byName === undefined) continue;
      byName.set(index.name, { values: (object) => index.values(object), table: new Map() });
    }
  }

  async start(): Promise<void> {
    for (const informer of this.informers.values()) informer.start();
    await Promise.all([...this.informers.values()].map((informer) => informer.waitForSync()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
    for (const waiter of [...this.waiters]) waiter.resolve(true);
  }

  /** The revision the kind's cache reflects (0 before the first list). */
  revisionOf(kind: KindName): bigint {
    const text = this.informers.get(kind)?.resourceVersion ?? '';
    return text === '' ? 0n : BigInt(text);
  }

  watches(kind: KindName): boolean {
    return this.informers.has(kind);
  }

  /**
   * Resolves true once every cached kind reflects at least the revision given
   * for it (kinds not cached here are not waited for), false after `timeoutMs`;
   * true at once when the signal aborts.
   */
  waitForRevisions(revisions: ReadonlyMap<KindName, bigint>, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    const caughtUp = (): boolean =>
      signal.aborted ||
      [...revisions].every(([kind, revision]) => !this.watches(kind) || this.revisionOf(kind) >= revision);
    if (caughtUp()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
        resolve(result);
      };
      const waiter: RevisionWaiter = { caughtUp, resolve: finish };
      const onAbort = (): void => finish(true);
      const timer = setTimeout(() => finish(caughtUp()), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  get<K extends KindName>(kind: K, namespace: string, name: string): ObjectOfKind<K> | undefined {
    return this.informer(kind)?.get(name, namespace);
  }

  list<K extends KindName>(kind: K, namespace?: string): ObjectOfKind<K>[] {
    const all = this.informer(kind)?.list() ?? [];
    return namespace === undefined ? all : all.filter((object) => (object.metadata?.namespace ?? '') === namespace);
  }

  ownedBy<K extends KindName>(kind: K, ownerUid: string): ObjectOfKind<K>[] {
    return this.byIndex(kind, ownerIndex, ownerUid);
  }

  byIndex<K extends KindName>(kind: K, index: string, value: string): ObjectOfKind<K>[] {
    const keys = this.indexes.get(kind)?.get(index)?.table.get(value);
    const informer = this.informer(kind);
    if (keys === undefined || informer === undefined) return [];
    const result: ObjectOfKind<K>[] = [];
    for (const key of keys) {
      const slash = key.indexOf('/');
      const object = slash < 0 ? informer.get(key) : informer.get(key.slice(slash + 1), key.slice(0, slash));
      if (object !== undefined) result.push(object);
    }
    return result;
  }

  private informer<K extends KindName>(kind: K): Informer<K> | undefined {
    return this.informers.get(kind) as Informer<K> | undefined;
  }

  private changed(current: OrcaObject | undefined, previous: OrcaObject | undefined): void {
    const kind = (current ?? previous)?.kind;
    const byName = kind === undefined ? undefined : this.indexes.get(kind);
    for (const index of byName?.values() ?? []) {
      const before = previous === undefined ? [] : index.values(previous);
      const after = current === undefined ? [] : index.values(current);
      // Most updates (a status) leave every indexed value as it was.
      if (previous !== undefined && current !== undefined && sameValues(before, after)) continue;
      if (previous !== undefined) this.index(index, objectKey(previous), before, false);
      if (current !== undefined) this.index(index, objectKey(current), after, true);
    }
    if (current !== undefined) this.options.onChange(current, previous);
    else if (previous !== undefined) this.options.onChange(previous, undefined);
  }

  private index(index: KindIndex, key: string, values: readonly string[], present: boolean): void {
    for (const value of values) {
      const keys = index.table.get(value);
      if (present) {
        if (keys === undefined) index.table.set(value, new Set([key]));
        else keys.add(key);
      } else if (keys !== undefined) {
        keys.delete(key);
        if (keys.size === 0) index.table.delete(value);
      }
    }
  }

  private wakeWaiters(): void {
    for (const waiter of [...this.waiters]) if (waiter.caughtUp()) waiter.resolve(true);
  }
}
