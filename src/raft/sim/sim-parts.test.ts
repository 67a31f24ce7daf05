import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';
import { Random } from './random.js';
import { SimDisk, SimRaftStore, SimWriterStore } from './sim-store.js';
import type { LogEntry } from '../types.js';

const entry = (index: number, term: number): LogEntry => ({ index, term, type: 'noop', data: new Uint8Array() });

describe('Random (xoshiro128**)', () => {
  it('gives the same sequence for the same seed and different ones for nearby seeds', () => {
    const draw = (seed: number): number[] => {
      const random = new Random(seed);
      return Array.from({ length: 8 }, () => random.nextUint32());
    };
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

describe('SimRaftStore and SimWriterStore', () => {
  /** A store whose power cuts are requested by the test; `cut` detaches it as the replica's crash does. */
  function hooks(powerCut: () => boolean): {
    appended: () => void;
    powerCutBeforeSync: () => boolean;
    cutPower: () => void;
    detach: (store: SimRaftStore) => void;
  } {
    let target: SimRaftStore | null = null;
    return {
      appended: () => undefined,
      powerCutBeforeSync: powerCut,
      cutPower: () => target?.detach(),
      detach: (store) => {
        target = store;
      },
    };
  }

  it('keeps synced writes on the disk and loses a write struck by a power cut before its fsync', () => {
    const disk = new SimDisk();
    let cut = false;
    const world = hooks(() => cut);
    const store = new SimRaftStore(disk, world);
    world.detach(store);
    store.persist({ hardState: { term: 1, vote: 's1', commit: 0 }, entries: [entry(1, 1), entry(2, 1)] });
    cut = true;
    store.persist({ hardState: { term: 2, vote: 's2', commit: 1 }, entries: [entry(2, 2), entry(3, 2)] });
    // The dead process still sees its own write; the disk does not.
    expect(store.term(2)).toBe(2);
    const restarted = new SimRaftStore(
      disk,
      hooks(() => false),
    );
    expect(restarted.lastIndex()).toBe(2);
    expect(restarted.term(2)).toBe(1);
    expect(restarted.hardState()).toEqual({ term: 1, vote: 's1', commit: 0 });
  });

  it('truncates a conflicting suffix and compacts behind a snapshot', () => {
    const disk = new SimDisk();
    const store = new SimRaftStore(
      disk,
      hooks(() => false),
    );
    store.persist({ hardState: { term: 2, vote: null, commit: 0 }, entries: [entry(1, 1), entry(2, 1), entry(3, 1)] });
    store.persist({ hardState: null, entries: [entry(2, 2)] });
    expect(store.lastIndex()).toBe(2);
    expect(disk.truncations).toBe(1);
    store.compact(1, 1);
    expect(store.firstIndex()).toBe(2);
    expect(store.term(1)).toBe(1);
    expect(store.term(0)).toBeUndefined();
    expect(store.entries(2, 10, 1_000).map((stored) => stored.index)).toEqual([2]);
  });

  it('acknowledges writer-thread writes later and in order, visible only then, and loses them to a crash before the fsync', async () => {
    const queue = new EventQueue<() => void>(100);
    let alive = true;
    const disk = new SimDisk();
    const store = new SimWriterStore(disk, {
      appended: () => undefined,
      powerCutBeforeSync: () => false,
      cutPower: () => undefined,
      syncDelayMs: () => 5,
      powerCutWithin: () => 0,
      now: () => queue.now,
      later: (delayMs, _label, action) =>
        queue.at(queue.now + delayMs, () => {
          if (alive) action();
        }),
    });
    const acknowledged: number[] = [];
    void store
      .persistAsync({ hardState: { term: 1, vote: null, commit: 0 }, entries: [entry(1, 1)] })
      .then(() => acknowledged.push(queue.now));
    expect(store.lastIndex()).toBe(0);
    for (let event = queue.pop(); event !== null; event = queue.pop()) event();
    await Promise.resolve();
    expect(acknowledged).toEqual([5]);
    expect(store.lastIndex()).toBe(1);
    void store.persistAsync({ hardState: null, entries: [entry(2, 1)] }).then(() => acknowledged.push(queue.now));
    alive = false;
    store.detach();
    for (let event = queue.pop(); event !== null; event = queue.pop()) event();
    await Promise.resolve();
    expect(acknowledged).toEqual([5]);
    expect(
      new SimRaftStore(
        disk,
        hooks(() => false),
      ).lastIndex(),
    ).toBe(1);
  });
});
