/**
 * Required inter-pod affinity and anti-affinity, as Kubernetes' InterPodAffinity
 * filter decides them. A term names pods (label selector, namespaces) and a
 * topology key; "the same domain" means nodes with the same value of that label
 * (kubernetes.io/hostname: the node itself, topology.kubernetes.io/zone: its zone).
 * Existing pods' anti-affinity is honoured too: a pod may not join a domain whose
 * pods refuse it. This file holds the terms; affinity-index.ts the lookups.
 */
import {
  labelSelectorRequirements,
  matchesLabels,
  type LabelRequirements,
  type LabelSelector,
  type Pod,
} from '../api/index.js';
import { SchedulerError } from './scheduler-error.js';

export interface AffinityTerm {
  /** null: the term has no label selector and so matches no pod, as in Kubernetes. */
  readonly requirements: LabelRequirements | null;
  /** null: every namespace (an empty namespaceSelector). */
  readonly namespaces: ReadonlySet<string> | null;
  readonly topologyKey: string;
  /** Equal for terms that select the same pods in the same way: the index's cache key. */
  readonly signature: string;
}

/** What the affinity checks need of a pod already placed on a node. */
export interface PlacedPod {
  readonly nodeIndex: number;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly requiredAntiAffinity: readonly AffinityTerm[];
}

interface RawTerm {
  readonly labelSelector?: LabelSelector;
  readonly namespaces?: readonly string[];
  readonly topologyKey?: string;
  readonly namespaceSelector?: LabelSelector;
}

function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/**
 * Namespaces: the listed ones, or the pod's own when none are listed. A
 * non-empty namespaceSelector needs namespace labels the snapshot does not hold,
 * so only the empty one (all namespaces) is understood; others fall back to the list.
 */
function termOf(raw: RawTerm, podNamespace: string, path: string): AffinityTerm {
  let requirements: LabelRequirements | null = null;
  try {
    if (raw.labelSelector !== undefined) requirements = labelSelectorRequirements(raw.labelSelector);
  } catch (error: unknown) {
    throw new SchedulerError(
      'invalid-argument',
      `${path}.labelSelector: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const allNamespaces = raw.namespaceSelector !== undefined && isEmptySelector(raw.namespaceSelector);
  const listed = raw.namespaces ?? [];
  const namespaces = allNamespaces ? null : new Set(listed.length > 0 ? listed : [podNamespace]);
  const topologyKey = raw.topologyKey ?? '';
  const signature = JSON.stringify([requirements, namespaces === null ? null : [...namespaces].sort(), topologyKey]);
  return { requirements, namespaces, topologyKey, signature };
}

export function requiredAffinityTerms(pod: Pod): readonly AffinityTerm[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  const path = 'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution';
  return (pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((raw, index) =>
    termOf(raw, namespace, `${path}[${index}]`),
  );
}

export function requiredAntiAffinityTerms(pod: Pod): readonly AffinityTerm[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  const path = 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution';
  return (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((raw, index) =>
    termOf(raw, namespace, `${path}[${index}]`),
  );
}

export function termMatches(term: AffinityTerm, namespace: string, labels: Readonly<Record<string, string>>): boolean {
  if (term.requirements === null) return false;
  if (term.namespaces !== null && !term.namespaces.has(namespace)) return false;
  return matchesLabels(term.requirements, labels);
}

/** The key of the snapshot's pods-by-label index. */
export function labelIndexKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}
