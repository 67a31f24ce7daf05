/**
 * One conformance suite, run against every RaftStore, proving they agree on the
 * semantics the node relies on: append, truncation on conflict, hard state,
 * compaction, byte-limited reads, reset to a snapshot, and reopening.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AssertionError } from '../errors.js';
import type { RaftStore } from '../interfaces.js';
import type { EntryType, HardState, LogEntry, SnapshotMeta } from '../types.js';
import { entryOverheadBytes } from './log-rules.js';
import { emptyMemoryRaftDisk, MemoryRaftStore } from './memory-store.js';
import { SqliteRaftStore } from './sqlite-store.js';

/** Opens a store on a fresh medium; `reopen` opens a new store on the same medium (a restart). */
interface StoreFactory {
  open(): RaftStore;
  reopen(): RaftStore;
  cleanup(): void;
}

function entry(index: number, term: number, text = `e${index}`, type: EntryType = 'command'): LogEntry {
  return { index, term, type, data: new TextEncoder().encode(text) };
}

function run(first: number, last: number, term: number): LogEntry[] {
  const result: LogEntry[] = [];
  for (let index = first; index <= last; index += 1) result.push(entry(index, term));
  return result;
}

function snapshotMeta(index: number, term: number): SnapshotMeta {
  return { id: `s${index}`, index, term, configuration: { servers: [] }, configurationIndex: 0, size: 0 };
}

function summary(store: RaftStore, low: number, high: number): string[] {
  return store
    .entries(low, high, Number.MAX_SAFE_INTEGER)
    .map((e) => `${e.index}:${e.term}:${e.type}:${new TextDecoder().decode(e.data)}`);
}

const hardState = (term: number, vote: string | null, commit: number): HardState => ({ term, vote, commit });

