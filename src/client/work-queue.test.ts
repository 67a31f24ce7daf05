import { afterEach, describe, expect, it, vi } from 'vitest';
import { isClientError } from './errors.js';
import { WorkQueue } from './work-queue.js';

describe('the work queue', () => {
  afterEach(() => vi.useRealTimers());

  it('holds a key once, and never hands out a key that is in flight', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    queue.add('a');
    expect(queue.length).toBe(1);
    expect(await queue.get()).toBe('a');
    queue.add('a');
    expect(queue.length).toBe(0);
    queue.done('a');
    expect(queue.take(10)).toEqual(['a']);
  });

  it('serves several waiting readers, one key each, and wakes them all on close', async () => {
    const queue = new WorkQueue();
    const first = queue.get();
    const second = queue.get();
    const third = queue.get();
    queue.add('a');
    queue.add('b');
    expect(await first).toBe('a');
    expect(await second).toBe('b');
    queue.close();
    expect(await third).toBeUndefined();
  });

  it('tells a batch reader that keys are ready, and backs failures off per key up to the ceiling', () => {
    vi.useFakeTimers();
    let ready = 0;
    const queue = new WorkQueue(
      { keysMax: 10, backoffBaseMs: 100, backoffMaxMs: 250 },
      { onReady: () => (ready += 1) },
    );
    queue.addRateLimited('a');
    expect(queue.isDelayed('a')).toBe(true);
    vi.advanceTimersByTime(99);
    expect(ready).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ready).toBe(1);
    expect(queue.take(5)).toEqual(['a']);
    queue.done('a');
    expect([1, 2, 3].map((attempt) => queue.backoffMs(attempt))).toEqual([100, 200, 250]);
  });

  it('expedites every delayed key and starts its back-off over', () => {
    vi.useFakeTimers();
    const queue = new WorkQueue({ keysMax: 10, backoffBaseMs: 1000, backoffMaxMs: 10_000 });
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    queue.addRateLimited('b');
    queue.expedite();
    expect(queue.take(5).sort()).toEqual(['a', 'b']);
    expect(queue.isDelayed('a')).toBe(false);
    queue.done('a');
    queue.addRateLimited('a');
    vi.advanceTimersByTime(1000);
    expect(queue.take(5)).toEqual(['a']);
  });

  it('refuses keys beyond its limit, delayed ones included, and counts them', () => {
    const queue = new WorkQueue({ keysMax: 2, backoffBaseMs: 10, backoffMaxMs: 10 });
    queue.add('a');
    queue.addAfter('b', 1000);
    queue.add('c');
    queue.addAfter('d', 1000);
    expect(queue.length).toBe(1);
    expect(queue.refused).toBe(2);
    queue.close();
  });

  it('names the field of an impossible configuration', () => {
    let caught: unknown;
    try {
      new WorkQueue({ keysMax: 0, backoffBaseMs: 1, backoffMaxMs: 1 });
    } catch (error: unknown) {
      caught = error;
    }
    expect(isClientError(caught, 'config')).toBe(true);
    expect(String(caught)).toContain('keysMax');
  });
});
