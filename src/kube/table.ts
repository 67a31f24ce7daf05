/**
 * `kubectl get`'s tables (meta.k8s.io/v1 Table), with the columns the `orca`
 * CLI shows (src/api/table-columns.ts): NAME first, the kind's own, AGE, and
 * the wide ones at priority 1 (`-o wide`). Each row carries the object's
 * metadata (PartialObjectMetadata) or, with `includeObject=Object`, the object.
 */
import { age, kindColumns, type Column, type OrcaObject } from '../api/index.js';
import { encodeForKube } from './convert.js';
import type { Resource } from './resources.js';
import { KubeError, type Json } from './status.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw new KubeError(400, 'BadRequest', `includeObject: "${value}" must be None, Metadata or Object`);
}

interface TableColumn {
  readonly column: Column;
  readonly priority: number;
  readonly description: string;
  readonly format: string;
}

const nameColumn: Column = { header: 'NAME', value: (object) => object.metadata?.name ?? '' };
const ageColumn: Column = { header: 'AGE', value: (object, now) => age(object.metadata?.creationTimestamp, now) };

function columnsOf(resource: Resource): TableColumn[] {
  const spec = kindColumns[resource.info.kind];
  const columns: TableColumn[] = [];
  if (spec?.noName !== true)
    columns.push({
      column: nameColumn,
      priority: 0,
      description: 'Name must be unique within a namespace.',
      format: 'name',
    });
  for (const column of spec?.columns ?? [])
    columns.push({ column, priority: 0, description: column.header, format: '' });
  if (spec?.noAge !== true)
    columns.push({ column: ageColumn, priority: 0, description: 'The time since the object was created.', format: '' });
  for (const column of spec?.wide ?? []) columns.push({ column, priority: 1, description: column.header, format: '' });
  return columns;
}

function title(header: string): string {
  return header
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function rowObject(object: OrcaObject, include: IncludeObject): Json | undefined {
  if (include === 'None') return undefined;
  const encoded = encodeForKube(object);
  if (include === 'Object') return encoded;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: encoded['metadata'] };
}

export function toTable(
  resource: Resource,
  objects: readonly OrcaObject[],
  options: {
    include: IncludeObject;
    version: 'v1' | 'v1beta1';
    resourceVersion: string;
    continue?: string;
    now: number;
    headers?: boolean;
  },
): Json {
  const columns = columnsOf(resource);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: {
      resourceVersion: options.resourceVersion,
      ...(options.continue === undefined || options.continue === '' ? {} : { continue: options.continue }),
    },
    ...(options.headers === false
      ? {}
      : {
          columnDefinitions: columns.map(({ column, priority, description, format }) => ({
            name: title(column.header),
            type: 'string',
            format,
            description,
            priority,
          })),
        }),
    rows: objects.map((object) => {
      const embedded = rowObject(object, options.include);
      return {
        cells: columns.map(({ column }) => column.value(object, options.now)),
        ...(embedded === undefined ? {} : { object: embedded }),
      };
    }),
  };
}
