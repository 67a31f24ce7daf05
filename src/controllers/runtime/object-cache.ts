/**
 * Informer-backed caches of several kinds behind one ClusterView, with an owner
 * index (owner uid → owned keys) so "the pods of this ReplicaSet" is not a scan.
 */
import type { KindName, ObjectOfKind, OrcaObject } from '../../api/index.js';
import { Informer, objectKey, type ObjectClient } from '../../client/index.js';
import type { ClusterView } from './cluster-view.js';

export interface ObjectCacheOptions {
  readonly client: ObjectClient;
  readonly kinds: readonly KindName[];
  /** Called for every add, update and delete (the object's last state for a delete). */
  readonly onChange: (object: OrcaObject, previous: OrcaObject | undefined) => void;
  readonly onError?: (error: Error) => void;
  readonly objectsMax?: number;
}

export class ObjectCache implements ClusterView {
  private readonly informers = new Map<KindName, Informer<KindName>>();
  /** kind → owner uid → object keys */
  private readonly owners = new Map<KindName, Map<string, Set<string>>>();

  constructor(private readonly options: ObjectCacheOptions) {
    for (const kind of new Set(options.kinds)) {
      const informer = new Informer(options.client, kind, { objectsMax: options.objectsMax, onError: options.onError });
      informer.addHandlers({
        onAdd: (object) => this.changed(object, undefined, true),
        onUpdate: (previous, current) => {
          this.index(previous, false);
          this.changed(current, previous, true);
        },
        onDelete: (object) => this.changed(object, undefined, false),
      });
      this.informers.set(kind, informer);
      this.owners.set(kind, new Map());
    }
  }

  async start(): Promise<void> {
    for (const informer of this.informers.values()) informer.start();
    await Promise.all([...this.informers.values()].map((informer) => informer.waitForSync()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }

  /** The revision the kind's cache reflects ("" before the first list). */
  revisionOf(kind: KindName): bigint {
    const text = this.informers.get(kind)?.resourceVersion ?? '';
    return text === '' ? 0n : BigInt(text);
  }

  watches(kind: KindName): boolean {
    return this.informers.has(kind);
  }

  get<K extends KindName>(kind: K, namespace: string, name: string): ObjectOfKind<K> | undefined {
    return this.informer(kind)?.get(name, namespace);
  }

  list<K extends KindName>(kind: K, namespace?: string): ObjectOfKind<K>[] {
    const all = this.informer(kind)?.list() ?? [];
    return namespace === undefined ? all : all.filter((object) => (object.metadata?.namespace ?? '') === namespace);
  }

  ownedBy<K extends KindName>(kind: K, ownerUid: string): ObjectOfKind<K>[] {
    const keys = this.owners.get(kind)?.get(ownerUid);
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

  private changed(object: OrcaObject, previous: OrcaObject | undefined, present: boolean): void {
    this.index(object, present);
    this.options.onChange(object, previous);
  }

  private index(object: OrcaObject, present: boolean): void {
    const byOwner = this.owners.get(object.kind);
    if (byOwner === undefined) return;
    const key = objectKey(object);
    for (const owner of object.metadata?.ownerReferences ?? []) {
      const uid = owner.uid ?? '';
      if (uid === '') continue;
      const keys = byOwner.get(uid) ?? new Set<string>();
      if (present) keys.add(key);
      else keys.delete(key);
      if (keys.size === 0) byOwner.delete(uid);
      else byOwner.set(uid, keys);
    }
  }
}
