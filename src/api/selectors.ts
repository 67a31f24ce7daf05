// Label selectors (equality- and set-based, from a string or from
// matchLabels/matchExpressions) and field selectors, as Kubernetes defines them.
// A parsed selector is plain data; matching is a pure function.
import { ApiError } from './errors.js';
import type { LabelSelector } from './model.js';
import { labelValueError, qualifiedNameError } from './names.js';

export type LabelOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** All requirements must hold; an empty selector matches everything. */
export type LabelRequirements = readonly LabelRequirement[];

export const selectorLengthMax = 4096;
const requirementValuesMax = 256;

export function matchesLabels(
  requirements: LabelRequirements,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  return requirements.every((requirement) => matchesRequirement(requirement, labels ?? {}));
}

function matchesRequirement(requirement: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const present = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'In':
      return present && value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return !present || value === undefined || !requirement.values.includes(value);
  }
}

function selectorError(text: string, reason: string): ApiError {
  return new ApiError('invalid-selector', `label selector "${text}": ${reason}`);
}

/**
 * Parse `a=b,c!=d,e in (x,y),f notin (z),g,!h`. `=` and `==` mean In with one
 * value; `!=` means NotIn (so it matches objects without the label, as in Kubernetes).
 */
export function parseLabelSelector(text: string): LabelRequirements {
  if (text.length > selectorLengthMax)
    throw selectorError(text.slice(0, 40) + '…', `must be at most ${selectorLengthMax} characters`);
  const requirements: LabelRequirement[] = [];
  for (const part of splitTopLevel(text)) {
    const trimmed = part.trim();
    if (trimmed === '') {
      if (text.trim() === '') continue;
      throw selectorError(text, 'empty requirement');
    }
    requirements.push(checkRequirement(text, parseRequirement(text, trimmed)));
  }
  return requirements;
}

/** Split on commas that are not inside a parenthesised value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '(') depth += 1;
    else if (character === ')') depth -= 1;
    else if (character === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const setPattern = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/;
const equalityPattern = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const existsPattern = /^(!?)\s*([^\s!=(),]+)$/;

function parseRequirement(text: string, part: string): LabelRequirement {
  const set = setPattern.exec(part);
  if (set !== null) {
    const inside = (set[3] ?? '').trim();
    const values = inside === '' ? [] : inside.split(',').map((value) => value.trim());
    return { key: set[1] ?? '', operator: set[2] === 'in' ? 'In' : 'NotIn', values };
  }
  const equality = equalityPattern.exec(part);
  if (equality !== null) {
    return { key: equality[1] ?? '', operator: equality[2] === '!=' ? 'NotIn' : 'In', values: [equality[3] ?? ''] };
  }
  const exists = existsPattern.exec(part);
  if (exists !== null)
    return { key: exists[2] ?? '', operator: exists[1] === '!' ? 'DoesNotExist' : 'Exists', values: [] };
  throw selectorError(text, `cannot parse "${part}"`);
}

function checkRequirement(text: string, requirement: LabelRequirement): LabelRequirement {
  const keyError = qualifiedNameError(requirement.key);
  if (keyError !== undefined) throw selectorError(text, `key "${requirement.key}": ${keyError}`);
  if (requirement.values.length > requirementValuesMax)
    throw selectorError(text, `at most ${requirementValuesMax} values per requirement`);
  if ((requirement.operator === 'In' || requirement.operator === 'NotIn') && requirement.values.length === 0) {
    throw selectorError(text, `"${requirement.key}" needs at least one value`);
  }
  for (const value of requirement.values) {
    const valueError = labelValueError(value);
    if (valueError !== undefined) throw selectorError(text, `value "${value}": ${valueError}`);
  }
  return requirement;
}

const operators: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * The requirements of a `matchLabels`/`matchExpressions` selector; an empty one
 * matches everything (callers decide what an absent selector means: a workload
 * without one is invalid).
 */
export function labelSelectorRequirements(selector: LabelSelector): LabelRequirements {
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    requirements.push({ key, operator: 'In', values: [value] });
  for (const expression of selector.matchExpressions ?? []) {
    const operator = expression.operator ?? '';
    if (!operators.has(operator))
      throw new ApiError(
        'invalid-selector',
        `label selector: operator "${operator}" is not one of In, NotIn, Exists, DoesNotExist`,
      );
    requirements.push({
      key: expression.key ?? '',
      operator: operator as LabelOperator,
      values: expression.values ?? [],
    });
  }
  return requirements;
}

/** Render requirements back in the string syntax, e.g. for `orca get -l` echoes and list continuations. */
export function formatLabelSelector(requirements: LabelRequirements): string {
  return requirements
    .map((requirement) => {
      switch (requirement.operator) {
        case 'Exists':
          return requirement.key;
        case 'DoesNotExist':
          return `!${requirement.key}`;
        case 'In':
          return requirement.values.length === 1
            ? `${requirement.key}=${requirement.values[0] ?? ''}`
            : `${requirement.key} in (${requirement.values.join(',')})`;
        case 'NotIn':
          return requirement.values.length === 1
            ? `${requirement.key}!=${requirement.values[0] ?? ''}`
            : `${requirement.key} notin (${requirement.values.join(',')})`;
      }
    })
    .join(',');
}

// ---- field selectors ----

/**
 * `type` is a top-level field (a Secret's type, as Kubernetes selects Secrets
 * with `type=kubernetes.io/tls`; an Event's too); "" on kinds without one.
 */
export const selectableFields = [
  'metadata.name',
  'metadata.namespace',
  'spec.nodeName',
  'status.phase',
  'type',
] as const;
export type SelectableField = (typeof selectableFields)[number];

export interface FieldRequirement {
  readonly field: SelectableField;
  readonly equal: boolean;
  readonly value: string;
}

/** Parse `spec.nodeName=w1,status.phase!=Running` (`=`, `==`, `!=`). */
export function parseFieldSelector(text: string): readonly FieldRequirement[] {
  if (text.length > selectorLengthMax)
    throw new ApiError('invalid-selector', `field selector: must be at most ${selectorLengthMax} characters`);
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const match = /^\s*([A-Za-z.]+)\s*(==|=|!=)\s*([^\s,]*)\s*$/.exec(part);
    if (match === null) throw new ApiError('invalid-selector', `field selector "${text}": cannot parse "${part}"`);
    const field = match[1] ?? '';
    if (!(selectableFields as readonly string[]).includes(field)) {
      throw new ApiError(
        'invalid-selector',
        `field selector "${text}": field "${field}" is not one of ${selectableFields.join(', ')}`,
      );
    }
    return { field: field as SelectableField, equal: match[2] !== '!=', value: match[3] ?? '' };
  });
}

/** The fields a field selector can see; an absent field reads as "". */
export interface SelectableObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: object;
  readonly status?: object;
  readonly type?: unknown;
}

export function fieldValue(object: SelectableObject, field: SelectableField): string {
  switch (field) {
    case 'metadata.name':
      return object.metadata?.name ?? '';
    case 'metadata.namespace':
      return object.metadata?.namespace ?? '';
    case 'spec.nodeName':
      return stringProperty(object.spec, 'nodeName');
    case 'status.phase':
      return stringProperty(object.status, 'phase');
    case 'type':
      return typeof object.type === 'string' ? object.type : '';
  }
}

function stringProperty(value: object | undefined, key: string): string {
  const property: unknown = value === undefined ? undefined : (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : '';
}

export function matchesFields(requirements: readonly FieldRequirement[], object: SelectableObject): boolean {
  return requirements.every(
    (requirement) => (fieldValue(object, requirement.field) === requirement.value) === requirement.equal,
  );
}
