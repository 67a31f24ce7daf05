/**
 * kubectl-style tables, one set of columns per kind and a generic fallback.
 * Pure: objects and the current time in, text out.
 */
import type { KindName, OrcaObject } from '../api/index.js';
import { age } from '../api/index.js';
import { kindColumns, type Column } from '../api/index.js';

export interface TableOptions {
  /** `-o wide`: the extra columns. */
  readonly wide?: boolean;
  /** `-A`: a NAMESPACE column first. */
  readonly allNamespaces?: boolean;
  /** Leave the header out (watch output after the first batch). */
  readonly noHeaders?: boolean;
  /** Names printed as `service/web`, as kubectl does when one get lists several kinds. */
  readonly namePrefix?: string;
  readonly now: number;
}

const nameColumn: Column = { header: 'NAME', value: (object) => object.metadata?.name ?? '' };
const namespaceColumn: Column = { header: 'NAMESPACE', value: (object) => object.metadata?.namespace ?? '' };
const ageColumn: Column = { header: 'AGE', value: (object, now) => age(object.metadata?.creationTimestamp, now) };

/** The columns for a kind: NAME, the kind's own, AGE (where the kind has no other place for it), the wide ones. */
export function columnsFor(
  kind: KindName,
  options: Pick<TableOptions, 'wide' | 'allNamespaces' | 'namePrefix'>,
): Column[] {
  const spec = kindColumns[kind];
  const own = spec?.columns ?? [];
  const prefix = options.namePrefix;
  const name: Column =
    prefix === undefined
      ? nameColumn
      : { header: 'NAME', value: (object) => `${prefix}/${object.metadata?.name ?? ''}` };
  const columns: Column[] = [
    ...(options.allNamespaces === true ? [namespaceColumn] : []),
    ...(spec?.noName === true ? [] : [name]),
    ...own,
  ];
  if (spec?.noAge !== true) columns.push(ageColumn);
  if (options.wide === true) columns.push(...(spec?.wide ?? []));
  return columns;
}

/** Rows padded to columns three spaces apart, as kubectl prints them. */
export function renderRows(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows
    .map(
      (row) =>
        row
          .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd((widths[index] ?? 0) + 3)))
          .join('')
          .trimEnd() + '\n',
    )
    .join('');
}

export function formatTable(kind: KindName, objects: readonly OrcaObject[], options: TableOptions): string {
  const columns = columnsFor(kind, options);
  const rows = objects.map((object) => columns.map((column) => column.value(object, options.now)));
  return renderRows(options.noHeaders === true ? rows : [columns.map((column) => column.header), ...rows]);
}
