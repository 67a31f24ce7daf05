/**
 * A rate-limited queue of keys, as client-go's workqueue: a key is queued at most
 * once; a key handed out and added again while in flight is queued again when
 * `done` is called (never processed twice at once); failures back off per key,
 * exponentially; the queue is bounded.
 */
import { ControllerError } from './errors.js';

export interface WorkQueueOptions {
  /** Keys waiting or in flight beyond this are refused (a resync queues them again later). */
  readonly keysMax: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const workQueueDefaults: WorkQueueOptions = Object.freeze({ keysMax: 100_000, backoffBaseMs: 20, backoffMaxMs: 60_000 });

export class WorkQueue {
  private readonly ready: string[] = [];
  private readonly queued = new Set<string>();
  private readonly inFlight = new Set<string>();
  /** Added again while in flight: queue once `done`. */
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private waiter: ((key: string | undefined) => void) | undefined;
  private closed = false;
  refused = 0;

  constructor(private readonly options: WorkQueueOptions = workQueueDefaults) {
    if (options.keysMax < 1 || options.backoffBaseMs < 0 || options.backoffMaxMs < options.backoffBaseMs) {
      throw new ControllerError('config', 'work queue: keysMax must be ≥ 1 and 0 ≤ backoffBaseMs ≤ backoffMaxMs');
    }
  }

  get length(): number {
    return this.ready.length;
  }

  add(key: string): void {
    if (this.closed || this.queued.has(key)) return;
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.size + this.inFlight.size >= this.options.keysMax) {
      this.refused += 1;
      return;
    }
    this.queued.add(key);
    const waiter = this.waiter;
    if (waiter !== undefined) {
      this.waiter = undefined;
      this.take(key);
      waiter(key);
      return;
    }
    this.ready.push(key);
  }

  /** Queue after a delay; a later call with a shorter delay wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.closed) return;
    if (delayMs <= 0) return this.add(key);
    const existing = this.timers.get(key);
    if (existing !== undefined) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Queue after this key's next back-off step (a failure). */
  addRateLimited(key: string): void {
    const attempt = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, attempt);
    this.addAfter(key, this.backoffMs(attempt));
  }

  backoffMs(attempt: number): number {
    return Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** Math.min(attempt - 1, 30));
  }

  /** The key succeeded: its back-off starts over. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** The next key, or undefined once closed. */
  get(): Promise<string | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const key = this.ready.shift();
    if (key !== undefined) {
      this.take(key);
      return Promise.resolve(key);
    }
    if (this.waiter !== undefined) throw new ControllerError('invariant', 'work queue: one reader at a time');
    return new Promise((resolve) => (this.waiter = resolve));
  }

  done(key: string): void {
    this.inFlight.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(undefined);
  }

  private take(key: string): void {
    this.queued.delete(key);
    this.inFlight.add(key);
  }
}
