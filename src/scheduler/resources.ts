/**
 * The scheduler's view of what pods ask for and nodes offer: src/api's
 * definitions (shared with the state machine's re-check of a binding), with
 * each pod spec's requests computed once and errors as the scheduler's.
 */
import { ApiError, podResourceRequests, type Pod, type PodRequests } from '../api/index.js';
import { SchedulerError } from './scheduler-error.js';

export { addResources, nodeAllocatable, zeroResources, type PodRequests, type Resources } from '../api/index.js';

/**
 * Requests per pod spec object, computed once: the loop rebuilds its snapshot
 * from the informer's (never mutated) pods every turn, and parsing every
 * quantity of every placed pod again each time was a tenth of its CPU.
 */
const requestsBySpec = new WeakMap<object, PodRequests>();

function computePodRequests(pod: Pod): PodRequests {
  try {
    return podResourceRequests(pod);
  } catch (error: unknown) {
    if (error instanceof ApiError) throw new SchedulerError('invalid-argument', error.message);
    throw error;
  }
}

export function podRequests(pod: Pod): PodRequests {
  const spec = pod.spec;
  if (spec === undefined) return computePodRequests(pod);
  const known = requestsBySpec.get(spec);
  if (known !== undefined) return known;
  const computed = computePodRequests(pod);
  requestsBySpec.set(spec, computed);
  return computed;
}