function describeRaftStore(name: string, makeFactory: () => StoreFactory): void {
  describe(`RaftStore conformance: ${name}`, () => {
    let factory: StoreFactory;
    let store: RaftStore;
    const open = (): RaftStore => {
      factory = makeFactory();
      store = factory.open();
      return store;
    };
    const reopen = (): RaftStore => {
      store.close();
      store = factory.reopen();
      return store;
    };
    afterEach(() => {
      store.close();
      factory.cleanup();
    });

    it('starts empty: first index 1, last index 0, term of 0 is 0, zero hard state', () => {
      open();
      expect([store.firstIndex(), store.lastIndex(), store.term(0), store.term(1)]).toEqual([1, 0, 0, undefined]);
      expect(store.hardState()).toEqual({ term: 0, vote: null, commit: 0 });
      expect(store.entries(1, 10, 1000)).toEqual([]);
    });

    it('appends entries and hard state in one batch and reads them back with type and data', () => {
      open();
      store.persist({
        hardState: hardState(2, 'a', 0),
        entries: [entry(1, 1, 'x', 'configuration'), entry(2, 2, '', 'noop'), entry(3, 2, 'y')],
      });
      expect(summary(store, 1, 4)).toEqual(['1:1:configuration:x', '2:2:noop:', '3:2:command:y']);
      expect([store.firstIndex(), store.lastIndex(), store.term(2), store.term(4)]).toEqual([1, 3, 2, undefined]);
      expect(store.hardState()).toEqual(hardState(2, 'a', 0));
      const data = store.entries(3, 4, 100)[0]?.data;
      expect(data).toBeInstanceOf(Uint8Array);
    });

    it('truncates a conflicting suffix: entries from the first new index are replaced', () => {
      open();
      store.persist({ hardState: hardState(3, null, 0), entries: run(1, 5, 1) });
      store.persist({ hardState: null, entries: [entry(3, 3, 'new3'), entry(4, 3, 'new4')] });
      expect(summary(store, 1, 10)).toEqual([
        '1:1:command:e1',
        '2:1:command:e2',
        '3:3:command:new3',
        '4:3:command:new4',
      ]);
      expect([store.lastIndex(), store.term(4), store.term(5)]).toEqual([4, 3, undefined]);
    });

    it('stores hard state alone and keeps it across a restart', () => {
      open();
      store.persist({ hardState: hardState(5, 'b', 0), entries: [] });
      store.persist({ hardState: hardState(6, null, 0), entries: [] });
      expect(reopen().hardState()).toEqual(hardState(6, null, 0));
    });

    it('refuses batches that would break the log: gaps, non-consecutive runs, compacted indexes, decreasing terms', () => {
      open();
      store.persist({ hardState: hardState(2, null, 0), entries: run(1, 3, 1) });
      expect(() => store.persist({ hardState: null, entries: [entry(5, 1)] })).toThrow(AssertionError);
      expect(() => store.persist({ hardState: null, entries: [entry(4, 1), entry(6, 1)] })).toThrow(AssertionError);
      expect(() => store.persist({ hardState: null, entries: [entry(4, 2), entry(5, 1)] })).toThrow(AssertionError);
      expect(() => store.persist({ hardState: null, entries: [entry(4, 3)] })).toThrow(AssertionError);
      store.compact(2, 1);
      expect(() => store.persist({ hardState: null, entries: [entry(2, 1)] })).toThrow(AssertionError);
      expect(summary(store, 3, 10)).toEqual(['3:1:command:e3']);
    });

    it('refuses hard states that go back: a lower term, a changed vote in the same term, a commit past the log', () => {
      open();
      store.persist({ hardState: hardState(4, 'a', 0), entries: run(1, 2, 1) });
      expect(() => store.persist({ hardState: hardState(3, null, 0), entries: [] })).toThrow(AssertionError);
      expect(() => store.persist({ hardState: hardState(4, 'b', 0), entries: [] })).toThrow(AssertionError);
      expect(() => store.persist({ hardState: hardState(4, 'a', 3), entries: [] })).toThrow(AssertionError);
      store.persist({ hardState: hardState(4, 'a', 2), entries: [] });
      expect(() => store.persist({ hardState: null, entries: [entry(2, 4)] })).toThrow(AssertionError);
      expect(store.hardState()).toEqual(hardState(4, 'a', 2));
    });

    it('returns at least one entry, then stops before the byte limit is exceeded', () => {
      open();
      store.persist({
        hardState: hardState(1, null, 0),
        entries: [entry(1, 1, 'a'.repeat(100)), entry(2, 1, 'b'.repeat(100)), entry(3, 1, 'c'.repeat(100))],
      });
      const each = 100 + entryOverheadBytes;
      expect(store.entries(1, 4, 0).map((e) => e.index)).toEqual([1]);
      expect(store.entries(1, 4, each).map((e) => e.index)).toEqual([1]);
      expect(store.entries(1, 4, 2 * each).map((e) => e.index)).toEqual([1, 2]);
      expect(store.entries(1, 4, 2 * each + 1).map((e) => e.index)).toEqual([1, 2]);
      expect(store.entries(2, 3, 10 * each).map((e) => e.index)).toEqual([2]);
      expect(store.entries(2, 99, 10 * each).map((e) => e.index)).toEqual([2, 3]);
      expect(store.entries(4, 9, 10 * each)).toEqual([]);
    });

    it('compacts a prefix: first index moves, the compaction point keeps its term, later reads are untouched', () => {
      open();
      store.persist({ hardState: hardState(3, null, 0), entries: [...run(1, 4, 1), ...run(5, 8, 3)] });
      store.compact(5, 3);
      expect([store.firstIndex(), store.lastIndex(), store.term(5), store.term(4), store.term(6)]).toEqual([
        6,
        8,
        3,
        undefined,
        3,
      ]);
      expect(store.entries(5, 9, 1000)).toEqual([]);
      expect(summary(store, 6, 9)).toEqual(['6:3:command:e6', '7:3:command:e7', '8:3:command:e8']);
      store.compact(5, 3);
      store.compact(3, 1);
      expect(store.firstIndex()).toBe(6);
      expect(() => store.compact(7, 1)).toThrow(AssertionError);
      expect(() => store.compact(9, 3)).toThrow(AssertionError);
      store.compact(8, 3);
      expect([store.firstIndex(), store.lastIndex(), store.term(8)]).toEqual([9, 8, 3]);
      store.persist({ hardState: null, entries: [entry(9, 3)] });
      expect(summary(reopen(), 9, 10)).toEqual(['9:3:command:e9']);
      expect([store.firstIndex(), store.term(8)]).toEqual([9, 3]);
    });

    it('resets to a snapshot: the whole log is dropped and restarts after the snapshot index', () => {
      open();
      store.persist({ hardState: hardState(2, 'a', 2), entries: run(1, 5, 2) });
      store.resetTo(snapshotMeta(40, 7));
      expect([store.firstIndex(), store.lastIndex(), store.term(40), store.term(5)]).toEqual([41, 40, 7, undefined]);
      expect(store.entries(1, 50, 1000)).toEqual([]);
      store.persist({ hardState: hardState(7, null, 40), entries: [entry(41, 7)] });
      reopen();
      expect([store.firstIndex(), store.lastIndex(), store.term(40), store.term(41)]).toEqual([41, 41, 7, 7]);
      expect(store.hardState()).toEqual(hardState(7, null, 40));
    });

    it('never lets a committed entry be replaced by a different term', () => {
      open();
      store.persist({ hardState: hardState(2, null, 3), entries: run(1, 4, 1) });
      expect(() => store.persist({ hardState: null, entries: [entry(3, 2)] })).toThrow(AssertionError);
      store.persist({ hardState: null, entries: [entry(3, 1, 'same term'), entry(4, 2)] });
      expect(summary(store, 3, 5)).toEqual(['3:1:command:same term', '4:2:command:e4']);
    });

    it('finds everything again after a restart', () => {
      open();
      store.persist({ hardState: hardState(3, 'c', 4), entries: [...run(1, 3, 1), ...run(4, 6, 3)] });
      store.compact(2, 1);
      reopen();
      expect([store.firstIndex(), store.lastIndex(), store.term(2), store.term(6)]).toEqual([3, 6, 1, 3]);
      expect(store.hardState()).toEqual(hardState(3, 'c', 4));
      expect(summary(store, 3, 7)).toEqual(['3:1:command:e3', '4:3:command:e4', '5:3:command:e5', '6:3:command:e6']);
    });

    it('keeps its own copy of appended data', () => {
      open();
      const data = new TextEncoder().encode('abc');
      store.persist({ hardState: hardState(1, null, 0), entries: [{ index: 1, term: 1, type: 'command', data }] });
      data.fill(0);
      expect(summary(store, 1, 2)).toEqual(['1:1:command:abc']);
    });
  });
}

describeRaftStore('MemoryRaftStore', () => {
  const disk = emptyMemoryRaftDisk();
  return { open: () => new MemoryRaftStore(disk), reopen: () => new MemoryRaftStore(disk), cleanup: () => undefined };
});

describeRaftStore('SqliteRaftStore', () => {
  const folder = mkdtempSync(join(tmpdir(), 'raft-store-'));
  return {
    open: () => SqliteRaftStore.open(folder),
    reopen: () => SqliteRaftStore.open(folder),
    cleanup: () => rmSync(folder, { recursive: true, force: true }),
  };
});
