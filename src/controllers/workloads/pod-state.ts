/** What the controllers read from a pod: phase, readiness and availability at a given time. */
import type { Condition, Pod } from '../../api/index.js';

export function podCondition(pod: Pod, type: string): Condition | undefined {
  return (pod.status?.conditions ?? []).find((condition) => condition.type === type);
}

export function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase ?? '';
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isDeleting(pod: Pod): boolean {
  return (pod.metadata?.deletionTimestamp ?? '') !== '';
}

/** Counts toward a controller's replicas: not finished, not being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !isDeleting(pod);
}

export function isReady(pod: Pod): boolean {
  return (pod.status?.phase ?? '') === 'Running' && podCondition(pod, 'Ready')?.status === 'True';
}

export function timeOf(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

/**
 * Ready for at least minReadySeconds. A Ready condition without a transition
 * time counts as ready since forever (nothing to wait for).
 */
export function isAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = timeOf(podCondition(pod, 'Ready')?.lastTransitionTime) ?? 0;
  return since + minReadySeconds * 1000 <= now;
}

/** Milliseconds until a ready pod becomes available, or undefined when not waiting on time. */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: number): number | undefined {
  if (!isReady(pod) || minReadySeconds <= 0) return undefined;
  const since = timeOf(podCondition(pod, 'Ready')?.lastTransitionTime) ?? 0;
  const remaining = since + minReadySeconds * 1000 - now;
  return remaining > 0 ? remaining : undefined;
}
