/**
 * Label and field selectors (src/api syntax) as predicates over stored objects,
 * for lists (the state's filters) and watches (per event).
 */
import {
  fieldValue,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirements,
  type SelectableObject,
} from '../api/index.js';
import type { JsonObject } from '../state/index.js';

export interface Selection {
  readonly labels: LabelRequirements;
  readonly fields: readonly FieldRequirement[];
}

/** Throws ApiError('invalid-selector') naming the selector and the part it cannot read. */
export function parseSelection(labelSelector: string, fieldSelector: string): Selection {
  return { labels: parseLabelSelector(labelSelector), fields: parseFieldSelector(fieldSelector) };
}

export function isEverything(selection: Selection): boolean {
  return selection.labels.length === 0 && selection.fields.length === 0;
}

function labelsOf(object: JsonObject): Record<string, string> {
  const metadata = object['metadata'];
  const labels =
    typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? metadata['labels'] : undefined;
  return typeof labels === 'object' && labels !== null && !Array.isArray(labels)
    ? (labels as Record<string, string>)
    : {};
}

export function selects(selection: Selection, object: JsonObject): boolean {
  if (!matchesLabels(selection.labels, labelsOf(object))) return false;
  const selectable = object as unknown as SelectableObject;
  return selection.fields.every(
    (requirement) => (fieldValue(selectable, requirement.field) === requirement.value) === requirement.equal,
  );
}

/** The state's list filters for a selection (undefined when it selects everything). */
export function listFilters(selection: Selection): {
  labelFilter?: (labels: Readonly<Record<string, string>>) => boolean;
  fieldFilter?: (fields: Readonly<Record<string, string>>) => boolean;
} {
  const filters: ReturnType<typeof listFilters> = {};
  if (selection.labels.length > 0) filters.labelFilter = (labels) => matchesLabels(selection.labels, labels);
  if (selection.fields.length > 0) {
    filters.fieldFilter = (fields) =>
      selection.fields.every(
        (requirement) => ((fields[requirement.field] ?? '') === requirement.value) === requirement.equal,
      );
  }
  return filters;
}
