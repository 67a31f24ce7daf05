/**
 * Bookkeeping for the promises a node hands out: proposals waiting for their
 * entry to be applied, reads waiting for a read index and then for the applied
 * index, and membership changes waiting for a configuration. Pure data and
 * callbacks; the node drives it.
 */
import { RaftError } from './errors.js';
import type { Timers } from './timers.js';

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: unknown;
}

/** Promises keyed by a number, each with its own deadline. */
export class WaiterMap<T> {
  private readonly waiting = new Map<number, Pending<T> & { tag: number }>();

  constructor(private readonly timers: Timers) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Wait for `key`; `tag` is stored for the resolver (a proposal's term). */
  wait(key: number, tag: number, timeoutMs: number, describe: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.waiting.delete(key);
        reject(new RaftError('timeout', `${describe} timed out after ${timeoutMs} ms; its outcome is unknown`));
      }, timeoutMs);
      this.waiting.set(key, { resolve, reject, timer, tag });
    });
  }

  tag(key: number): number | undefined {
    return this.waiting.get(key)?.tag;
  }

  resolve(key: number, value: T): void {
    const pending = this.take(key);
    pending?.resolve(value);
  }

  reject(key: number, error: Error): void {
    this.take(key)?.reject(error);
  }

  /** Keys in ascending order. */
  keys(): number[] {
    return [...this.waiting.keys()].sort((a, b) => a - b);
  }

  rejectAll(error: Error): void {
    for (const key of this.keys()) this.reject(key, error);
  }

  private take(key: number): Pending<T> | undefined {
    const pending = this.waiting.get(key);
    if (pending === undefined) return undefined;
    this.waiting.delete(key);
    this.timers.clearTimeout(pending.timer);
    return pending;
  }
}

/** Promises that resolve when a predicate over some state becomes true. */
export class ConditionWaiters<S> {
  private readonly waiting = new Set<Pending<void> & { predicate: (state: S) => boolean }>();

  constructor(private readonly timers: Timers) {}

  wait(predicate: (state: S) => boolean, timeoutMs: number, describe: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = {
        predicate,
        resolve,
        reject,
        timer: this.timers.setTimeout(() => {
          this.waiting.delete(entry);
          reject(new RaftError('timeout', `${describe} did not complete within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiting.add(entry);
    });
  }

  check(state: S): void {
    for (const entry of [...this.waiting]) {
      if (!entry.predicate(state)) continue;
      this.waiting.delete(entry);
      this.timers.clearTimeout(entry.timer);
      entry.resolve();
    }
  }

  rejectAll(error: Error): void {
    for (const entry of [...this.waiting]) {
      this.waiting.delete(entry);
      this.timers.clearTimeout(entry.timer);
      entry.reject(error);
    }
  }
}
