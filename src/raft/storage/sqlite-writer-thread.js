// @ts-check
/**
 * The raft.db writer thread (see sqlite-writer.ts): its own connection to the
 * log with synchronous=FULL, one transaction per batch, and a reply per
 * message. Plain JavaScript checked by TypeScript (JSDoc types) so that the
 * same file runs as a worker from src/ (tests) and from dist/ (tsc copies it),
 * with no build step in between; every check of a batch happens before it is
 * posted, so this stays small.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * @typedef {{ index: number; term: number; type: number; data: Uint8Array }} WriterEntry
 * @typedef {{ term: number; vote: string | null; commit: number }} WriterHardState
 * @typedef {{ truncateFrom: number | null; entries: WriterEntry[]; hardState: WriterHardState | null }} WriterBatch
 * @typedef {{ id: number; close?: boolean; batch?: WriterBatch }} WriterMessage
 * @typedef {{ path: string; busyTimeoutMs: number; sqliteModule: string; closedFlag: Int32Array; keys: { term: string; vote: string; commit: string } }} WriterData
 */

const port = parentPort;
if (port === null) throw new Error('sqlite-writer-thread.js runs only as a worker thread');
const data = /** @type {WriterData} */ (workerData);
const Database = /** @type {typeof import('better-sqlite3')} */ (createRequire(import.meta.url)(data.sqliteModule));
const db = new Database(data.path);
db.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
// The event loop's connection created the file in WAL mode; WAL is a property of the file.
db.pragma('synchronous = FULL');
const insert = db.prepare('INSERT INTO raft_log (idx, term, type, data) VALUES (?, ?, ?, ?)');
const deleteFrom = db.prepare('DELETE FROM raft_log WHERE idx >= ?');
const writeMeta = db.prepare(
  'INSERT INTO raft_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
);

const write = db.transaction(
  /** @param {WriterBatch} batch */ (batch) => {
    if (batch.truncateFrom !== null) deleteFrom.run(batch.truncateFrom);
    for (const entry of batch.entries)
      insert.run(
        entry.index,
        entry.term,
        entry.type,
        Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength),
      );
    if (batch.hardState !== null) {
      writeMeta.run(data.keys.term, batch.hardState.term);
      writeMeta.run(data.keys.vote, batch.hardState.vote);
      writeMeta.run(data.keys.commit, batch.hardState.commit);
    }
  },
);

/** @param {unknown} error @param {'message' | 'code'} field */
function fieldOf(error, field) {
  if (typeof error === 'object' && error !== null && field in error)
    return String(/** @type {Record<string, unknown>} */ (error)[field]);
  return field === 'message' ? String(error) : '';
}

port.on(
  'message',
  /** @param {WriterMessage} message */ (message) => {
    if (message.close === true) {
      db.close();
      // The opener waits on this flag: raft.db is closed by the time its close() returns.
      Atomics.store(data.closedFlag, 0, 1);
      Atomics.notify(data.closedFlag, 0);
      port.postMessage({ id: message.id, ok: true });
      port.close();
      return;
    }
    try {
      if (message.batch === undefined) throw new Error('a writer message carries a batch or close');
      write(message.batch);
      port.postMessage({ id: message.id, ok: true });
    } catch (error) {
      port.postMessage({ id: message.id, ok: false, message: fieldOf(error, 'message'), code: fieldOf(error, 'code') });
    }
  },
);
