/**
 * The SQL of the state database behind plain methods: objects, the change log
 * and the meta row. No policy here; the state machine decides what to write.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ChangeEvent, ChangePosition, ChangeType } from './change-event.js';
import type { ObjectKey } from './commands.js';
import type { Resources } from '../api/index.js';
import type { JsonObject } from './json.js';
import { keyOf, labelsOf, metadataOf, nodeNameOf, phaseOf } from './object-rules.js';
import { assert } from './state-error.js';

export interface Meta {
  readonly appliedIndex: number;
  /** Changes with revision <= this may have been pruned; every later one is kept. */
  readonly compactedRevision: number;
  readonly changeCount: number;
}

interface ChangeRow {
  revision: number;
  sequence: number;
  kind: string;
  namespace: string;
  name: string;
  type: ChangeType;
  object: string;
  previous: string | null;
}

/** Where a list page starts: strictly after this key (namespace, name) of the listed kind. */
export interface ListCursor {
  readonly namespace: string;
  readonly name: string;
}

export interface ListedRow {
  readonly namespace: string;
  readonly name: string;
  readonly object: string;
}

export class StateTables {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly listStatements = new Map<string, Statement>();

  constructor(private readonly database: Database) {
    this.statements = prepareStatements(database);
  }

  readMeta(): Meta {
    const row = this.statements.readMeta.get() as
      { applied_index: number; compacted_revision: number; change_count: number } | undefined;
    assert(row !== undefined, 'the meta row exists');
    return {
      appliedIndex: row.applied_index,
      compactedRevision: row.compacted_revision,
      changeCount: row.change_count,
    };
  }

  writeMeta(meta: Meta): void {
    this.statements.writeMeta.run(meta.appliedIndex, meta.compactedRevision, meta.changeCount);
  }

  /** The stored object's resourceVersion (its last write's revision), without reading the object. */
  resourceVersion(key: ObjectKey): number | undefined {
    const row = this.statements.resourceVersion.get(key.kind, key.namespace, key.name) as
      { resource_version: number } | undefined;
    return row?.resource_version;
  }

  get(key: ObjectKey): JsonObject | undefined {
    const row = this.statements.get.get(key.kind, key.namespace, key.name) as { object: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.object) as JsonObject);
  }

  put(object: JsonObject, revision: number): void {
    const key = keyOf(object);
    const metadata = metadataOf(object);
    const uid = metadata['uid'];
    const generation = metadata['generation'];
    assert(typeof uid === 'string' && typeof generation === 'number', 'a written object has a uid and a generation');
    this.statements.put.run(
      key.kind,
      key.namespace,
      key.name,
      uid,
      revision,
      generation,
      JSON.stringify(labelsOf(object)),
      nodeNameOf(object),
      phaseOf(object),
      JSON.stringify(object),
    );
  }

  remove(key: ObjectKey): void {
    const result = this.statements.remove.run(key.kind, key.namespace, key.name);
    assert(result.changes === 1, 'a removed object existed');
  }

  /** Who holds a ClusterIP or NodePort, if anyone. */
  allocationOwner(pool: string, value: number): { namespace: string; name: string } | undefined {
    return this.statements.allocationOwner.get(pool, value) as { namespace: string; name: string } | undefined;
  }

  allocate(pool: string, value: number, namespace: string, name: string): void {
    this.statements.allocate.run(pool, value, namespace, name);
  }

  /** Everything the Service namespace/name holds goes back to its pool. */
  releaseAllocations(namespace: string, name: string): void {
    this.statements.releaseAllocations.run(namespace, name);
  }

  /** What the pods bound to `node` request (zero when none are). */
  nodeUsage(node: string): Resources {
    const row = this.statements.nodeUsage.get(node) as
      { cpu_milli: number; memory_bytes: number; pods: number } | undefined;
    return row === undefined
      ? { cpuMilli: 0, memoryBytes: 0, pods: 0 }
      : { cpuMilli: row.cpu_milli, memoryBytes: row.memory_bytes, pods: row.pods };
  }

  putNodeUsage(node: string, usage: Resources): void {
    if (usage.pods <= 0) this.statements.deleteNodeUsage.run(node);
    else this.statements.putNodeUsage.run(node, usage.cpuMilli, usage.memoryBytes, usage.pods);
  }

  /** Every stored object of one kind (for one-off backfills, not for requests). */
  allOfKind(kind: string): JsonObject[] {
    return (this.statements.allOfKind.all(kind) as { object: string }[]).map(
      (row) => JSON.parse(row.object) as JsonObject,
    );
  }

  appendChange(change: ChangeEvent): void {
    this.statements.appendChange.run(
      change.revision,
      change.sequence,
      change.kind,
      change.namespace,
      change.name,
      change.type,
      JSON.stringify(change.object),
      change.previous === null ? null : JSON.stringify(change.previous),
    );
  }

  /** The revision of the change `offset` places from the oldest kept one (0 = the oldest). */
  changeRevisionAt(offset: number): number | undefined {
    const row = this.statements.changeAt.get(offset) as { revision: number } | undefined;
    return row?.revision;
  }

  /** Delete every change with revision <= upTo; answers how many rows went. */
  pruneThrough(upTo: number): number {
    return this.statements.prune.run(upTo).changes;
  }

  /** Changes after `position`, oldest first, at most `limit`, optionally of one kind and namespace. */
  changesAfter(
    position: ChangePosition,
    limit: number,
    kind: string | undefined,
    namespace: string | undefined,
  ): ChangeEvent[] {
    const rows = this.statements.changesAfter.all({
      revision: position.revision,
      sequence: position.sequence,
      limit,
      kind: kind ?? null,
      namespace: namespace ?? null,
    }) as ChangeRow[];
    return rows.map(toChangeEvent);
  }

  /**
   * The objects of one kind as they were at `revision`, in key order, after `cursor`:
   * rows unchanged since `revision`, merged with the before-images of the first
   * change after `revision` of each key changed since (the change log must reach back that far).
   */
  listAt(
    revision: number,
    kind: string,
    namespace: string | undefined,
    cursor: ListCursor | undefined,
  ): IterableIterator<ListedRow> {
    const statement = this.listStatement(namespace !== undefined, cursor !== undefined);
    return statement.iterate({
      revision,
      kind,
      namespace: namespace ?? null,
      afterNamespace: cursor?.namespace ?? null,
      afterName: cursor?.name ?? null,
    }) as IterableIterator<ListedRow>;
  }

  private listStatement(byNamespace: boolean, withCursor: boolean): Statement {
    const variant = `${byNamespace}:${withCursor}`;
    const cached = this.listStatements.get(variant);
    if (cached !== undefined) return cached;
    const statement = this.database.prepare(listSql(byNamespace, withCursor));
    this.listStatements.set(variant, statement);
    return statement;
  }
}

