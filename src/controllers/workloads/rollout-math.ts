/** Kubernetes' arithmetic of a rolling update: surge rounds up, unavailability rounds down, never both zero. */
import type { IntOrString, Pod, ReplicaSet } from '../../api/index.js';
import { ControllerError } from '../runtime/errors.js';

/** An int, or a percentage of `total` rounded up or down. */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean, fallback: number): number {
  if (value === undefined || (value.intVal === undefined && (value.strVal ?? '') === '')) return fallback;
  if (value.strVal !== undefined && value.strVal !== '') {
    const match = /^(\d+)%$/.exec(value.strVal);
    if (match === null) throw new ControllerError('invariant', `"${value.strVal}" is not an int or a percentage`);
    const exact = (Number(match[1]) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return value.intVal ?? fallback;
}

export interface SurgeBounds {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
}

export function surgeBounds(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  replicas: number,
): SurgeBounds {
  const surge = scaledValue(maxSurge, replicas, true, 0);
  const unavailable = scaledValue(maxUnavailable, replicas, false, 0);
  // both zero could never make progress: Kubernetes allows one unavailable
  return surge === 0 && unavailable === 0
    ? { maxSurge: 0, maxUnavailable: 1 }
    : { maxSurge: surge, maxUnavailable: Math.min(unavailable, replicas) };
}

/** A ReplicaSet with the pods it controls. */
export interface OwnedSet {
  readonly replicaSet: ReplicaSet;
  readonly pods: readonly Pod[];
}
