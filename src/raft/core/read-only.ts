/**
 * Safe ReadIndex (Raft thesis 6.4): each read records the commit index and the
 * heartbeat context current when it was asked; it is answered once a majority of
 * voters acknowledged a heartbeat carrying that context or a later one.
 */
import { assert } from '../errors.js';
import type { ReadState, ServerId } from '../types.js';
import { quorumValue } from './quorum.js';

interface PendingRead {
  readonly requestId: number;
  readonly index: number;
  readonly context: number;
}

export class ReadOnlyQueue {
  private readonly pending: PendingRead[] = [];
  private readonly acked = new Map<ServerId, number>();
  private lastContext = 0;

  constructor(private readonly pendingMax: number) {}

  /** The context the next heartbeat carries (the newest one handed out). */
  currentContext(): number {
    return this.lastContext;
  }

  size(): number {
    return this.pending.length;
  }

  /** Queue a read at `index`; returns the fresh context to broadcast. */
  add(requestId: number, index: number): number {
    assert(this.pending.length < this.pendingMax, 'pending reads are bounded by the shell');
    this.lastContext += 1;
    this.pending.push({ requestId, index, context: this.lastContext });
    return this.lastContext;
  }

  ack(from: ServerId, context: number): void {
    if (context > (this.acked.get(from) ?? 0)) this.acked.set(from, context);
  }

  /** Reads confirmed by a majority of `voters` (`self` confirms every context). */
  takeConfirmed(voters: readonly ServerId[], self: ServerId): ReadState[] {
    const confirmed = quorumValue(voters, (id) => (id === self ? Number.MAX_SAFE_INTEGER : (this.acked.get(id) ?? 0)));
    const ready: ReadState[] = [];
    while (this.pending.length > 0 && (this.pending[0]?.context ?? Infinity) <= confirmed) {
      const read = this.pending.shift();
      if (read !== undefined) ready.push({ requestId: read.requestId, index: read.index });
    }
    return ready;
  }

  /** Leadership lost: pending reads are dropped (the shell fails them); acks start over. */
  reset(): void {
    this.pending.length = 0;
    this.acked.clear();
  }
}
