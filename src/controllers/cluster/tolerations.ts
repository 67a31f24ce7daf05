/** How long a pod tolerates a NoExecute taint, by Kubernetes' matching rules. */
import type { Pod } from '../../api/index.js';

type Toleration = NonNullable<NonNullable<Pod['spec']>['tolerations']>[number];

export interface TaintRef {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

export function tolerates(toleration: Toleration, taint: TaintRef): boolean {
  if ((toleration.effect ?? '') !== '' && toleration.effect !== taint.effect) return false;
  const key = toleration.key ?? '';
  if (key === '') return toleration.operator === 'Exists';
  if (key !== taint.key) return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * Milliseconds the pod stays after the taint appears: Infinity when a matching
 * toleration has no tolerationSeconds, the longest matching limit otherwise, and
 * `defaultMs` when nothing matches.
 */
export function tolerationMs(tolerations: readonly Toleration[], taint: TaintRef, defaultMs: number): number {
  let longest: number | undefined;
  for (const toleration of tolerations) {
    if (!tolerates(toleration, taint)) continue;
    const seconds = toleration.tolerationSeconds;
    if (seconds === undefined || seconds === null) return Infinity;
    const ms = Math.max(0, Number(seconds)) * 1000;
    longest = longest === undefined ? ms : Math.max(longest, ms);
  }
  return longest ?? defaultMs;
}
