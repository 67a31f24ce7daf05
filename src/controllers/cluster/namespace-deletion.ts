/**
 * Namespace deletion: a Namespace marked for deletion is Terminating; everything
 * in it is deleted, kind by kind, and once nothing is left its `kubernetes`
 * finalizer is removed, which completes the deletion. Level-triggered: each
 * reconcile lists what is left, so a new leader carries on where the last stopped.
 */
import { kinds as allKinds, type KindName, type Namespace } from '../../api/index.js';
import { deleteAction, noActions, type Action } from '../runtime/actions.js';
import type { ControllerDefinition, ObjectReader } from '../runtime/run-controller.js';

export const namespaceFinalizer = 'kubernetes';

export const namespacedKinds: readonly KindName[] = allKinds.filter((info) => info.namespaced).map((info) => info.kind);

export type NamespaceStep =
  | { readonly type: 'none' }
  | { readonly type: 'markTerminating' }
  | { readonly type: 'deleteContents' }
  | { readonly type: 'removeFinalizer' };

/** The next step for one namespace, given how many objects are left in it. */
export function decideNamespace(namespace: Namespace, remaining: number): NamespaceStep {
  if ((namespace.metadata?.deletionTimestamp ?? '') === '') return { type: 'none' };
  if (namespace.status?.phase !== 'Terminating') return { type: 'markTerminating' };
  if (remaining > 0) return { type: 'deleteContents' };
  return (namespace.metadata?.finalizers ?? []).includes(namespaceFinalizer)
    ? { type: 'removeFinalizer' }
    : { type: 'none' };
}

export interface NamespaceDeletionSettings {
  /** While a namespace is emptying, look again this often (its contents are not cached, so their going queues nothing). */
  readonly pollMs?: number;
}

const deletesPerKindMax = 1000;
const deletesInFlightMax = 32;

/** Deletes (up to a bound per kind) of what is left in the namespace and not yet being deleted. */
async function contentDeletes(reader: ObjectReader, namespace: string): Promise<Action[]> {
  const actions: Action[] = [];
  for (const kind of namespacedKinds) {
    const listed = await reader.listAll(kind, { namespace });
    const doomed = listed.items
      .filter((item) => (item.metadata?.deletionTimestamp ?? '') === '')
      .slice(0, deletesPerKindMax);
    actions.push(...doomed.map((item) => deleteAction(item)));
  }
  return actions;
}

async function countContents(reader: ObjectReader, namespace: string): Promise<number> {
  let found = 0;
  for (const kind of namespacedKinds) found += (await reader.list(kind, { namespace, limit: 1 })).items.length;
  return found;
}

/** Keys are Namespace names; only a namespace marked for deletion reads anything beyond the cache. */
export function namespaceDeletionController(settings: NamespaceDeletionSettings = {}): ControllerDefinition {
  const pollMs = settings.pollMs ?? 200;
  return {
    name: 'namespace-deletion',
    primary: 'Namespace',
    watches: [],
    workers: 2,
    async reconcile(key, { view, reader }) {
      const namespace = view.get('Namespace', '', key);
      if (namespace === undefined || (namespace.metadata?.deletionTimestamp ?? '') === '') return noActions;
      const step = decideNamespace(namespace, await countContents(reader, key));
      switch (step.type) {
        case 'none':
          return noActions;
        case 'markTerminating':
          return {
            actions: [
              { type: 'updateStatus', object: { ...namespace, status: { ...namespace.status, phase: 'Terminating' } } },
            ],
            requeueAfterMs: pollMs,
          };
        case 'deleteContents':
          return { actions: await contentDeletes(reader, key), requeueAfterMs: pollMs, deletesInFlightMax };
        case 'removeFinalizer': {
          const finalizers = (namespace.metadata?.finalizers ?? []).filter(
            (finalizer) => finalizer !== namespaceFinalizer,
          );
          return {
            actions: [{ type: 'update', object: { ...namespace, metadata: { ...namespace.metadata, finalizers } } }],
          };
        }
      }
    },
  };
}
