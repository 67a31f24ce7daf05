/**
 * Fast lookups for inter-pod (anti-)affinity within one scheduling call. For
 * each distinct term it keeps the topology domains (key, value) that hold a
 * matching pod, computed once from the snapshot's label index and kept current
 * as the call places pods; existing pods' anti-affinity terms are grouped the
 * same way. An incoming pod then costs one check per distinct term, not one
 * per pod in the cluster: 256 replicas with anti-affinity to each other read
 * the same entry.
 */
import { labelIndexKey, termMatches, type AffinityTerm, type PlacedPod } from './pod-affinity.js';
import type { ClusterSnapshot } from './snapshot.js';

interface TermDomains {
  readonly term: AffinityTerm;
  /** Values of the term's topology key that hold a matching pod. */
  readonly domains: Set<string>;
}

/** One domain check, with the topology value of every node (by index) at hand. */
interface DomainCheck {
  readonly domains: ReadonlySet<string>;
  readonly values: readonly (string | undefined)[];
}

/** Distinct terms remembered per call; beyond this the cache starts over (entries are recomputed on demand). */
const termsMax = 1024;

export class AffinityIndex {
  private readonly byTerm = new Map<string, TermDomains>();
  private readonly refusals = new Map<string, TermDomains>();
  private readonly placed: PlacedPod[] = [];
  private readonly topologyValues = new Map<string, readonly (string | undefined)[]>();

  /** `placedSoFar`: the pods this call placed before the index was built. */
  constructor(
    private readonly snapshot: ClusterSnapshot,
    placedSoFar: readonly PlacedPod[],
  ) {
    for (const info of snapshot.podsWithAntiAffinity) this.addRefusals(info);
    for (const info of placedSoFar) this.onPlaced(info);
  }

  /** The value of a topology key on each node, by node index (computed once per key and call). */
  valuesOf(topologyKey: string): readonly (string | undefined)[] {
    let values = this.topologyValues.get(topologyKey);
    if (values === undefined) {
      values = this.snapshot.nodes.map((node) => node.facts.labels[topologyKey]);
      this.topologyValues.set(topologyKey, values);
    }
    return values;
  }

  check(entry: TermDomains): DomainCheck {
    return { domains: entry.domains, values: this.valuesOf(entry.term.topologyKey) };
  }

  hasRefusals(): boolean {
    return this.refusals.size > 0;
  }

  /** Domains holding a pod the term matches. */
  domainsOf(term: AffinityTerm): TermDomains {
    const known = this.byTerm.get(term.signature);
    if (known !== undefined) return known;
    if (this.byTerm.size >= termsMax) this.byTerm.clear();
    const entry: TermDomains = { term, domains: new Set() };
    for (const pod of this.candidates(term)) addDomain(entry, pod);
    for (const pod of this.placed) addDomain(entry, pod);
    this.byTerm.set(term.signature, entry);
    return entry;
  }

  /** The groups of existing pods' anti-affinity terms that refuse a pod with these labels. */
  refusing(namespace: string, labels: Readonly<Record<string, string>>): readonly TermDomains[] {
    const result: TermDomains[] = [];
    for (const entry of this.refusals.values()) if (termMatches(entry.term, namespace, labels)) result.push(entry);
    return result;
  }

  onPlaced(pod: PlacedPod): void {
    this.placed.push(pod);
    for (const entry of this.byTerm.values()) addDomain(entry, pod);
    this.addRefusals(pod);
  }

  /** Pods that may match: those with one of the values of the term's first `In` requirement, else all. */
  private candidates(term: AffinityTerm): readonly PlacedPod[] {
    if (term.requirements === null) return [];
    const narrowing = term.requirements.find((requirement) => requirement.operator === 'In');
    if (narrowing === undefined) return this.snapshot.pods;
    return narrowing.values.flatMap(
      (value) => this.snapshot.podsByLabel.get(labelIndexKey(narrowing.key, value)) ?? [],
    );
  }

  private addRefusals(pod: PlacedPod): void {
    for (const term of pod.requiredAntiAffinity) {
      const value = pod.nodeLabels[term.topologyKey];
      if (value === undefined) continue;
      let entry = this.refusals.get(term.signature);
      if (entry === undefined) {
        entry = { term, domains: new Set() };
        this.refusals.set(term.signature, entry);
      }
      entry.domains.add(value);
    }
  }
}

function addDomain(entry: TermDomains, pod: PlacedPod): void {
  const value = pod.nodeLabels[entry.term.topologyKey];
  if (value !== undefined && termMatches(entry.term, pod.namespace, pod.labels)) entry.domains.add(value);
}

/** What the incoming pod's checks need, gathered once per pod. */
export interface AffinityState {
  readonly affinity: readonly DomainCheck[];
  readonly selfMatchesAffinity: boolean;
  readonly antiAffinity: readonly DomainCheck[];
  readonly refusing: readonly DomainCheck[];
}

export interface IncomingPod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly affinityTerms: readonly AffinityTerm[];
  readonly antiAffinityTerms: readonly AffinityTerm[];
}

export function affinityState(incoming: IncomingPod, index: AffinityIndex): AffinityState {
  return {
    affinity: incoming.affinityTerms.map((term) => index.check(index.domainsOf(term))),
    selfMatchesAffinity: incoming.affinityTerms.every((term) => termMatches(term, incoming.namespace, incoming.labels)),
    antiAffinity: incoming.antiAffinityTerms.map((term) => index.check(index.domainsOf(term))),
    refusing: index.hasRefusals()
      ? index.refusing(incoming.namespace, incoming.labels).map((entry) => index.check(entry))
      : [],
  };
}

export type AffinityFailure = 'affinity' | 'anti-affinity' | 'existing-anti-affinity';

function inDomain(check: DomainCheck, nodeIndex: number): boolean {
  const value = check.values[nodeIndex];
  return value !== undefined && check.domains.has(value);
}

/** Why the node fails the pod's affinity rules, or undefined when it passes. */
export function affinityFailure(state: AffinityState, nodeIndex: number): AffinityFailure | undefined {
  let everyTermMatched = true;
  for (const check of state.affinity) {
    // A node without the topology label is in no domain: it cannot satisfy affinity.
    if (check.values[nodeIndex] === undefined) return 'affinity';
    if (!inDomain(check, nodeIndex)) everyTermMatched = false;
  }
  if (!everyTermMatched) {
    // The first pod of a group with affinity to itself may go anywhere that has the labels.
    const noneAnywhere = state.affinity.every((check) => check.domains.size === 0);
    if (!(noneAnywhere && state.selfMatchesAffinity)) return 'affinity';
  }
  for (const check of state.antiAffinity) if (inDomain(check, nodeIndex)) return 'anti-affinity';
  for (const check of state.refusing) if (inDomain(check, nodeIndex)) return 'existing-anti-affinity';
  return undefined;
}
