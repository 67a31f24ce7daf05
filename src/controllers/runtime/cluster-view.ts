/**
 * What a reconcile reads: a read-only view of the cached cluster. The loop hands
 * it an informer-backed cache; pure-core tests hand it `staticView(objects)`.
 */
import type { KindName, ObjectOfKind, OrcaObject } from '../../api/index.js';

/**
 * A secondary index of one kind (controller-runtime's field indexer): every
 * value `values` returns for an object finds it again through `byIndex`, so
 * "the pods on this node" or "the Services selecting app=web" is not a scan.
 */
export interface CacheIndex {
  readonly kind: KindName;
  readonly name: string;
  values(object: OrcaObject): readonly string[];
}

export interface ClusterView {
  get<K extends KindName>(kind: K, namespace: string, name: string): ObjectOfKind<K> | undefined;
  /** Every cached object of the kind, in one namespace or (namespace undefined) all. */
  list<K extends KindName>(kind: K, namespace?: string): ObjectOfKind<K>[];
  /** Objects of the kind whose ownerReferences name this uid. */
  ownedBy<K extends KindName>(kind: K, ownerUid: string): ObjectOfKind<K>[];
  /** Objects of the kind for which the named index yields this value (empty for an index not declared). */
  byIndex<K extends KindName>(kind: K, index: string, value: string): ObjectOfKind<K>[];
}

function namespaceOf(object: OrcaObject): string {
  return object.metadata?.namespace ?? '';
}

/** A view over a fixed list of objects (tests, and one-shot tools); indexes are answered by a scan. */
export function staticView(objects: readonly OrcaObject[], indexes: readonly CacheIndex[] = []): ClusterView {
  const ofKind = <K extends KindName>(kind: K): ObjectOfKind<K>[] =>
    objects.filter((object): object is ObjectOfKind<K> => object.kind === kind);
  return {
    get: (kind, namespace, name) =>
      ofKind(kind).find((object) => namespaceOf(object) === namespace && object.metadata?.name === name),
    list: (kind, namespace) =>
      ofKind(kind).filter((object) => namespace === undefined || namespaceOf(object) === namespace),
    ownedBy: (kind, ownerUid) =>
      ofKind(kind).filter((object) => (object.metadata?.ownerReferences ?? []).some((owner) => owner.uid === ownerUid)),
    byIndex: (kind, index, value) => {
      const found = indexes.find((entry) => entry.kind === kind && entry.name === index);
      return found === undefined ? [] : ofKind(kind).filter((object) => found.values(object).includes(value));
    },
  };
}
