/** Small pieces every workload controller shares: owner references, names, hashes, conditions, pods from templates. */
import type {
  Condition,
  LabelSelector,
  ObjectMeta,
  OrcaObject,
  OwnerReference,
  Pod,
  PodTemplateSpec,
} from '../../api/index.js';
import { labelSelectorRequirements, matchesLabels } from '../../api/index.js';

export function controllerReference(owner: OrcaObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerOf(object: OrcaObject): OwnerReference | undefined {
  return (object.metadata?.ownerReferences ?? []).find((reference) => reference.controller === true);
}

export function isControlledBy(object: OrcaObject, owner: OrcaObject): boolean {
  const uid = owner.metadata?.uid ?? '';
  return uid !== '' && controllerOf(object)?.uid === uid;
}

/** An empty selector selects nothing here: a controller must never claim every pod. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const requirements = labelSelectorRequirements(selector ?? {});
  return requirements.length > 0 && matchesLabels(requirements, labels);
}

/** Kubernetes' suffix alphabet: no vowels (no words) and no look-alike characters. */
const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(random: () => number, length = 5): string {
  let suffix = '';
  for (let index = 0; index < length; index += 1)
    suffix += suffixAlphabet[Math.floor(random() * suffixAlphabet.length) % suffixAlphabet.length] ?? 'x';
  return suffix;
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** FNV-1a (32-bit) of the template, as a short label-safe string (Kubernetes' pod-template-hash plays the same part). */
export function templateHash(template: PodTemplateSpec | undefined): string {
  const text = stableJson(template ?? {});
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return randomSuffixFromNumber(hash);
}

function randomSuffixFromNumber(value: number): string {
  let remaining = value;
  let text = '';
  for (let index = 0; index < 10; index += 1) {
    text += suffixAlphabet[remaining % suffixAlphabet.length] ?? 'x';
    remaining = Math.floor(remaining / suffixAlphabet.length);
  }
  return text;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Sets a condition, keeping lastTransitionTime while the status stays the same
 * (and lastUpdateTime unless `touch`), as Kubernetes does.
 */
export function withCondition(
  conditions: readonly Condition[] | undefined,
  next: Condition,
  now: number,
  touch = true,
): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((condition) => condition.type === next.type);
  const previous = index < 0 ? undefined : list[index];
  const sameStatus = previous?.status === next.status;
  const sameReason = sameStatus && previous?.reason === next.reason;
  const merged: Condition = {
    ...next,
    lastTransitionTime: sameStatus ? (previous?.lastTransitionTime ?? isoTime(now)) : isoTime(now),
    lastUpdateTime: sameReason && !touch ? (previous?.lastUpdateTime ?? isoTime(now)) : isoTime(now),
  };
  if (index < 0) list.push(merged);
  else list[index] = merged;
  return list;
}

export function conditionOf(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return (conditions ?? []).find((condition) => condition.type === type);
}

export interface PodFromTemplate {
  readonly template: PodTemplateSpec | undefined;
  readonly owner: OrcaObject;
  readonly name: string;
  readonly extraLabels?: Record<string, string>;
}

/** A pod as a controller creates it: the template's metadata and spec, named, owned. */
export function podFromTemplate(options: PodFromTemplate): Pod {
  const templateMetadata = options.template?.metadata ?? {};
  const metadata: ObjectMeta = {
    name: options.name,
    namespace: options.owner.metadata?.namespace ?? '',
    labels: { ...templateMetadata.labels, ...options.extraLabels },
    ownerReferences: [controllerReference(options.owner)],
  };
  if (templateMetadata.annotations !== undefined) metadata.annotations = { ...templateMetadata.annotations };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(options.template?.spec ?? {}) };
}

/** Drops what proto3 cannot tell from absent (zero, "", false, empty lists and maps), as the wire does. */
function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(pruned);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => [key, pruned(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === 0 || value === '' || value === false || value === null ? undefined : value;
}

/**
 * Status comparison that ignores key order and zero values, so a status that
 * came back from the server equals the one computed from it (a status write
 * only when something really changed — no write loops).
 */
export function sameJson(first: unknown, second: unknown): boolean {
  return stableJson(pruned(first) ?? {}) === stableJson(pruned(second) ?? {});
}
