import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';
import { Random } from './random.js';
import { SimStore } from './sim-store.js';
import type { LogEntry, SnapshotMeta } from '../types.js';

const entry = (index: number, term: number): LogEntry => ({ index, term, type: 'noop', data: new Uint8Array() });

describe('Random (xoshiro128**)', () => {
  it('gives the same sequence for the same seed and different ones for nearby seeds', () => {
    const draw = (seed: number): number[] => { const random = new Random(seed); return Array.from({ length: 8 }, () => random.nextUint32()); };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('stays within the ranges it promises', () => {
    const random = new Random(1);
    const units = Array.from({ length: 10_000 }, () => random.next());
    const picks = new Set(Array.from({ length: 1_000 }, () => random.between(3, 5)));
    expect(Math.min(...units)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...units)).toBeLessThan(1);
    expect([...picks].sort()).toEqual([3, 4, 5]);
  });
});

describe('EventQueue', () => {
  it('runs events in time order and same-time events in scheduling order', () => {
    const queue = new EventQueue<string>(100);
    queue.at(5, 'late');
    queue.at(1, 'first');
    queue.at(1, 'second');
    queue.at(3, 'middle');
    const order: string[] = [];
    for (let event = queue.pop(); event !== null; event = queue.pop()) order.push(`${queue.now}:${event}`);
    expect(order).toEqual(['1:first', '1:second', '3:middle', '5:late']);
  });

  it('refuses to schedule in the past or beyond its bound', () => {
    const queue = new EventQueue<string>(1);
    queue.at(2, 'a');
    queue.pop();
    expect(() => queue.at(1, 'past')).toThrow(/past/);
    queue.at(3, 'b');
    expect(() => queue.at(4, 'c')).toThrow(/pending/);
  });
});

describe('SimStore', () => {
  it('loses writes that were not synced when it crashes, and keeps synced ones', () => {
    const store = new SimStore();
    store.write({ hardState: { term: 1, vote: 's1', commit: 0 }, entries: [entry(1, 1), entry(2, 1)] });
    store.sync();
    store.write({ hardState: { term: 2, vote: 's2', commit: 1 }, entries: [entry(2, 2), entry(3, 2)] });
    expect(store.term(2)).toBe(2);
    store.crash();
    expect(store.lastIndex()).toBe(2);
    expect(store.term(2)).toBe(1);
    expect(store.hardState()).toEqual({ term: 1, vote: 's1', commit: 0 });
  });

  it('truncates a conflicting suffix and compacts behind a snapshot', () => {
    const store = new SimStore();
    store.write({ hardState: null, entries: [entry(1, 1), entry(2, 1), entry(3, 1)] });
    store.write({ hardState: null, entries: [entry(2, 2)] });
    store.sync();
    expect(store.lastIndex()).toBe(2);
    expect(store.truncations).toBe(1);
    store.compact(1);
    expect(store.firstIndex()).toBe(2);
    expect(store.term(1)).toBe(1);
    expect(store.term(0)).toBeUndefined();
    expect(store.entries(1, 10, 1_000).map((stored) => stored.index)).toEqual([2]);
  });

  it('installs a received snapshot only durably after sync', () => {
    const store = new SimStore();
    store.write({ hardState: null, entries: [entry(1, 1)] });
    store.sync();
    const meta: SnapshotMeta = { id: 'x', index: 10, term: 3, configuration: { servers: [] }, configurationIndex: 1, size: 0 };
    store.saveReceivedSnapshot({ meta, data: new Uint8Array() });
    store.installSnapshot(store.receivedSnapshot('x') ?? fail());
    expect(store.firstIndex()).toBe(11);
    store.crash();
    expect(store.snapshot()).toBeNull();
    expect(store.lastIndex()).toBe(1);
    store.installSnapshot(store.receivedSnapshot('x') ?? fail());
    store.sync();
    store.crash();
    expect(store.snapshot()?.meta.id).toBe('x');
    expect(store.lastIndex()).toBe(10);
    expect(store.term(10)).toBe(3);
  });
});

function fail(): never {
  throw new Error('expected a received snapshot');
}
