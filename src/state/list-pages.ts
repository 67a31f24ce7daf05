/**
 * Consistent paginated lists. The first page fixes revision R (the applied
 * index); the continue token carries R and the last key, and every later page
 * rebuilds the state at R from the current rows and the change log's
 * before-images, so a list never mixes revisions even while writes go on.
 */
import type { JsonObject } from './json.js';
import { isJsonObject } from './json.js';
import { labelsOf, selectableFields } from './object-rules.js';
import { StateError } from './state-error.js';
import type { ListCursor, StateTables } from './state-tables.js';

/** Items per page at most, asked for or not: bounds one read's memory and time. */
export const listLimitMax = 50_000;
const tokenVersion = 1;
const tokenBytesMax = 4096;

export interface ListOptions {
  readonly kind: string;
  /** Only this namespace; all namespaces when absent. */
  readonly namespace?: string;
  readonly labelFilter?: (labels: Readonly<Record<string, string>>) => boolean;
  /** Fields: metadata.name, metadata.namespace, spec.nodeName, status.phase, type (when set). */
  readonly fieldFilter?: (fields: Readonly<Record<string, string>>) => boolean;
  readonly limit?: number;
  readonly continue?: string;
}

export interface ListResult {
  readonly items: JsonObject[];
  /** The revision every page of this list reflects. */
  readonly resourceVersion: string;
  /** Present when more items may follow: pass it back for the next page. */
  readonly continue?: string;
}

interface ContinueToken {
  readonly revision: number;
  readonly kind: string;
  readonly namespace: string | null;
  readonly after: ListCursor;
}

export interface Revisions {
  readonly appliedIndex: number;
  readonly compactedRevision: number;
}

export function listPage(tables: StateTables, options: ListOptions, revisions: Revisions): ListResult {
  const limit = pageLimit(options.limit);
  const token = options.continue === undefined ? undefined : decodeContinue(options.continue, options);
  const revision = token?.revision ?? revisions.appliedIndex;
  if (token !== undefined) checkReachable(revision, revisions);
  const items: JsonObject[] = [];
  let last: ListCursor | undefined;
  let more = false;
  const rows = tables.listAt(revision, options.kind, options.namespace, token?.after);
  try {
    for (const row of rows) {
      if (items.length === limit) {
        more = true;
        break;
      }
      last = { namespace: row.namespace, name: row.name };
      const object = JSON.parse(row.object) as JsonObject;
      if (matches(object, options)) items.push(object);
    }
  } finally {
    rows.return?.();
  }
  const result: ListResult = { items, resourceVersion: String(revision) };
  if (!more || last === undefined) return result;
  return {
    ...result,
    continue: encodeContinue({ revision, kind: options.kind, namespace: options.namespace ?? null, after: last }),
  };
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined || limit === 0) return listLimitMax;
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw new StateError('invalid', `limit ${limit} is not a non-negative integer`);
  return Math.min(limit, listLimitMax);
}

function checkReachable(revision: number, revisions: Revisions): void {
  if (revision < revisions.compactedRevision) {
    throw new StateError(
      'expired',
      `the list's revision ${revision} is older than the oldest kept revision ${revisions.compactedRevision}: start the list again`,
    );
  }
  if (revision > revisions.appliedIndex) {
    throw new StateError(
      'invalid',
      `the continue token is at revision ${revision}, ahead of this replica's ${revisions.appliedIndex}: retry once it has caught up`,
    );
  }
}

function matches(object: JsonObject, options: ListOptions): boolean {
  if (options.labelFilter !== undefined && !options.labelFilter(labelsOf(object))) return false;
  if (options.fieldFilter !== undefined && !options.fieldFilter(selectableFields(object))) return false;
  return true;
}

export function encodeContinue(token: ContinueToken): string {
  const body = {
    v: tokenVersion,
    r: token.revision,
    k: token.kind,
    n: token.namespace,
    a: [token.after.namespace, token.after.name],
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeContinue(text: string, options: ListOptions): ContinueToken {
  const bad = (why: string): StateError => new StateError('invalid', `continue token ${why}`);
  if (text.length > tokenBytesMax) throw bad(`is longer than ${tokenBytesMax}`);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error: unknown) {
    throw bad(`is not readable: ${String(error)}`);
  }
  if (!isJsonObject(body) || body['v'] !== tokenVersion) throw bad('is not one this version wrote');
  const { r: revision, k: kind, n: namespace, a: after } = body;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) throw bad('has no revision');
  if (kind !== options.kind || namespace !== (options.namespace ?? null)) throw bad('belongs to a different list');
  if (!Array.isArray(after) || after.length !== 2 || typeof after[0] !== 'string' || typeof after[1] !== 'string')
    throw bad('has no position');
  return { revision, kind, namespace, after: { namespace: after[0], name: after[1] } };
}
