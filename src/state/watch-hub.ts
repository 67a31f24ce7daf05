/**
 * Ordered change events from a revision. A watch first replays the change log
 * (events with revision > fromRevision), page by page, then follows live
 * events as the local apply publishes them. Apply and replay both run
 * synchronously on the one event loop, so the hand-over has no gap and no
 * duplicate: a watch in replay ignores live events (they are in the log), and
 * turns live only once a page comes back short. Every replica's hub is fed by
 * its own apply, so any replica serves watches.
 */
import { isAfter, type ChangeEvent, type ChangePosition } from './change-event.js';
import { StateError } from './state-error.js';

/** What the hub reads the change log through. */
export interface ChangeSource {
  changesAfter(
    position: ChangePosition,
    limit: number,
    kind: string | undefined,
    namespace: string | undefined,
  ): ChangeEvent[];
  compactedRevision(): number;
  appliedIndex(): number;
}

export interface WatchOptions {
  readonly kind?: string;
  readonly namespace?: string;
  /** Deliver events with revision > fromRevision (a list's resourceVersion, or 0 for the whole kept history). */
  readonly fromRevision: number;
  readonly filter?: (event: ChangeEvent) => boolean;
}

export interface WatchLimits {
  /** Undelivered live events per watch; beyond it the watch ends with `expired` (relist). */
  readonly bufferEventsMax: number;
  /** Change-log rows read per replay step. */
  readonly replayPageEventsMax: number;
  readonly watchersMax: number;
}

export const defaultWatchLimits: WatchLimits = Object.freeze({
  bufferEventsMax: 10_000,
  replayPageEventsMax: 1_000,
  watchersMax: 10_000,
});

const endOfRevision = Number.MAX_SAFE_INTEGER;

export class WatchHub {
  private readonly watchers = new Set<Watch>();

  constructor(
    private readonly source: ChangeSource,
    private readonly limits: WatchLimits = defaultWatchLimits,
  ) {}

  /** Throws StateError('expired') when fromRevision is older than the kept window. */
  watch(options: WatchOptions): Watch {
    if (!Number.isSafeInteger(options.fromRevision) || options.fromRevision < 0)
      throw new StateError('invalid', `fromRevision ${options.fromRevision} is not a non-negative integer`);
    const compacted = this.source.compactedRevision();
    if (options.fromRevision < compacted) {
      throw new StateError(
        'expired',
        `revision ${options.fromRevision} is older than the oldest kept revision ${compacted}: list again and watch from its resourceVersion`,
      );
    }
    if (this.watchers.size >= this.limits.watchersMax)
      throw new StateError('resource-exhausted', `already ${this.watchers.size} watches on this replica`);
    const watch = new Watch(this.source, this.limits, options, (finished) => this.watchers.delete(finished));
    this.watchers.add(watch);
    return watch;
  }

  /** The newest revision this replica has applied: a bookmark's resourceVersion. */
  currentRevision(): number {
    return this.source.appliedIndex();
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** Called by the apply loop after a batch commits, with its changes in order. */
  publish(events: readonly ChangeEvent[]): void {
    if (events.length === 0) return;
    for (const watch of [...this.watchers]) watch.offer(events);
  }

  /** The state was replaced (snapshot restore): every watch ends with `expired` and must relist. */
  reset(reason: string): void {
    this.endAll(new StateError('expired', reason));
  }

  close(): void {
    this.endAll(new StateError('closed', 'the state machine was closed'));
  }

  private endAll(error: StateError): void {
    for (const watch of [...this.watchers]) watch.fail(error);
    this.watchers.clear();
  }
}

interface Waiter {
  resolve(result: IteratorResult<ChangeEvent>): void;
  reject(error: unknown): void;
}

/** One watch: an async iterator of change events. Call close() (or break out of for-await) when done. */
export class Watch implements AsyncIterableIterator<ChangeEvent> {
  private position: ChangePosition;
  private live = false;
  private buffer: ChangeEvent[] = [];
  private waiter: Waiter | null = null;
  private failure: StateError | null = null;
  private finished = false;

