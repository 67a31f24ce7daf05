/**
 * Garbage collection through ownerReferences. Pure core over every object of
 * the kinds that own or are owned:
 * - background: a dependent none of whose owners exists any more (by uid) is deleted;
 * - foreground: an owner marked for deletion with `foregroundDeletion` gets its
 *   dependents deleted, and loses the finalizer once none is left;
 * - orphan: an owner marked for deletion with `orphan` has its reference removed
 *   from every dependent, then loses the finalizer.
 * The shell checks an owner is really gone with a read before deleting for
 * that reason, since two informers may lag each other.
 */
import { kindInfo, type KindName, type OrcaObject } from '../../api/index.js';
import { isClientError } from '../../client/index.js';
import { deleteAction, noActions, type Action } from '../runtime/actions.js';
import type { ClusterView } from '../runtime/cluster-view.js';
import { kindKey, splitKindKey, type ControllerDefinition, type ObjectReader } from '../runtime/run-controller.js';

export const foregroundFinalizer = 'foregroundDeletion';
export const orphanFinalizer = 'orphan';

/** Kinds whose objects are owners or dependents in practice. */
export const collectedKinds: readonly KindName[] = [
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'PersistentVolumeClaim',
  'ConfigMap',
  'Service',
  'Endpoints',
];

export type GarbageAction =
  /** Delete a dependent; `missingOwners` are the owners to re-check first (background), empty for a foreground owner's dependent. */
  | {
      readonly type: 'delete';
      readonly object: OrcaObject;
      readonly missingOwners: readonly { kind: string; name: string; uid: string }[];
    }
  | { readonly type: 'removeOwners'; readonly object: OrcaObject; readonly ownerUids: readonly string[] }
  | { readonly type: 'removeFinalizer'; readonly object: OrcaObject; readonly finalizer: string };

function uidOf(object: OrcaObject): string {
  return object.metadata?.uid ?? '';
}

function isMarked(object: OrcaObject): boolean {
  return (object.metadata?.deletionTimestamp ?? '') !== '';
}

function hasFinalizer(object: OrcaObject, finalizer: string): boolean {
  return (object.metadata?.finalizers ?? []).includes(finalizer);
}

/**
 * Being deleted with a propagation policy. The policy's finalizer is only ever
 * added by the delete itself (in the same entry that marks the object), and a
 * watch may show that entry's first change alone, so the finalizer is enough.
 */
function deletingWith(object: OrcaObject, finalizer: string): boolean {
  return hasFinalizer(object, finalizer);
}

export function decideGarbage(objects: readonly OrcaObject[], watchedKinds: ReadonlySet<string>): GarbageAction[] {
  const byUid = new Map<string, OrcaObject>();
  for (const object of objects) byUid.set(uidOf(object), object);
  const dependentsOf = new Map<string, OrcaObject[]>();
  const actions: GarbageAction[] = [];
  for (const object of objects) {
    const references = object.metadata?.ownerReferences ?? [];
    if (references.length === 0) continue;
    for (const reference of references) {
      const list = dependentsOf.get(reference.uid ?? '');
      if (list === undefined) dependentsOf.set(reference.uid ?? '', [object]);
      else list.push(object);
    }
    if (isMarked(object)) continue;
    const action = dependentAction(object, byUid, watchedKinds);
    if (action !== undefined) actions.push(action);
  }
  for (const owner of objects) {
    const remaining = dependentsOf.get(uidOf(owner)) ?? [];
    if (remaining.length > 0) continue;
    if (deletingWith(owner, orphanFinalizer))
      actions.push({ type: 'removeFinalizer', object: owner, finalizer: orphanFinalizer });
    else if (deletingWith(owner, foregroundFinalizer))
      actions.push({ type: 'removeFinalizer', object: owner, finalizer: foregroundFinalizer });
  }
  return actions;
}

function dependentAction(
  object: OrcaObject,
  byUid: ReadonlyMap<string, OrcaObject>,
  watchedKinds: ReadonlySet<string>,
): GarbageAction | undefined {
  const references = object.metadata?.ownerReferences ?? [];
  const orphaning: string[] = [];
  const missing: { kind: string; name: string; uid: string }[] = [];
  let foregroundOwner = false;
  let liveOwner = false;
  for (const reference of references) {
    const uid = reference.uid ?? '';
    const owner = byUid.get(uid);
    if (owner === undefined) {
      // An owner of a kind not watched here is not judged: it may well exist.
      if (watchedKinds.has(reference.kind ?? ''))
        missing.push({ kind: reference.kind ?? '', name: reference.name ?? '', uid });
      else liveOwner = true;
      continue;
    }
    if (deletingWith(owner, orphanFinalizer)) orphaning.push(uid);
    else if (deletingWith(owner, foregroundFinalizer)) foregroundOwner = true;
    else liveOwner = true;
  }
  if (orphaning.length > 0) return { type: 'removeOwners', object, ownerUids: orphaning };
  if (foregroundOwner && !liveOwner) return { type: 'delete', object, missingOwners: [] };
  if (!liveOwner && !foregroundOwner && missing.length === references.length)
    return { type: 'delete', object, missingOwners: missing };
  return undefined;
}

export interface GarbageCollectorSettings {
  readonly kinds?: readonly KindName[];
}

