/**
 * Required inter-pod affinity and anti-affinity, as Kubernetes' InterPodAffinity
 * filter decides them. A term names pods (label selector, namespaces) and a
 * topology key; "the same domain" means nodes with the same value of that label
 * (kubernetes.io/hostname: the node itself, topology.kubernetes.io/zone: its zone).
 * Existing pods' anti-affinity is honoured too: a pod may not join a domain whose
 * pods refuse it.
 */
import { labelSelectorRequirements, matchesLabels, type LabelRequirements, type LabelSelector, type Pod } from '../api/index.js';
import { SchedulerError } from './scheduler-error.js';

export interface AffinityTerm {
  /** null: the term has no label selector and so matches no pod, as in Kubernetes. */
  readonly requirements: LabelRequirements | null;
  /** null: every namespace (an empty namespaceSelector). */
  readonly namespaces: ReadonlySet<string> | null;
  readonly topologyKey: string;
}

/** What the affinity checks need of a pod already placed on a node. */
export interface PlacedPod {
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
    throw new SchedulerError('invalid-argument', `${path}.labelSelector: ${error instanceof Error ? error.message : String(error)}`);
  }
  const allNamespaces = raw.namespaceSelector !== undefined && isEmptySelector(raw.namespaceSelector);
  const listed = raw.namespaces ?? [];
  const namespaces = allNamespaces ? null : new Set(listed.length > 0 ? listed : [podNamespace]);
  return { requirements, namespaces, topologyKey: raw.topologyKey ?? '' };
}

export function requiredAffinityTerms(pod: Pod): readonly AffinityTerm[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  const path = 'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution';
  return (pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((raw, index) => termOf(raw, namespace, `${path}[${index}]`));
}

export function requiredAntiAffinityTerms(pod: Pod): readonly AffinityTerm[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  const path = 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution';
  return (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((raw, index) => termOf(raw, namespace, `${path}[${index}]`));
}

export function termMatches(term: AffinityTerm, namespace: string, labels: Readonly<Record<string, string>>): boolean {
  if (term.requirements === null) return false;
  if (term.namespaces !== null && !term.namespaces.has(namespace)) return false;
  return matchesLabels(term.requirements, labels);
}

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** The incoming pod's view of the cluster, computed once per pod by one pass over the placed pods. */
export interface AffinityState {
  readonly affinityTerms: readonly AffinityTerm[];
  readonly antiAffinityTerms: readonly AffinityTerm[];
  /** Domains (key, value) holding a pod that one of the pod's affinity terms matches. */
  readonly affinityDomains: ReadonlySet<string>;
  readonly selfMatchesAffinity: boolean;
  readonly antiAffinityDomains: ReadonlySet<string>;
  /** Domains whose pods' anti-affinity refuses this pod, and their topology keys. */
  readonly refusedDomains: ReadonlySet<string>;
  readonly refusedKeys: readonly string[];
}

export interface IncomingPod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly affinityTerms: readonly AffinityTerm[];
  readonly antiAffinityTerms: readonly AffinityTerm[];
}

function addDomains(domains: Set<string>, terms: readonly AffinityTerm[], placed: PlacedPod): void {
  for (const term of terms) {
    const value = placed.nodeLabels[term.topologyKey];
    if (value !== undefined && termMatches(term, placed.namespace, placed.labels)) domains.add(pairKey(term.topologyKey, value));
  }
}

export function affinityState(incoming: IncomingPod, placedGroups: readonly (readonly PlacedPod[])[], refusingGroups: readonly (readonly PlacedPod[])[]): AffinityState {
  const affinityDomains = new Set<string>();
  const antiAffinityDomains = new Set<string>();
  if (incoming.affinityTerms.length > 0 || incoming.antiAffinityTerms.length > 0) {
    for (const group of placedGroups) {
      for (const placed of group) {
        addDomains(affinityDomains, incoming.affinityTerms, placed);
        addDomains(antiAffinityDomains, incoming.antiAffinityTerms, placed);
      }
    }
  }
  const refusedDomains = new Set<string>();
  const refusedKeys = new Set<string>();
  for (const group of refusingGroups) {
    for (const placed of group) {
      for (const term of placed.requiredAntiAffinity) {
        const value = placed.nodeLabels[term.topologyKey];
        if (value === undefined || !termMatches(term, incoming.namespace, incoming.labels)) continue;
        refusedDomains.add(pairKey(term.topologyKey, value));
        refusedKeys.add(term.topologyKey);
      }
    }
  }
  const selfMatchesAffinity = incoming.affinityTerms.every((term) => termMatches(term, incoming.namespace, incoming.labels));
  return { affinityTerms: incoming.affinityTerms, antiAffinityTerms: incoming.antiAffinityTerms, affinityDomains, selfMatchesAffinity, antiAffinityDomains, refusedDomains, refusedKeys: [...refusedKeys] };
}

export type AffinityFailure = 'affinity' | 'anti-affinity' | 'existing-anti-affinity';

/** Why the node fails the pod's affinity rules, or undefined when it passes. */
export function affinityFailure(state: AffinityState, nodeLabels: Readonly<Record<string, string>>): AffinityFailure | undefined {
  let matchedEverywhere = true;
  for (const term of state.affinityTerms) {
    const value = nodeLabels[term.topologyKey];
    // A node without the topology label is in no domain: it cannot satisfy affinity.
    if (value === undefined) return 'affinity';
    if (!state.affinityDomains.has(pairKey(term.topologyKey, value))) matchedEverywhere = false;
  }
  // The first pod of a group with affinity to itself may go anywhere that has the labels.
  if (!matchedEverywhere && !(state.affinityDomains.size === 0 && state.selfMatchesAffinity)) return 'affinity';
  for (const term of state.antiAffinityTerms) {
    const value = nodeLabels[term.topologyKey];
    if (value !== undefined && state.antiAffinityDomains.has(pairKey(term.topologyKey, value))) return 'anti-affinity';
  }
  for (const key of state.refusedKeys) {
    const value = nodeLabels[key];
    if (value !== undefined && state.refusedDomains.has(pairKey(key, value))) return 'existing-anti-affinity';
  }
  return undefined;
}
