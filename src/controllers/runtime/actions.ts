/**
 * What a reconcile decides: writes, in order, and when to look again. The core
 * returns them; the executor carries them out through the ObjectClient.
 */
import type { KindName, OrcaObject } from '../../api/index.js';
import type { TransactOperation } from '../../client/index.js';

export type Action =
  /** Create; the name (with any random suffix) was decided before the write. */
  | { readonly type: 'create'; readonly object: OrcaObject }
  /** Update; metadata.resourceVersion is the compare-and-swap precondition. */
  | { readonly type: 'update'; readonly object: OrcaObject }
  | { readonly type: 'updateStatus'; readonly object: OrcaObject }
  | {
      readonly type: 'delete';
      readonly kind: KindName;
      readonly namespace: string;
      readonly name: string;
      /** Only this incarnation (a same-named successor is left alone). */
      readonly uid?: string;
      readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
      /** Pods: 0 removes a bound pod at once, without waiting on its worker. */
      readonly gracePeriodSeconds?: number;
    }
  /** Several writes that must land together (a Node's taint and its Ready condition). */
  | { readonly type: 'transact'; readonly operations: readonly TransactOperation[] };

export interface ReconcileResult {
  readonly actions: readonly Action[];
  /** Look again after this long even if nothing changes (time-driven decisions, polling what is not cached). */
  readonly requeueAfterMs?: number;
  /**
   * Deletes in a row are independent of one another: run up to this many of
   * them at once (default 1, strictly in order). Any other action still waits
   * for everything before it.
   */
  readonly deletesInFlightMax?: number;
}

export const noActions: ReconcileResult = Object.freeze({ actions: [] });

export function deleteAction(object: OrcaObject, propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'): Action {
  return {
    type: 'delete',
    kind: object.kind,
    namespace: object.metadata?.namespace ?? '',
    name: object.metadata?.name ?? '',
    uid: object.metadata?.uid,
    ...(propagationPolicy === undefined ? {} : { propagationPolicy }),
  };
}

/** The shorter of two optional delays. */
export function soonest(first: number | undefined, second: number | undefined): number | undefined {
  if (first === undefined) return second;
  if (second === undefined) return first;
  return Math.min(first, second);
}
