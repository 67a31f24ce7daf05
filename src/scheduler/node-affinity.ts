/**
 * `nodeSelector` and node affinity as Kubernetes evaluates them: the selector's
 * labels must all be equal, and at least one required term must hold, where a
 * term is the AND of its label expressions and field expressions. A term with
 * neither matches no node.
 */
import type { Node, Pod } from '../api/index.js';

interface Requirement {
  readonly key?: string;
  readonly operator?: string;
  readonly values?: readonly string[];
}

interface Term {
  readonly matchExpressions?: readonly Requirement[];
  readonly matchFields?: readonly Requirement[];
}

/** The node's facts that node affinity can see. */
export interface NodeFacts {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export function nodeFacts(node: Node): NodeFacts {
  return { name: node.metadata?.name ?? '', labels: node.metadata?.labels ?? {} };
}

/** Label-value comparisons Gt/Lt read both sides as integers; anything else never matches. */
function integerOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function matchesExpression(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const key = requirement.key ?? '';
  const values = requirement.values ?? [];
  const present = Object.hasOwn(labels, key);
  const value = present ? labels[key] : undefined;
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt': {
      const actual = integerOf(value);
      const bound = values.length === 1 ? integerOf(values[0]) : undefined;
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** Only `metadata.name` is a selectable node field, with In and NotIn. */
function matchesField(requirement: Requirement, node: NodeFacts): boolean {
  if (requirement.key !== 'metadata.name') return false;
  const values = requirement.values ?? [];
  if (requirement.operator === 'In') return values.includes(node.name);
  if (requirement.operator === 'NotIn') return !values.includes(node.name);
  return false;
}

export function matchesTerm(term: Term, node: NodeFacts): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  return (
    expressions.every((requirement) => matchesExpression(requirement, node.labels)) &&
    fields.every((requirement) => matchesField(requirement, node))
  );
}

/** nodeSelector and required node affinity both hold. */
export function matchesNodeSelectorAndAffinity(pod: Pod, node: NodeFacts): boolean {
  for (const [key, value] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (node.labels[key] !== value) return false;
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => matchesTerm(term, node));
}

/** The sum of the weights of the preferred terms the node matches (an empty term is a no-op). */
export function preferredNodeAffinityWeight(pod: Pod, node: NodeFacts): number {
  let total = 0;
  for (const preferred of pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    const term = preferred.preference;
    if (term !== undefined && matchesTerm(term, node)) total += preferred.weight ?? 0;
  }
  return total;
}