  constructor(
    private readonly source: ChangeSource,
    private readonly limits: WatchLimits,
    private readonly options: WatchOptions,
    private readonly onFinish: (watch: Watch) => void,
  ) {
    this.position = { revision: options.fromRevision, sequence: endOfRevision };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ChangeEvent>> {
    try {
      const event = this.take();
      if (event !== undefined) return Promise.resolve({ done: false, value: event });
    } catch (error: unknown) {
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    if (this.waiter !== null) return Promise.reject(new StateError('invalid', 'one next() at a time on a watch'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /**
   * The events ready now, without waiting (at most `max`): what a batching
   * sender packs behind the event next() gave it. A failure waits for next().
   */
  takeReady(max: number): ChangeEvent[] {
    const ready: ChangeEvent[] = [];
    while (ready.length < max && this.failure === null && (this.buffer.length > 0 || (!this.live && !this.finished))) {
      if (this.buffer.length === 0) this.replayPage();
      const event = this.buffer.shift();
      if (event === undefined) break;
      ready.push(event);
    }
    return ready;
  }

  return(): Promise<IteratorResult<ChangeEvent>> {
    this.close();
    return Promise.resolve({ done: true, value: undefined });
  }

  close(): void {
    this.finish();
    this.buffer = [];
    this.waiter?.resolve({ done: true, value: undefined });
    this.waiter = null;
  }

  /** End with an error: delivered by the next next() (or the pending one). */
  fail(error: StateError): void {
    if (this.finished) return;
    this.failure = error;
    this.buffer = [];
    this.finish();
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter !== null) {
      this.failure = null;
      waiter.reject(error);
    }
  }

  /** Live events from the hub, in order. */
  offer(events: readonly ChangeEvent[]): void {
    if (!this.live || this.finished) return;
    for (const event of events) {
      if (!isAfter(event, this.position)) continue;
      this.position = event;
      if (this.matches(event)) this.buffer.push(event);
    }
    if (this.buffer.length > this.limits.bufferEventsMax) {
      this.fail(
        new StateError(
          'expired',
          `the watch fell more than ${this.limits.bufferEventsMax} events behind: list again and watch from its resourceVersion`,
        ),
      );
      return;
    }
    this.wake();
  }

  private wake(): void {
    if (this.waiter === null || this.buffer.length === 0) return;
    const waiter = this.waiter;
    this.waiter = null;
    waiter.resolve({ done: false, value: this.buffer.shift() as ChangeEvent });
  }

  /** The next event ready now, reading the change log while replaying; throws a pending failure once. */
  private take(): ChangeEvent | undefined {
    if (this.buffer.length === 0 && !this.live && !this.finished) this.replayPage();
    const event = this.buffer.shift();
    if (event !== undefined) return event;
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
    return undefined;
  }

  private replayPage(): void {
    const pageSize = this.limits.replayPageEventsMax;
    for (;;) {
      if (this.position.revision < this.source.compactedRevision()) {
        this.fail(
          new StateError(
            'expired',
            `the change log no longer reaches back to revision ${this.position.revision}: list again`,
          ),
        );
        return;
      }
      const page = this.source.changesAfter(this.position, pageSize, this.options.kind, this.options.namespace);
      for (const event of page) {
        this.position = event;
        if (this.matches(event)) this.buffer.push(event);
      }
      if (page.length < pageSize) {
        this.goLive();
        return;
      }
      if (this.buffer.length > 0) return;
    }
  }

  /** Caught up with the log: everything applied so far has been read; later events come from the hub. */
  private goLive(): void {
    this.live = true;
    const applied = { revision: this.source.appliedIndex(), sequence: endOfRevision };
    if (isAfter(applied, this.position)) this.position = applied;
  }

  private matches(event: ChangeEvent): boolean {
    if (this.options.kind !== undefined && event.kind !== this.options.kind) return false;
    if (this.options.namespace !== undefined && event.namespace !== this.options.namespace) return false;
    return this.options.filter === undefined || this.options.filter(event);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.onFinish(this);
  }
}
