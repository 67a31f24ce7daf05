/**
 * What only the SQLite store has to prove: durability across a SIGKILL, bounded
 * file size under repeated write + compaction, and typed errors for files it
 * cannot trust. The shared semantics are in raft-store-conformance.test.ts.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../types.js';
import { SqliteRaftStore } from './sqlite-store.js';
import { isStorageError } from './storage-error.js';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '../../..');

function entries(first: number, count: number, term: number, bytes: number): LogEntry[] {
  return Array.from({ length: count }, (_, offset) => ({
    index: first + offset,
    term,
    type: 'command' as const,
    data: new Uint8Array(bytes).fill(offset % 251),
  }));
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Compiles the store's sources to ES modules in `outDir` so a plain `node` child
 * can load them (the test runner's TypeScript loader is not available in a
 * child); `node_modules` is linked in so better-sqlite3 resolves from there.
 */
function compileStoreForChild(outDir: string): void {
  const sources = [
    'errors.ts',
    'types.ts',
    'interfaces.ts',
    'storage/log-rules.ts',
    'storage/sqlite-schema.ts',
    'storage/sqlite-store.ts',
    'storage/storage-error.ts',
    'storage/lock-file.ts',
    'storage/sqlite-writer.ts',
  ];
  for (const source of sources) {
    const text = readFileSync(join(here, '..', source), 'utf8');
    const output = ts.transpileModule(text, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        verbatimModuleSyntax: true,
      },
    });
    const target = join(outDir, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  // The writer thread is plain JavaScript already: copied as is.
  copyFileSync(join(here, 'sqlite-writer-thread.js'), join(outDir, 'storage', 'sqlite-writer-thread.js'));
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(repositoryRoot, 'node_modules'), join(outDir, 'node_modules'));
}

/**
 * Persists one entry at a time, printing each index once persist() (or, with
 * `async` as the second argument, persistAsync() on the writer thread) has
 * returned, until killed.
 */
const childScript = `
import { SqliteRaftStore } from './storage/sqlite-store.js';
const background = process.argv[3] === 'async';
const store = SqliteRaftStore.open(process.argv[2]);
store.persist({ hardState: { term: 3, vote: 'child', commit: 0 }, entries: [] });
let index = store.lastIndex();
async function next() {
  index += 1;
  const batch = { hardState: null, entries: [{ index, term: 3, type: 'command', data: Buffer.alloc(64, index % 256) }] };
  if (background) await store.persistAsync(batch); else store.persist(batch);
  process.stdout.write('persisted ' + index + '\\n');
  setImmediate(next);
}
next();
`;

/** Runs the child until it reports `target` persisted entries, SIGKILLs it, and returns the highest index it reported. */
async function persistUntilKilled(
  childDir: string,
  dataDir: string,
  target: number,
  timeoutMs: number,
  mode: 'sync' | 'async',
): Promise<number> {
  const child = spawn(process.execPath, [join(childDir, 'child.js'), dataDir, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let reported = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolveExit) => child.on('exit', () => resolveExit()));
  await new Promise<void>((resolveKill, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child reported ${reported} entries in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) reported = Math.max(reported, Number(line.split(' ')[1]));
      if (reported >= target) {
        child.kill('SIGKILL');
        clearTimeout(timer);
        resolveKill();
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (reported < target) reject(new Error(`child exited early: ${stderr}`));
    });
  });
  await exited;
  return reported;
}

