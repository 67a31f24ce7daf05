import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../types.js';
import { RaftLog } from './log.js';
import { MemoryLogStore } from './memory-log-store.js';

function entry(index: number, term: number, text = ''): LogEntry {
  return { index, term, type: 'command', data: new TextEncoder().encode(text) };
}

function storeWith(terms: number[]): MemoryLogStore {
  const store = new MemoryLogStore();
  store.persist({ hardState: null, entries: terms.map((term, position) => entry(position + 1, term)) });
  return store;
}

describe('RaftLog', () => {
  it('reads durable entries through the reader and new ones from memory until stable', () => {
    const store = storeWith([1, 1, 2]);
    const log = new RaftLog(store, 0, 0);
    log.append([entry(4, 2), entry(5, 2)]);
    expect(log.lastIndex()).toBe(5);
    expect(log.durableLastIndex()).toBe(3);
    expect(log.entries(2, 6, { bytesMax: 1000, countMax: 100 }).map((e) => e.index)).toEqual([2, 3, 4, 5]);
    store.persist({ hardState: null, entries: log.unstableEntries() });
    log.stableTo(5, 2);
    expect(log.unstableEntries()).toEqual([]);
    expect(log.durableLastIndex()).toBe(5);
  });

  it('truncates a conflicting suffix, shadowing durable entries until persisted', () => {
    const store = storeWith([1, 1, 2, 2, 2]);
    const log = new RaftLog(store, 2, 0);
    const result = log.maybeAppend(2, 1, [entry(3, 3), entry(4, 3)]);
    expect(result?.lastNewIndex).toBe(4);
    expect(result?.written.map((e) => e.index)).toEqual([3, 4]);
    expect(log.lastIndex()).toBe(4);
    expect(log.term(3)).toBe(3);
    expect(log.term(5)).toBeUndefined();
    expect(log.durableLastIndex()).toBe(2);
  });

  it('rejects an append whose previous entry does not match, and skips entries it has', () => {
    const log = new RaftLog(storeWith([1, 1, 2]), 0, 0);
    expect(log.maybeAppend(3, 1, [entry(4, 3)])).toBeUndefined();
    expect(log.maybeAppend(1, 1, [entry(2, 1), entry(3, 2)])).toEqual({ lastNewIndex: 3, written: [] });
  });

  it('finds the retry point of a divergent term in one step', () => {
    const log = new RaftLog(storeWith([1, 1, 3, 3, 3]), 0, 0);
    expect(log.findConflictByTerm(5, 2)).toEqual({ index: 2, term: 1 });
    expect(log.findConflictByTerm(9, 3)).toEqual({ index: 5, term: 3 });
  });

  it('bounds entries by bytes but returns at least one', () => {
    const store = new MemoryLogStore();
    store.persist({ hardState: null, entries: [entry(1, 1, 'aaaa'), entry(2, 1, 'bbbb'), entry(3, 1, 'cc')] });
    const log = new RaftLog(store, 0, 0);
    expect(log.entries(1, 4, { bytesMax: 2, countMax: 10 })).toHaveLength(1);
    expect(log.entries(1, 4, { bytesMax: 8, countMax: 10 })).toHaveLength(2);
    expect(log.entries(1, 4, { bytesMax: 100, countMax: 2 })).toHaveLength(2);
  });

  it('never commits beyond what is durable, and never goes back', () => {
    const log = new RaftLog(storeWith([1, 1]), 1, 0);
    log.append([entry(3, 1)]);
    expect(() => log.commitTo(3)).toThrow(/durable/);
    expect(log.commitTo(2)).toBe(true);
    expect(log.commitTo(1)).toBe(false);
    expect(log.committed).toBe(2);
  });

  it('answers the compaction point term after compaction, and restores from a snapshot', () => {
    const store = storeWith([1, 1, 2, 2]);
    store.compact(3, 2);
    const log = new RaftLog(store, 4, 4);
    expect(log.firstIndex()).toBe(4);
    expect(log.term(3)).toBe(2);
    expect(log.term(2)).toBeUndefined();
    const meta = { id: 's', index: 9, term: 4, configuration: { servers: [] }, configurationIndex: 0, size: 0 };
    log.restore(meta);
    expect(log.lastIndex()).toBe(9);
    expect(log.term(9)).toBe(4);
    expect(log.committedAfter(4, 100)).toEqual([]);
    store.resetTo(meta);
    log.snapshotRestored(meta);
    expect(log.applied).toBe(9);
    expect(log.firstIndex()).toBe(10);
  });
});
