/**
 * Carries out a reconcile's actions in order through the ObjectClient. Every
 * update carries the resourceVersion it was decided on, so a decision made on a
 * stale cache fails with `conflict` instead of overwriting; the loop then
 * requeues the key. Benign outcomes of idempotent writes (a create that exists,
 * a delete of what is gone) count as done.
 */
import type { KindName } from '../../api/index.js';
import { isClientError, type ObjectClient } from '../../client/index.js';
import type { Action } from './actions.js';

export interface ExecutionResult {
  /** Per kind: the highest revision written, so the loop can wait for its cache. */
  readonly written: Map<KindName, bigint>;
  /** The first failure (later actions were not tried), or undefined. */
  readonly error: unknown;
}

function note(written: Map<KindName, bigint>, kind: KindName, resourceVersion: string | undefined): void {
  if (resourceVersion === undefined || resourceVersion === '') return;
  const revision = BigInt(resourceVersion);
  if (revision > (written.get(kind) ?? 0n)) written.set(kind, revision);
}

async function executeOne(client: ObjectClient, action: Action, written: Map<KindName, bigint>): Promise<void> {
  switch (action.type) {
    case 'create': {
      try {
        const created = await client.create(action.object);
        note(written, created.kind, created.metadata?.resourceVersion);
      } catch (error: unknown) {
        if (!isClientError(error, 'alreadyExists')) throw error;
      }
      return;
    }
    case 'update': {
      const updated = await client.update(action.object);
      note(written, updated.kind, updated.metadata?.resourceVersion);
      return;
    }
    case 'updateStatus': {
      const updated = await client.updateStatus(action.object);
      note(written, updated.kind, updated.metadata?.resourceVersion);
      return;
    }
    case 'delete': {
      try {
        const result = await client.delete(
          { kind: action.kind, namespace: action.namespace, name: action.name },
          { ...(action.uid === undefined ? {} : { uid: action.uid }), ...(action.propagationPolicy === undefined ? {} : { propagationPolicy: action.propagationPolicy }) },
        );
        note(written, action.kind, result.object?.metadata?.resourceVersion);
      } catch (error: unknown) {
        if (!isClientError(error, 'notFound')) throw error;
      }
    }
  }
}

export async function executeActions(client: ObjectClient, actions: readonly Action[], signal: AbortSignal): Promise<ExecutionResult> {
  const written = new Map<KindName, bigint>();
  for (const action of actions) {
    if (signal.aborted) break;
    try {
      await executeOne(client, action, written);
    } catch (error: unknown) {
      return { written, error };
    }
  }
  return { written, error: undefined };
}
