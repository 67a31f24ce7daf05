/**
 * Graceful pod deletion, decided on the leader before proposing: a delete of a
 * Pod carries the grace period its worker gets to stop the containers — the
 * request's, else the pod's terminationGracePeriodSeconds, else 30 s, as in
 * Kubernetes. The state machine marks a pod bound to a node instead of removing
 * it; the worker removes it with grace 0 once its containers are stopped.
 */
import { gracePeriodSecondsMax, type DeleteOperation, type JsonObject, type StateMachine } from '../state/index.js';
import { MasterError } from './master-error.js';

export const defaultTerminationGracePeriodSeconds = 30;

function field(object: JsonObject | undefined, part: string, name: string): unknown {
  const outer = object?.[part];
  return typeof outer === 'object' && outer !== null && !Array.isArray(outer) ? (outer as JsonObject)[name] : undefined;
}

/**
 * The operation with its grace period when it deletes a Pod. A pod whose Node
 * is gone has no worker to stop it: it goes at once (grace 0).
 */
export function withPodGracePeriod(
  operation: DeleteOperation,
  state: Pick<StateMachine, 'get'>,
  requested: number | undefined,
): DeleteOperation {
  if (operation.key.kind !== 'Pod') return operation;
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 0 || requested > gracePeriodSecondsMax)) {
    throw new MasterError(
      'invalid-argument',
      `gracePeriodSeconds: must be a whole number from 0 to ${gracePeriodSecondsMax}`,
    );
  }
  const stored = state.get('Pod', operation.key.namespace, operation.key.name);
  const node = field(stored, 'spec', 'nodeName');
  if (requested === 0 || typeof node !== 'string' || node === '' || state.get('Node', '', node) === undefined)
    return { ...operation, gracePeriodSeconds: 0 };
  const fromSpec = field(stored, 'spec', 'terminationGracePeriodSeconds');
  const grace =
    requested ??
    (typeof fromSpec === 'number' && Number.isInteger(fromSpec) && fromSpec >= 0
      ? Math.min(fromSpec, gracePeriodSecondsMax)
      : defaultTerminationGracePeriodSeconds);
  return { ...operation, gracePeriodSeconds: grace };
}