describe('SqliteRaftStore', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  for (const mode of ['sync', 'async'] as const) {
    it(`keeps every entry whose ${mode === 'sync' ? 'persist()' : 'persistAsync() (writer thread)'} returned when the process is SIGKILLed right after`, async () => {
      const childDir = join(folder, 'child');
      compileStoreForChild(childDir);
      writeFileSync(join(childDir, 'child.js'), childScript);
      const dataDir = join(folder, 'data');
      const reported = await persistUntilKilled(childDir, dataDir, 50, 20_000, mode);
      // The killed process's lock is stale: a new opener takes it over.
      const store = SqliteRaftStore.open(dataDir);
      try {
        expect(store.lastIndex()).toBeGreaterThanOrEqual(reported);
        expect(store.hardState()).toEqual({ term: 3, vote: 'child', commit: 0 });
        const last = store.entries(reported, reported + 1, 1000)[0];
        expect(last?.data).toEqual(Buffer.alloc(64, reported % 256));
      } finally {
        store.close();
      }
    });
  }

  it('refuses a second opener of the same log while the first has it open', async () => {
    const first = SqliteRaftStore.open(folder);
    try {
      expect(() => SqliteRaftStore.open(folder)).toThrow(/in use by process/);
      await first.persistAsync({ hardState: { term: 1, vote: null, commit: 0 }, entries: entries(1, 3, 1, 16) });
      expect(first.lastIndex()).toBe(3);
    } finally {
      first.close();
    }
    const again = SqliteRaftStore.open(folder);
    try {
      expect(again.lastIndex()).toBe(3);
    } finally {
      again.close();
    }
  });

  it('keeps db + wal bounded when a log is written and compacted many times', () => {
    const store = SqliteRaftStore.open(folder, { walBytesMax: 1024 * 1024 });
    const peaks: number[] = [];
    const afterCompaction: number[] = [];
    const onDisk = (): number => fileBytes(join(folder, 'raft.db')) + fileBytes(join(folder, 'raft.db-wal'));
    try {
      store.persist({ hardState: { term: 1, vote: null, commit: 0 }, entries: [] });
      for (let round = 0; round < 30; round += 1) {
        for (let batch = 0; batch < 5; batch += 1)
          store.persist({ hardState: null, entries: entries(store.lastIndex() + 1, 100, 1, 1024) });
        peaks.push(onDisk());
        // Keep a trailing 100 entries, as the node keeps trailing logs after a snapshot.
        store.compact(store.lastIndex() - 100, 1);
        afterCompaction.push(onDisk());
      }
      expect(store.lastIndex()).toBe(15_000);
    } finally {
      store.close();
    }
    // 15 MB written in total; about 0.6 MB live at the peak of each round.
    const sizes = `peaks ${peaks.join(', ')}; after compaction ${afterCompaction.join(', ')}`;
    expect(Math.max(...peaks), sizes).toBeLessThan(4 * 1024 * 1024);
    expect(peaks[peaks.length - 1], sizes).toBeLessThanOrEqual(1.5 * (peaks[4] ?? 0));
    expect(Math.max(...afterCompaction), sizes).toBeLessThan(1024 * 1024);
  });

  it('returns the space of a compacted prefix to the file system', () => {
    const store = SqliteRaftStore.open(folder);
    try {
      store.persist({ hardState: { term: 1, vote: null, commit: 0 }, entries: [] });
      for (let batch = 0; batch < 40; batch += 1)
        store.persist({ hardState: null, entries: entries(store.lastIndex() + 1, 100, 1, 1024) });
      const before = store.databaseBytes();
      store.compact(store.lastIndex() - 100, 1);
      const after = fileBytes(join(folder, 'raft.db')) + fileBytes(join(folder, 'raft.db-wal'));
      expect(before).toBeGreaterThan(4 * 1024 * 1024);
      expect(after).toBeLessThan(1024 * 1024);
    } finally {
      store.close();
    }
  });

  it("has closed every connection (the writer thread's too) when close() returns, with a write still in flight", async () => {
    const store = SqliteRaftStore.open(folder);
    const inFlight = store.persistAsync({
      hardState: { term: 1, vote: null, commit: 0 },
      entries: entries(1, 50, 1, 256),
    });
    store.close();
    // The write in flight is on disk, and the last connection to close checkpointed the WAL and deleted it.
    expect(readdirSync(folder).filter((name) => name.endsWith('-wal') || name.endsWith('-shm'))).toEqual([]);
    const reader = new Database(join(folder, 'raft.db'), { readonly: true });
    try {
      expect(reader.prepare('SELECT count(*) AS rows FROM raft_log').get()).toEqual({ rows: 50 });
    } finally {
      reader.close();
    }
    await inFlight;
    const again = SqliteRaftStore.open(folder);
    try {
      expect(again.lastIndex()).toBe(50);
    } finally {
      again.close();
    }
  });

  it('refuses a second store on the same file while the first is open, and allows it after close', () => {
    const first = SqliteRaftStore.open(folder);
    try {
      expect(() => SqliteRaftStore.open(folder, { busyTimeoutMs: 50 })).toThrow(
        expect.objectContaining({ code: 'io' }),
      );
    } finally {
      first.close();
    }
    SqliteRaftStore.open(folder).close();
  });

  it('lays the file out for incremental vacuum in WAL mode', () => {
    SqliteRaftStore.open(folder).close();
    const db = new Database(join(folder, 'raft.db'));
    try {
      expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('refuses a file that is not a database with a corrupt error', () => {
    writeFileSync(join(folder, 'raft.db'), Buffer.alloc(8192, 0x5a));
    expect(() => SqliteRaftStore.open(folder)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('refuses a schema version from the future', () => {
    SqliteRaftStore.open(folder).close();
    const db = new Database(join(folder, 'raft.db'));
    db.prepare("UPDATE raft_meta SET value = 99 WHERE key = 'schema_version'").run();
    db.close();
    let caught: unknown;
    try {
      SqliteRaftStore.open(folder).close();
    } catch (error: unknown) {
      caught = error;
    }
    expect(isStorageError(caught, 'schema-too-new')).toBe(true);
  });

  it('refuses a log with a gap as corrupt', () => {
    const store = SqliteRaftStore.open(folder);
    store.persist({ hardState: { term: 1, vote: null, commit: 0 }, entries: entries(1, 5, 1, 8) });
    store.close();
    const db = new Database(join(folder, 'raft.db'));
    db.prepare('DELETE FROM raft_log WHERE idx = 3').run();
    db.close();
    expect(() => SqliteRaftStore.open(folder)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });
});