interface OwnerReference {
  readonly kind: KindName;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

function referencesOf(object: OrcaObject, watched: ReadonlySet<string>): OwnerReference[] {
  const namespace = object.metadata?.namespace ?? '';
  return (object.metadata?.ownerReferences ?? [])
    .filter((reference) => watched.has(reference.kind ?? ''))
    .map((reference) => {
      const kind = reference.kind as KindName;
      return {
        kind,
        namespace: kindInfo(kind)?.namespaced === false ? '' : namespace,
        name: reference.name ?? '',
        uid: reference.uid ?? '',
      };
    });
}

/** The cached owner a reference names, when it is that very object (same uid). */
function cachedOwner(view: ClusterView, reference: OwnerReference): OrcaObject | undefined {
  const owner = view.get(reference.kind, reference.namespace, reference.name);
  return owner !== undefined && uidOf(owner) === reference.uid ? owner : undefined;
}

function isDeletingOwner(object: OrcaObject): boolean {
  return deletingWith(object, orphanFinalizer) || deletingWith(object, foregroundFinalizer);
}

function keyOf(object: OrcaObject): string {
  return kindKey(object.kind, object.metadata?.namespace ?? '', object.metadata?.name ?? '');
}

/**
 * A change matters to the object itself (its own key), to an owner that waits
 * on its dependents (a propagation finalizer), and, when the object went or is
 * being deleted with a policy, to its dependents.
 */
function relatedKeys(
  object: OrcaObject,
  view: ClusterView,
  previous: OrcaObject | undefined,
  kinds: readonly KindName[],
  watched: ReadonlySet<string>,
): string[] {
  const keys: string[] = [];
  for (const state of previous === undefined ? [object] : [object, previous]) {
    for (const reference of referencesOf(state, watched)) {
      const owner = cachedOwner(view, reference);
      if (owner !== undefined && isDeletingOwner(owner)) keys.push(keyOf(owner));
    }
  }
  const current = view.get(object.kind, object.metadata?.namespace ?? '', object.metadata?.name ?? '');
  const gone = current === undefined || uidOf(current) !== uidOf(object);
  if (gone || isDeletingOwner(object) || isMarked(object)) {
    for (const kind of kinds) for (const dependent of view.ownedBy(kind, uidOf(object))) keys.push(keyOf(dependent));
  }
  return keys;
}

/** Every dependent of the object, of every collected kind. */
function dependentsOf(object: OrcaObject, view: ClusterView, kinds: readonly KindName[]): OrcaObject[] {
  return kinds.flatMap((kind) => view.ownedBy(kind, uidOf(object)));
}

/**
 * Keys are `Kind:namespace/name` of every collected object. The pure core
 * judges the object among the few objects its decision depends on: its
 * owners, and (when it is being deleted with a policy) its dependents. A
 * background delete first re-reads the missing owners from the API, since two
 * informers may lag each other.
 */
export function garbageCollectorController(settings: GarbageCollectorSettings = {}): ControllerDefinition {
  const kinds = settings.kinds ?? collectedKinds;
  const watched = new Set<string>(kinds);
  return {
    name: 'garbage-collector',
    primary: kinds,
    watches: [],
    workers: 16,
    // Most objects have no owner and own nothing being deleted: nothing to judge.
    wants: (object) => (object.metadata?.ownerReferences ?? []).length > 0 || isDeletingOwner(object),
    keysFor: (object, view, previous) => relatedKeys(object, view, previous, kinds, watched),
    async reconcile(key, { view, reader }) {
      const { kind, namespace, name } = splitKindKey(key);
      const object = view.get(kind, namespace, name);
      if (object === undefined || ((object.metadata?.ownerReferences ?? []).length === 0 && !isDeletingOwner(object)))
        return noActions;
      const owners = referencesOf(object, watched)
        .map((reference) => cachedOwner(view, reference))
        .filter((owner) => owner !== undefined);
      const dependents = isDeletingOwner(object) ? dependentsOf(object, view, kinds) : [];
      const action = decideGarbage([object, ...owners, ...dependents], watched).find((item) => item.object === object);
      if (action === undefined) return noActions;
      return { actions: await carryOut(reader, action) };
    },
  };
}

/** True when the owner is gone or is another object now (same name, new uid). */
async function ownerGone(
  reader: ObjectReader,
  namespace: string | undefined,
  owner: { kind: string; name: string; uid: string },
): Promise<boolean> {
  try {
    const found = await reader.get({ kind: owner.kind as KindName, namespace, name: owner.name });
    return found.metadata?.uid !== owner.uid;
  } catch (error: unknown) {
    if (isClientError(error, 'not-found')) return true;
    throw error;
  }
}

async function carryOut(reader: ObjectReader, action: GarbageAction): Promise<Action[]> {
  const object = action.object;
  if (action.type === 'delete') {
    for (const owner of action.missingOwners)
      if (!(await ownerGone(reader, object.metadata?.namespace, owner))) return [];
    return [deleteAction(object)];
  }
  if (action.type === 'removeOwners') {
    const ownerReferences = (object.metadata?.ownerReferences ?? []).filter(
      (reference) => !action.ownerUids.includes(reference.uid ?? ''),
    );
    return [{ type: 'update', object: { ...object, metadata: { ...object.metadata, ownerReferences } } }];
  }
  const finalizers = (object.metadata?.finalizers ?? []).filter((finalizer) => finalizer !== action.finalizer);
  return [{ type: 'update', object: { ...object, metadata: { ...object.metadata, finalizers } } }];
}
