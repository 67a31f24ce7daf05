/**
 * Carries out a reconcile's actions in order through the ObjectClient. Every
 * update carries the resourceVersion it was decided on, so a decision made on a
 * stale cache fails with `conflict` instead of overwriting; the loop then
 * requeues the key. Benign outcomes of idempotent writes (a create that exists,
 * a delete of what is gone) count as done. Deletes in a row may run several at
 * once when the reconcile allows it.
 */
import type { KindName, OrcaObject } from '../../api/index.js';
import { isClientError, type ObjectClient } from '../../client/index.js';
import type { Action } from './actions.js';

export interface ExecutionResult {
  /** Per kind: the highest revision written, so the loop can wait for its cache. */
  readonly written: Map<KindName, bigint>;
  /** The first failure (later actions were not tried), or undefined. */
  readonly error: unknown;
}

export interface ExecutionOptions {
  readonly signal: AbortSignal;
  /** Deletes in a row run this many at once (1: strictly in order). */
  readonly deletesInFlightMax?: number;
}

function noteRevision(written: Map<KindName, bigint>, kind: KindName, resourceVersion: string | undefined): void {
  if (resourceVersion === undefined || resourceVersion === '') return;
  const revision = BigInt(resourceVersion);
  if (revision > (written.get(kind) ?? 0n)) written.set(kind, revision);
}

function note(written: Map<KindName, bigint>, object: OrcaObject | undefined): void {
  if (object !== undefined) noteRevision(written, object.kind, object.metadata?.resourceVersion);
}

async function executeDelete(
  client: ObjectClient,
  action: Extract<Action, { type: 'delete' }>,
  written: Map<KindName, bigint>,
): Promise<void> {
  try {
    const result = await client.delete(
      { kind: action.kind, namespace: action.namespace, name: action.name },
      {
        ...(action.uid === undefined ? {} : { uid: action.uid }),
        ...(action.propagationPolicy === undefined ? {} : { propagationPolicy: action.propagationPolicy }),
        ...(action.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: action.gracePeriodSeconds }),
      },
    );
    noteRevision(written, action.kind, result.object?.metadata?.resourceVersion);
  } catch (error: unknown) {
    if (!isClientError(error, 'not-found')) throw error;
  }
}

async function executeOne(client: ObjectClient, action: Action, written: Map<KindName, bigint>): Promise<void> {
  switch (action.type) {
    case 'create': {
      try {
        note(written, await client.create(action.object));
      } catch (error: unknown) {
        if (!isClientError(error, 'already-exists')) throw error;
      }
      return;
    }
    case 'update':
      note(written, await client.update(action.object));
      return;
    case 'updateStatus':
      note(written, await client.updateStatus(action.object));
      return;
    case 'transact': {
      const result = await client.transact(action.operations);
      for (const object of result.objects) note(written, object);
      return;
    }
    case 'delete':
      await executeDelete(client, action, written);
  }
}

/** The next run of actions to start together: consecutive deletes up to the limit, or one other action. */
function nextRun(actions: readonly Action[], start: number, deletesInFlightMax: number): readonly Action[] {
  if (actions[start]?.type !== 'delete') return actions.slice(start, start + 1);
  let end = start;
  while (end < actions.length && end - start < deletesInFlightMax && actions[end]?.type === 'delete') end += 1;
  return actions.slice(start, end);
}

export async function executeActions(
  client: ObjectClient,
  actions: readonly Action[],
  options: ExecutionOptions,
): Promise<ExecutionResult> {
  const written = new Map<KindName, bigint>();
  const deletesInFlightMax = Math.max(1, options.deletesInFlightMax ?? 1);
  for (let start = 0; start < actions.length;) {
    if (options.signal.aborted) break;
    const run = nextRun(actions, start, deletesInFlightMax);
    const outcomes = await Promise.allSettled(run.map((action) => executeOne(client, action, written)));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed !== undefined) return { written, error: failed.reason as unknown };
    start += run.length;
  }
  return { written, error: undefined };
}
