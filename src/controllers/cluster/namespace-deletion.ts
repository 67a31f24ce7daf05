/**
 * Namespace deletion: a Namespace marked for deletion is Terminating; everything
 * in it is deleted, kind by kind, and once nothing is left its `kubernetes`
 * finalizer is removed, which completes the deletion. Level-triggered: each
 * turn lists what is left, so a new leader carries on where the last stopped.
 */
import { kinds as allKinds, type KindName, type Namespace } from '../../api/index.js';
import { Informer, isClientError, type ObjectClient } from '../../client/index.js';
import { runLevelLoop } from './level-loop.js';

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
  return (namespace.metadata?.finalizers ?? []).includes(namespaceFinalizer) ? { type: 'removeFinalizer' } : { type: 'none' };
}

export interface NamespaceDeletionOptions {
  readonly client: ObjectClient;
  readonly signal: AbortSignal;
  readonly onError?: (controller: string, error: unknown) => void;
  /** While a namespace is emptying, look again this often. */
  readonly pollMs?: number;
}

function ignoreRaces(error: unknown): void {
  if (isClientError(error, 'notFound') || isClientError(error, 'conflict')) return;
  throw error;
}

const deletesPerTurnMax = 1000;

/** Delete (up to a bound) what is left in the namespace; returns how many objects were found. */
async function deleteContents(client: ObjectClient, namespace: string): Promise<number> {
  let found = 0;
  for (const kind of namespacedKinds) {
    const listed = await client.listAll(kind, { namespace });
    found += listed.items.length;
    const doomed = listed.items.filter((item) => (item.metadata?.deletionTimestamp ?? '') === '').slice(0, deletesPerTurnMax);
    await Promise.all(doomed.map((item) => client.delete({ kind, namespace, name: item.metadata?.name ?? '' }, { uid: item.metadata?.uid }).catch(ignoreRaces)));
  }
  return found;
}

async function countContents(client: ObjectClient, namespace: string): Promise<number> {
  let found = 0;
  for (const kind of namespacedKinds) found += (await client.list(kind, { namespace, limit: 1 })).items.length;
  return found;
}

async function reconcileNamespace(client: ObjectClient, namespace: Namespace): Promise<boolean> {
  const name = namespace.metadata?.name ?? '';
  const remaining = (namespace.metadata?.deletionTimestamp ?? '') === '' ? 0 : await countContents(client, name);
  const step = decideNamespace(namespace, remaining);
  switch (step.type) {
    case 'none':
      return false;
    case 'markTerminating':
      await client.updateStatus({ ...namespace, status: { ...namespace.status, phase: 'Terminating' } }).catch(ignoreRaces);
      return true;
    case 'deleteContents':
      await deleteContents(client, name);
      return true;
    case 'removeFinalizer': {
      const finalizers = (namespace.metadata?.finalizers ?? []).filter((finalizer) => finalizer !== namespaceFinalizer);
      await client.update({ ...namespace, metadata: { ...namespace.metadata, finalizers } }).catch(ignoreRaces);
      return false;
    }
  }
}

export async function runNamespaceDeletion(options: NamespaceDeletionOptions): Promise<void> {
  const { client } = options;
  const namespaces = new Informer(client, 'Namespace', { onError: (error) => options.onError?.('namespace-deletion', error) });
  const turn = async (): Promise<number | undefined> => {
    let busy = false;
    for (const namespace of namespaces.list()) {
      if ((namespace.metadata?.deletionTimestamp ?? '') === '') continue;
      busy = (await reconcileNamespace(client, namespace)) || busy;
    }
    return busy ? (options.pollMs ?? 200) : undefined;
  };
  await runLevelLoop({ name: 'namespace-deletion', signal: options.signal, informers: [namespaces], turn, onError: options.onError });
}
