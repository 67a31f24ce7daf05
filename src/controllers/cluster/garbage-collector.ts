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
import type { KindName, ObjectOfKind, OrcaObject } from '../../api/index.js';
import { Informer, isClientError, type ObjectClient } from '../../client/index.js';
import { runLevelLoop } from './level-loop.js';

export const foregroundFinalizer = 'foregroundDeletion';
export const orphanFinalizer = 'orphan';

/** Kinds whose objects are owners or dependents in practice. */
export const collectedKinds: readonly KindName[] = [
  'Pod', 'ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PersistentVolumeClaim', 'ConfigMap', 'Service', 'Endpoints',
];

export type GarbageAction =
  /** Delete a dependent; `missingOwners` are the owners to re-check first (background), empty for a foreground owner's dependent. */
  | { readonly type: 'delete'; readonly object: OrcaObject; readonly missingOwners: readonly { kind: string; name: string; uid: string }[] }
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
    if (deletingWith(owner, orphanFinalizer)) actions.push({ type: 'removeFinalizer', object: owner, finalizer: orphanFinalizer });
    else if (deletingWith(owner, foregroundFinalizer)) actions.push({ type: 'removeFinalizer', object: owner, finalizer: foregroundFinalizer });
  }
  return actions;
}

function dependentAction(object: OrcaObject, byUid: ReadonlyMap<string, OrcaObject>, watchedKinds: ReadonlySet<string>): GarbageAction | undefined {
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
      if (watchedKinds.has(reference.kind ?? '')) missing.push({ kind: reference.kind ?? '', name: reference.name ?? '', uid });
      else liveOwner = true;
      continue;
    }
    if (deletingWith(owner, orphanFinalizer)) orphaning.push(uid);
    else if (deletingWith(owner, foregroundFinalizer)) foregroundOwner = true;
    else liveOwner = true;
  }
  if (orphaning.length > 0) return { type: 'removeOwners', object, ownerUids: orphaning };
  if (foregroundOwner && !liveOwner) return { type: 'delete', object, missingOwners: [] };
  if (!liveOwner && !foregroundOwner && missing.length === references.length) return { type: 'delete', object, missingOwners: missing };
  return undefined;
}

export interface GarbageCollectorOptions {
  readonly client: ObjectClient;
  readonly signal: AbortSignal;
  readonly kinds?: readonly KindName[];
  readonly onError?: (controller: string, error: unknown) => void;
}

function refOf(object: OrcaObject): { kind: KindName; namespace: string | undefined; name: string } {
  return { kind: object.kind, namespace: object.metadata?.namespace, name: object.metadata?.name ?? '' };
}

function ignoreRaces(error: unknown): void {
  if (isClientError(error, 'notFound') || isClientError(error, 'conflict')) return;
  throw error;
}

/** True when the owner is gone or is another object now (same name, new uid). */
async function ownerGone(client: ObjectClient, namespace: string | undefined, owner: { kind: string; name: string; uid: string }): Promise<boolean> {
  try {
    const found = await client.get({ kind: owner.kind as KindName, namespace, name: owner.name });
    return found.metadata?.uid !== owner.uid;
  } catch (error: unknown) {
    if (isClientError(error, 'notFound')) return true;
    throw error;
  }
}

async function carryOut(client: ObjectClient, action: GarbageAction): Promise<void> {
  const object = action.object;
  if (action.type === 'delete') {
    for (const owner of action.missingOwners) if (!(await ownerGone(client, object.metadata?.namespace, owner))) return;
    await client.delete(refOf(object), { uid: object.metadata?.uid }).catch(ignoreRaces);
    return;
  }
  if (action.type === 'removeOwners') {
    const ownerReferences = (object.metadata?.ownerReferences ?? []).filter((reference) => !action.ownerUids.includes(reference.uid ?? ''));
    await client.update({ ...object, metadata: { ...object.metadata, ownerReferences } }).catch(ignoreRaces);
    return;
  }
  const finalizers = (object.metadata?.finalizers ?? []).filter((finalizer) => finalizer !== action.finalizer);
  await client.update({ ...object, metadata: { ...object.metadata, finalizers } }).catch(ignoreRaces);
}

/** Actions per turn at most, so one turn stays short; the rest follow in the next. */
const actionsPerTurnMax = 500;
const parallelWritesMax = 32;

export async function runGarbageCollector(options: GarbageCollectorOptions): Promise<void> {
  const kinds = options.kinds ?? collectedKinds;
  const onError = (error: unknown): void => options.onError?.('garbage-collector', error);
  const informers = kinds.map((kind) => new Informer(options.client, kind, { onError }));
  const watched = new Set<string>(kinds);
  const turn = async (): Promise<number | undefined> => {
    const objects = informers.flatMap((informer) => informer.list() as ObjectOfKind<KindName>[]);
    const actions = decideGarbage(objects, watched).slice(0, actionsPerTurnMax);
    for (let start = 0; start < actions.length; start += parallelWritesMax) {
      await Promise.all(actions.slice(start, start + parallelWritesMax).map((action) => carryOut(options.client, action)));
    }
    // Writes made here show in the caches shortly; look again soon rather than wait for a change.
    return actions.length > 0 ? 100 : undefined;
  };
  // Each turn reads every object: a longer debounce folds bursts (a rollout, a bulk create) into few turns.
  await runLevelLoop({ name: 'garbage-collector', signal: options.signal, informers, turn, onError: options.onError, debounceMs: 200 });
}
