/**
 * A rate-limited queue of keys, as client-go's workqueue (it lives beside the
 * informer for the same reason: every loop that follows the cluster needs
 * both). A key is queued at most once; a key handed out and added again while
 * in flight is queued again when `done` is called, so no key is ever processed
 * twice at once; failures back off per key, exponentially; the queue is
 * bounded. Any number of readers may wait in `get`; a batch loop takes keys
 * with `take` and learns of new ones through `onReady`.
 */
import { ClientError } from './errors.js';

export interface WorkQueueOptions {
  /** Keys waiting, delayed or in flight beyond this are refused (a resync queues them again later). */
  readonly keysMax: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export interface WorkQueueHooks {
  /** A key became ready with no reader waiting for it (a batch loop's wake-up). */
  readonly onReady?: () => void;
}

export const workQueueDefaults: WorkQueueOptions = Object.freeze({
  keysMax: 100_000,
  backoffBaseMs: 20,
  backoffMaxMs: 60_000,
});

export function validateWorkQueueOptions(options: WorkQueueOptions): WorkQueueOptions {
  if (!Number.isSafeInteger(options.keysMax) || options.keysMax < 1)
    throw new ClientError('config', `work queue: keysMax must be an integer ≥ 1, got ${options.keysMax}`);
  if (!(options.backoffBaseMs >= 0) || !(options.backoffMaxMs >= options.backoffBaseMs)) {
    throw new ClientError(
      'config',
      `work queue: 0 ≤ backoffBaseMs ≤ backoffMaxMs must hold, got ${options.backoffBaseMs} and ${options.backoffMaxMs}`,
    );
  }
  return options;
}

export class WorkQueue {
  private readonly ready: string[] = [];
  private readonly queued = new Set<string>();
  private readonly inFlight = new Set<string>();
  /** Added again while in flight: queue once `done`. */
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private closed = false;
  /** Keys refused because the queue was full. */
  refused = 0;

  constructor(
    private readonly options: WorkQueueOptions = workQueueDefaults,
    private readonly hooks: WorkQueueHooks = {},
  ) {
    validateWorkQueueOptions(options);
  }

  /** Keys ready to be handed out. */
  get length(): number {
    return this.ready.length;
  }

  add(key: string): void {
    if (this.closed || this.queued.has(key)) return;
    if (this.inFlight.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.isFull()) {
      this.refused += 1;
      return;
    }
    this.queued.add(key);
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      this.markInFlight(key);
      waiter(key);
      return;
    }
    this.ready.push(key);
    this.hooks.onReady?.();
  }

  /** Queue after a delay; a later call with a shorter delay wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.closed) return;
    if (delayMs <= 0) return this.add(key);
    const existing = this.timers.get(key);
    if (existing === undefined && this.isFull()) {
      this.refused += 1;
      return;
    }
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

  /** The key succeeded (or is no longer wanted): its back-off starts over. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** True while the key waits out a delay (a back-off or a requeue-after). */
  isDelayed(key: string): boolean {
    return this.timers.has(key);
  }

  /** Every delayed key is queued now, and every back-off starts over (something changed that may unblock them all). */
  expedite(): void {
    const delayed = [...this.timers];
    this.timers.clear();
    this.failures.clear();
    for (const [key, timer] of delayed) {
      clearTimeout(timer);
      this.add(key);
    }
  }

  /** The next key, or undefined once closed. */
  get(): Promise<string | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const key = this.ready.shift();
    if (key !== undefined) {
      this.markInFlight(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Up to `max` ready keys at once, in queue order; each is in flight until `done`. */
  take(max: number): string[] {
    if (this.closed) return [];
    const keys = this.ready.splice(0, Math.max(0, max));
    for (const key of keys) this.markInFlight(key);
    return keys;
  }

  done(key: string): void {
    this.inFlight.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  private isFull(): boolean {
    return this.queued.size + this.inFlight.size + this.timers.size >= this.options.keysMax;
  }

  private markInFlight(key: string): void {
    this.queued.delete(key);
    this.inFlight.add(key);
  }
}
