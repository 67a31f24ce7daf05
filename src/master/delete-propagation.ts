/**
 * Kubernetes' propagationPolicy on delete, as finalizers: Foreground marks the
 * owner with `foregroundDeletion` (the garbage collector deletes its dependents,
 * then the finalizer), Orphan with `orphan` (the collector removes the owner's
 * references from its dependents, then the finalizer); Background adds nothing
 * and the collector deletes the dependents of an owner that is gone.
 */
import type { JsonObject, JsonValue } from '../state/index.js';
import { MasterError } from './master-error.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export const foregroundFinalizer = 'foregroundDeletion';
export const orphanFinalizer = 'orphan';

/** '' means Background, as in Kubernetes. */
export function parsePropagationPolicy(value: string | undefined): PropagationPolicy {
  if (value === undefined || value === '' || value === 'Background') return 'Background';
  if (value === 'Foreground' || value === 'Orphan') return value;
  throw new MasterError(
    'invalid-argument',
    `propagationPolicy: "${value}" is not one of Background, Foreground, Orphan`,
  );
}

function finalizersOf(object: JsonObject): string[] {
  const metadata = object['metadata'];
  const finalizers =
    typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? metadata['finalizers'] : undefined;
  return Array.isArray(finalizers) ? finalizers.filter((item): item is string => typeof item === 'string') : [];
}

function isMarked(object: JsonObject): boolean {
  const metadata = object['metadata'];
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata) &&
    typeof metadata['deletionTimestamp'] === 'string'
  );
}

/**
 * The stored object with the policy's finalizer added, or undefined when the
 * delete needs no update first (Background, already there, already being deleted).
 */
export function withPolicyFinalizer(stored: JsonObject | undefined, policy: PropagationPolicy): JsonObject | undefined {
  if (stored === undefined || policy === 'Background' || isMarked(stored)) return undefined;
  const finalizer = policy === 'Foreground' ? foregroundFinalizer : orphanFinalizer;
  const finalizers = finalizersOf(stored);
  if (finalizers.includes(finalizer)) return undefined;
  const metadata = stored['metadata'] as JsonObject;
  const next: JsonValue[] = [...finalizers, finalizer];
  return { ...stored, metadata: { ...metadata, finalizers: next } };
}
