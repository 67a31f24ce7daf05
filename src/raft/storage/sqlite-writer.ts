/**
 * The log's writes on a thread of their own. better-sqlite3 is synchronous, so a
 * transaction's fsync blocks the thread that runs it; on the event loop's thread
 * that stalls the network (heartbeats, appends, acks) for the whole fsync. Here a
 * worker thread owns a second connection to raft.db and does the appends and
 * hard-state writes; the event loop's connection only reads (WAL lets it read
 * while the writer writes) and does the rare compactions, which wait on SQLite's
 * busy timeout if a write is in progress.
 *
 * The worker is `sqlite-writer-thread.js`, a checked JavaScript module next to
 * this file, so it runs the same from src/ (tests) and from dist/.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { assert } from '../errors.js';
import type { HardState, LogEntry } from '../types.js';
import { StorageError } from './storage-error.js';

/** One write: drop the log from `truncateFrom` (when set), append `entries`, store `hardState` (when set). */
export interface WriterBatch {
  readonly truncateFrom: number | null;
  readonly entries: readonly { index: number; term: number; type: number; data: Uint8Array }[];
  readonly hardState: HardState | null;
}

interface WriterReply {
  readonly id: number;
  readonly ok: boolean;
  readonly message?: string;
  readonly code?: string;
}

export interface WriterOptions {
  readonly path: string;
  readonly busyTimeoutMs: number;
  readonly keys: { readonly term: string; readonly vote: string; readonly commit: string };
}

export class SqliteWriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  private nextId = 1;
  private failure: StorageError | null = null;
  private closed = false;
  private exited = false;
  /** Set to 1 by the thread once its connection is closed (shared memory, so close() can wait without the event loop). */
  private readonly closedFlag = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly options: WriterOptions) {
    const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(new URL('./sqlite-writer-thread.js', import.meta.url), {
      workerData: { ...options, sqliteModule, closedFlag: this.closedFlag },
    });
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (error: unknown) =>
      this.failAll(
        new StorageError(
          'io',
          `raft.db writer thread failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
        ),
      ),
    );
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closed) this.failAll(new StorageError('io', `raft.db writer thread exited with ${code}`));
    });
  }

  /** Resolves once the batch is committed and fsynced. */
  write(batch: WriterBatch): Promise<void> {
    assert(!this.closed, 'the raft.db writer is used after close()');
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId;
    this.nextId += 1;
    // Referenced only while a write is in flight: an idle writer never keeps the process alive.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, batch });
    });
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Lets the writes in flight finish, then closes the thread's connection, and
   * returns only once it is closed (or `waitMs` passed): the caller may then
   * release the lock file, reopen raft.db or delete its folder without racing a
   * connection that is still open (closing it checkpoints and removes the WAL).
   * The thread itself exits in the background.
   */
  closeSync(waitMs: number): void {
    if (this.closed) return;
    assert(Number.isInteger(waitMs) && waitMs > 0, 'the close wait is a positive number of milliseconds');
    const id = this.nextId;
    this.nextId += 1;
    this.worker.ref();
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.worker.postMessage({ id, close: true });
    this.closed = true;
    // A thread that failed or exited has no connection left to wait for.
    if (this.failure === null && !this.exited) Atomics.wait(this.closedFlag, 0, 0, waitMs);
    void done.catch(() => undefined).then(() => this.worker.terminate());
  }

  private settle(reply: WriterReply): void {
    const waiter = this.pending.get(reply.id);
    if (waiter === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) {
      waiter.resolve();
      return;
    }
    const code =
      (reply.code !== undefined && reply.code.startsWith('SQLITE_CORRUPT')) || reply.code === 'SQLITE_NOTADB'
        ? 'corrupt'
        : 'io';
    // A failed write leaves the log in an unknown state for this process: every later write fails too.
    this.failure = new StorageError(
      code,
      `${this.options.path}: persisting a batch failed: ${reply.message ?? 'unknown error'} (${reply.code ?? ''})`,
    );
    waiter.reject(this.failure);
  }

  private failAll(error: StorageError): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/** The rows a persist batch becomes, as the writer thread takes them. */
export function writerEntries(
  entries: readonly LogEntry[],
  typeCode: (entry: LogEntry) => number,
): WriterBatch['entries'] {
  return entries.map((entry) => ({ index: entry.index, term: entry.term, type: typeCode(entry), data: entry.data }));
}
