/** The state database's schema, and the check that a file (a restored snapshot) carries it. */
import type { Database } from 'better-sqlite3';
import { StateError } from './state-error.js';

export const schemaVersion = 1;

/**
 * ClusterIPs and NodePorts in use, by the Service that holds them. Added after
 * the first release: a database without it gets it, filled from its Services.
 */
const allocationStatements: readonly string[] = [
  `CREATE TABLE allocations (
     pool TEXT NOT NULL,
     value INTEGER NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     PRIMARY KEY (pool, value)
   ) WITHOUT ROWID`,
  'CREATE INDEX allocations_by_owner ON allocations (namespace, name)',
];

/** What the pods bound to each node request, kept with every Pod write (node-usage.ts). Added after the first release, like allocations. */
const nodeUsageStatements: readonly string[] = [
  `CREATE TABLE node_usage (
     node TEXT PRIMARY KEY,
     cpu_milli INTEGER NOT NULL,
     memory_bytes INTEGER NOT NULL,
     pods INTEGER NOT NULL
   ) WITHOUT ROWID`,
];

/** Tables added after the first release: a database without one gets it, and the caller fills it from the objects. */
const laterTables: readonly { readonly name: LaterTable; readonly statements: readonly string[] }[] = [
  { name: 'allocations', statements: allocationStatements },
  { name: 'node_usage', statements: nodeUsageStatements },
];

export type LaterTable = 'allocations' | 'node_usage';

export const schemaStatements: readonly string[] = [
  `CREATE TABLE objects (
     kind TEXT NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     uid TEXT NOT NULL,
     resource_version INTEGER NOT NULL,
     generation INTEGER NOT NULL,
     labels TEXT NOT NULL,
     node_name TEXT,
     phase TEXT,
     object TEXT NOT NULL,
     PRIMARY KEY (kind, namespace, name)
   ) WITHOUT ROWID`,
  'CREATE INDEX objects_by_node ON objects (kind, node_name) WHERE node_name IS NOT NULL',
  `CREATE TABLE changes (
     revision INTEGER NOT NULL,
     sequence INTEGER NOT NULL,
     kind TEXT NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     type TEXT NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
     object TEXT NOT NULL,
     previous TEXT,
     PRIMARY KEY (revision, sequence)
   ) WITHOUT ROWID`,
  'CREATE INDEX changes_by_key ON changes (kind, namespace, name, revision, sequence)',
  ...allocationStatements,
  ...nodeUsageStatements,
  `CREATE TABLE meta (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     schema_version INTEGER NOT NULL,
     applied_index INTEGER NOT NULL,
     compacted_revision INTEGER NOT NULL,
     change_count INTEGER NOT NULL
   )`,
  `INSERT INTO meta (id, schema_version, applied_index, compacted_revision, change_count) VALUES (1, ${schemaVersion}, 0, 0, 0)`,
];

const expectedColumns: Readonly<Record<string, readonly string[]>> = {
  objects: [
    'kind',
    'namespace',
    'name',
    'uid',
    'resource_version',
    'generation',
    'labels',
    'node_name',
    'phase',
    'object',
  ],
  changes: ['revision', 'sequence', 'kind', 'namespace', 'name', 'type', 'object', 'previous'],
  meta: ['id', 'schema_version', 'applied_index', 'compacted_revision', 'change_count'],
};

/**
 * Create the schema in an empty database; check it in any other. Answers the
 * later tables that had to be added (the caller fills them from the objects).
 */
export function ensureSchema(database: Database): { readonly added: readonly LaterTable[] } {
  const tables = database.prepare("SELECT count(*) AS count FROM sqlite_master WHERE type = 'table'").get() as {
    count: number;
  };
  if (tables.count === 0) {
    database.transaction(() => {
      for (const statement of schemaStatements) database.exec(statement);
    })();
    return { added: [] };
  }
  verifySchema(database);
  const added: LaterTable[] = [];
  for (const table of laterTables) {
    const found = database
      .prepare("SELECT count(*) AS count FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(table.name) as { count: number };
    if (found.count > 0) continue;
    database.transaction(() => {
      for (const statement of table.statements) database.exec(statement);
    })();
    added.push(table.name);
  }
  return { added };
}

/** Throws StateError('bad-snapshot') unless the database has this version's schema. */
export function verifySchema(database: Database): void {
  for (const [table, columns] of Object.entries(expectedColumns)) {
    const found = (database.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
      (column) => column.name,
    );
    if (found.join(',') !== columns.join(','))
      throw new StateError(
        'bad-snapshot',
        `table ${table} has columns [${found.join(', ')}], expected [${columns.join(', ')}]`,
      );
  }
  const meta = database.prepare('SELECT schema_version AS version FROM meta WHERE id = 1').get() as
    { version: number } | undefined;
  if (meta === undefined) throw new StateError('bad-snapshot', 'the meta row is missing');
  if (meta.version !== schemaVersion)
    throw new StateError('bad-snapshot', `schema version ${meta.version}, this build reads ${schemaVersion}`);
}
