/**
 * The simulator's agenda: events ordered by virtual time, ties broken by the
 * order they were scheduled, so a run never depends on anything but its seed.
 */
import { assert } from '../errors.js';

interface Scheduled<T> {
  readonly time: number;
  readonly sequence: number;
  readonly event: T;
}

export class EventQueue<T> {
  private readonly heap: Scheduled<T>[] = [];
  private sequence = 0;
  private nowMs = 0;

  constructor(private readonly pendingMax: number) {}

  get now(): number {
    return this.nowMs;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Schedule `event` at `time` (never in the past). */
  at(time: number, event: T): void {
    assert(time >= this.nowMs, `event scheduled in the past: ${time} < ${this.nowMs}`);
    assert(this.heap.length < this.pendingMax, `more than ${this.pendingMax} pending simulator events`);
    this.heap.push({ time, sequence: this.sequence++, event });
    this.siftUp(this.heap.length - 1);
  }

  /** The next event, with the clock moved to its time; null when none is left. */
  pop(): T | null {
    const top = this.heap[0];
    if (top === undefined) return null;
    const last = this.heap.pop() as Scheduled<T>;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    this.nowMs = top.time;
    return top.event;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a] as Scheduled<T>;
    const y = this.heap[b] as Scheduled<T>;
    return x.time < y.time || (x.time === y.time && x.sequence < y.sequence);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a] as Scheduled<T>;
    this.heap[a] = this.heap[b] as Scheduled<T>;
    this.heap[b] = x;
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) return;
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    let parent = index;
    for (;;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.heap.length && this.before(left, smallest)) smallest = left;
      if (right < this.heap.length && this.before(right, smallest)) smallest = right;
      if (smallest === parent) return;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }
}