function listSql(byNamespace: boolean, withCursor: boolean): string {
  const namespaceFilter = (table: string): string => (byNamespace ? `AND ${table}.namespace = :namespace` : '');
  const cursorFilter = (table: string): string =>
    withCursor ? `AND (${table}.namespace, ${table}.name) > (:afterNamespace, :afterName)` : '';
  return `
    SELECT o.namespace AS namespace, o.name AS name, o.object AS object FROM objects o
     WHERE o.kind = :kind AND o.resource_version <= :revision ${namespaceFilter('o')} ${cursorFilter('o')}
    UNION ALL
    SELECT c.namespace AS namespace, c.name AS name, c.previous AS object FROM changes c
     WHERE c.kind = :kind AND c.revision > :revision AND c.previous IS NOT NULL ${namespaceFilter('c')} ${cursorFilter('c')}
       AND NOT EXISTS (
         SELECT 1 FROM changes d
          WHERE d.kind = c.kind AND d.namespace = c.namespace AND d.name = c.name AND d.revision > :revision
            AND (d.revision, d.sequence) < (c.revision, c.sequence))
    ORDER BY namespace, name`;
}

function prepareStatements(database: Database) {
  return {
    readMeta: database.prepare('SELECT applied_index, compacted_revision, change_count FROM meta WHERE id = 1'),
    writeMeta: database.prepare(
      'UPDATE meta SET applied_index = ?, compacted_revision = ?, change_count = ? WHERE id = 1',
    ),
    get: database.prepare('SELECT object FROM objects WHERE kind = ? AND namespace = ? AND name = ?'),
    resourceVersion: database.prepare(
      'SELECT resource_version FROM objects WHERE kind = ? AND namespace = ? AND name = ?',
    ),
    put: database.prepare(`INSERT OR REPLACE INTO objects (kind, namespace, name, uid, resource_version, generation, labels, node_name, phase, object)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    remove: database.prepare('DELETE FROM objects WHERE kind = ? AND namespace = ? AND name = ?'),
    appendChange:
      database.prepare(`INSERT INTO changes (revision, sequence, kind, namespace, name, type, object, previous)
                                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    changeAt: database.prepare('SELECT revision FROM changes ORDER BY revision, sequence LIMIT 1 OFFSET ?'),
    prune: database.prepare('DELETE FROM changes WHERE revision <= ?'),
    allocationOwner: database.prepare('SELECT namespace, name FROM allocations WHERE pool = ? AND value = ?'),
    allocate: database.prepare('INSERT OR REPLACE INTO allocations (pool, value, namespace, name) VALUES (?, ?, ?, ?)'),
    releaseAllocations: database.prepare('DELETE FROM allocations WHERE namespace = ? AND name = ?'),
    allOfKind: database.prepare('SELECT object FROM objects WHERE kind = ?'),
    nodeUsage: database.prepare('SELECT cpu_milli, memory_bytes, pods FROM node_usage WHERE node = ?'),
    putNodeUsage: database.prepare(
      'INSERT OR REPLACE INTO node_usage (node, cpu_milli, memory_bytes, pods) VALUES (?, ?, ?, ?)',
    ),
    deleteNodeUsage: database.prepare('DELETE FROM node_usage WHERE node = ?'),
    changesAfter:
      database.prepare(`SELECT revision, sequence, kind, namespace, name, type, object, previous FROM changes
      WHERE (revision, sequence) > (:revision, :sequence)
        AND (:kind IS NULL OR kind = :kind) AND (:namespace IS NULL OR namespace = :namespace)
      ORDER BY revision, sequence LIMIT :limit`),
  };
}

function toChangeEvent(row: ChangeRow): ChangeEvent {
  return {
    type: row.type,
    revision: row.revision,
    sequence: row.sequence,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    object: JSON.parse(row.object) as JsonObject,
    previous: row.previous === null ? null : (JSON.parse(row.previous) as JsonObject),
  };
}
