/**
 * Opening raft.db: pragmas, schema creation and the schema version check. Kept
 * apart from the store so the store reads as the log's semantics only.
 */
import Database from 'better-sqlite3';
import { StorageError } from './storage-error.js';

export const schemaVersion = 1;

export interface SqliteOpenOptions {
  /** How long a statement waits for a lock held by another connection. */
  busyTimeoutMs: number;
  /** The WAL file is truncated back to this size after a checkpoint. */
  walBytesMax: number;
}

/** Keys of the key/value table. */
export const metaKeys = {
  schemaVersion: 'schema_version',
  term: 'term',
  vote: 'vote',
  commit: 'commit',
  compactedIndex: 'compacted_index',
  compactedTerm: 'compacted_term',
} as const;

const createTables = `
  CREATE TABLE raft_log (
    idx INTEGER PRIMARY KEY,
    term INTEGER NOT NULL,
    type INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE TABLE raft_meta (
    key TEXT PRIMARY KEY,
    value
  ) WITHOUT ROWID;
`;

/** SQLite error codes that mean the file itself is damaged or foreign. */
const corruptCodes = new Set([
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_CORRUPT_SEQUENCE',
  'SQLITE_CORRUPT_INDEX',
]);

/** Maps a failure of better-sqlite3 to a StorageError; anything else (assertions) passes through. */
export function storageErrorFrom(error: unknown, doing: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const code = corruptCodes.has(error.code) ? 'corrupt' : 'io';
  return new StorageError(code, `raft.db: ${doing} failed: ${error.message} (${error.code})`, { cause: error });
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function isEmpty(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get() === undefined;
}

function createSchema(db: Database.Database): void {
  db.exec(createTables);
  const insert = db.prepare('INSERT INTO raft_meta (key, value) VALUES (?, ?)');
  insert.run(metaKeys.schemaVersion, schemaVersion);
  insert.run(metaKeys.term, 0);
  insert.run(metaKeys.vote, null);
  insert.run(metaKeys.commit, 0);
  insert.run(metaKeys.compactedIndex, 0);
  insert.run(metaKeys.compactedTerm, 0);
}

function checkSchema(db: Database.Database, path: string): void {
  if (!tableExists(db, 'raft_meta') || !tableExists(db, 'raft_log')) {
    throw new StorageError('corrupt', `${path}: a database without the raft-ts tables`);
  }
  const row = db.prepare('SELECT value FROM raft_meta WHERE key = ?').get(metaKeys.schemaVersion) as
    { value: unknown } | undefined;
  const version = row?.value;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new StorageError('corrupt', `${path}: no schema version recorded`);
  }
  if (version > schemaVersion) {
    throw new StorageError(
      'schema-too-new',
      `${path}: schema version ${version} is newer than this build understands (${schemaVersion})`,
    );
  }
}

function applyPragmas(db: Database.Database, options: SqliteOpenOptions): void {
  db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
  // Must precede the first table: SQLite fixes the vacuum mode when the file is laid out.
  db.pragma('auto_vacuum = INCREMENTAL');
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new StorageError('io', `raft.db: could not switch to WAL (got ${String(mode)})`);
  db.pragma('synchronous = FULL');
  db.pragma(`journal_size_limit = ${Math.trunc(options.walBytesMax)}`);
  // One opener per file is enforced by lock-file.ts (the writer thread needs a
  // second connection, which SQLite's exclusive locking mode would shut out).
}

/** Opens (creating if needed) the database file and checks it is a raft-ts log of a known version. */
export function openDatabase(path: string, options: SqliteOpenOptions): Database.Database {
  let db: Database.Database | null = null;
  try {
    db = new Database(path);
    applyPragmas(db, options);
    const opened = db;
    db.transaction(() => {
      if (isEmpty(opened)) createSchema(opened);
    }).exclusive();
    checkSchema(db, path);
    return db;
  } catch (error: unknown) {
    db?.close();
    throw storageErrorFrom(error, `opening ${path}`);
  }
}
