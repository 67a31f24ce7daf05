/**
 * A FIFO of outgoing messages bounded in count and bytes. When a push would
 * exceed a bound, the oldest messages go: for Raft the newest state matters, and
 * whatever is lost is retransmitted. Never blocks and never grows past its limits.
 */
import { assert } from '../errors.js';
import type { Message } from '../types.js';

export interface MessageQueueLimits {
  readonly messagesMax: number;
  readonly bytesMax: number;
}

interface Queued {
  readonly message: Message;
  readonly bytes: number;
}

export class MessageQueue {
  private items: Queued[] = [];
  private head = 0;
  private queuedBytes = 0;
  private droppedCount = 0;

  constructor(private readonly limits: MessageQueueLimits) {
    assert(limits.messagesMax > 0 && limits.bytesMax > 0, 'message queue limits must be positive');
  }

  get length(): number {
    return this.items.length - this.head;
  }

  get bytes(): number {
    return this.queuedBytes;
  }

  /** Messages dropped so far to stay within the limits. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Append; drops the oldest messages until the new one fits. Returns how many were dropped. */
  push(message: Message, bytes: number): number {
    let dropped = 0;
    while (
      this.length > 0 &&
      (this.length + 1 > this.limits.messagesMax || this.queuedBytes + bytes > this.limits.bytesMax)
    ) {
      this.shift();
      dropped += 1;
    }
    this.items.push({ message, bytes });
    this.queuedBytes += bytes;
    this.droppedCount += dropped;
    return dropped;
  }

  /** Remove and return the oldest messages: at least one (if any), within both bounds otherwise. */
  take(messagesMax: number, bytesMax: number): Message[] {
    const taken: Message[] = [];
    let takenBytes = 0;
    while (this.length > 0 && taken.length < messagesMax) {
      const next = this.items[this.head];
      assert(next !== undefined, 'queue head exists while length > 0');
      if (taken.length > 0 && takenBytes + next.bytes > bytesMax) break;
      this.shift();
      taken.push(next.message);
      takenBytes += next.bytes;
    }
    return taken;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.queuedBytes = 0;
  }

  private shift(): void {
    const first = this.items[this.head];
    assert(first !== undefined, 'shift from an empty queue');
    this.queuedBytes -= first.bytes;
    this.head += 1;
    // Compact now and then so the array does not keep dead slots forever.
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
