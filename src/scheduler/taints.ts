/**
 * Taints and tolerations with Kubernetes' matching rules: an empty toleration
 * key with Exists tolerates every taint, an empty effect matches every effect,
 * Exists ignores the value and Equal (the default) compares it.
 */
import type { Node, Pod } from '../api/index.js';

export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: string;
}

export interface Toleration {
  readonly key: string;
  readonly operator: string;
  readonly value: string;
  readonly effect: string;
}

/** The taint a cordoned node carries in Kubernetes; tolerating it lets a pod onto a cordoned node. */
export const unschedulableTaint: Taint = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };
/** The taint of a node that is not Ready; DaemonSet pods tolerate it. */
export const notReadyTaint: Taint = { key: 'node.kubernetes.io/not-ready', value: '', effect: 'NoSchedule' };

export function nodeTaints(node: Node): readonly Taint[] {
  return (node.spec?.taints ?? []).map((taint) => ({
    key: taint.key ?? '',
    value: taint.value ?? '',
    effect: taint.effect ?? '',
  }));
}

export function podTolerations(pod: Pod): readonly Toleration[] {
  return (pod.spec?.tolerations ?? []).map((toleration) => ({
    key: toleration.key ?? '',
    operator: toleration.operator ?? 'Equal',
    value: toleration.value ?? '',
    effect: toleration.effect ?? '',
  }));
}

export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.key !== '' && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return toleration.key !== '' && toleration.value === taint.value;
}

export function toleratesTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((toleration) => tolerates(toleration, taint));
}

/** The first NoSchedule or NoExecute taint the pod does not tolerate, if any. */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  return taints.find(
    (taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !toleratesTaint(tolerations, taint),
  );
}

/**
 * How many PreferNoSchedule taints the pod does not tolerate; as in Kubernetes,
 * only tolerations with an empty or PreferNoSchedule effect count here.
 */
export function untoleratedPreferNoScheduleCount(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  const preferring = tolerations.filter(
    (toleration) => toleration.effect === '' || toleration.effect === 'PreferNoSchedule',
  );
  let count = 0;
  for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !toleratesTaint(preferring, taint)) count += 1;
  return count;
}

export function formatTaint(taint: Taint): string {
  return `{${taint.key}: ${taint.value}}`;
}
