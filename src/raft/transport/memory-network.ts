/**
 * MemoryNetwork: the hub that in-process MemoryTransports talk through, with the
 * faults tests need: a whole node cut off (disconnect/connect), a two-sided
 * partition between groups, and one-way drops (block). Addresses identify nodes.
 *
 * Delivery is asynchronous on the next macrotask (setImmediate), in order per
 * sender and receiver (setImmediate callbacks run first in, first out).
 * Reachability is checked when a message is sent and again when it would be
 * delivered, so a fault that starts while a message is in flight drops it, as a
 * real network would.
 */
import type { TransportHandlers } from '../interfaces.js';
import type { Message, ServerAddress } from '../types.js';

export interface MemoryNetworkStats {
  readonly delivered: number;
  readonly dropped: number;
}

function linkKey(from: ServerAddress, to: ServerAddress): string {
  return JSON.stringify([from, to]);
}

export class MemoryNetwork {
  private readonly endpoints = new Map<ServerAddress, TransportHandlers>();
  private readonly disconnected = new Set<ServerAddress>();
  private readonly blocked = new Set<string>();
  private partitions: { readonly a: ReadonlySet<ServerAddress>; readonly b: ReadonlySet<ServerAddress> }[] = [];
  private deliveredCount = 0;
  private droppedCount = 0;

  /** Cut a node off in both directions (its transport stays open). */
  disconnect(address: ServerAddress): void {
    this.disconnected.add(address);
  }

  connect(address: ServerAddress): void {
    this.disconnected.delete(address);
  }

  /** Nothing passes between a member of groupA and a member of groupB, either way, until heal(). */
  partition(groupA: readonly ServerAddress[], groupB: readonly ServerAddress[]): void {
    this.partitions.push({ a: new Set(groupA), b: new Set(groupB) });
  }

  /** Drop everything `from` sends to `to` (one way) until heal(). */
  block(from: ServerAddress, to: ServerAddress): void {
    this.blocked.add(linkKey(from, to));
  }

  /** Remove every partition, one-way block and disconnection. */
  heal(): void {
    this.partitions = [];
    this.blocked.clear();
    this.disconnected.clear();
  }

  canReach(from: ServerAddress, to: ServerAddress): boolean {
    if (!this.endpoints.has(to) || !this.endpoints.has(from)) return false;
    if (this.disconnected.has(from) || this.disconnected.has(to)) return false;
    if (this.blocked.has(linkKey(from, to))) return false;
    return !this.partitions.some(({ a, b }) => (a.has(from) && b.has(to)) || (b.has(from) && a.has(to)));
  }

  stats(): MemoryNetworkStats {
    return { delivered: this.deliveredCount, dropped: this.droppedCount };
  }

  /** @internal for MemoryTransport: attach the receiving side of `address`. */
  attach(address: ServerAddress, handlers: TransportHandlers): void {
    if (this.endpoints.has(address)) throw new Error(`memory network: ${address} is already attached`);
    this.endpoints.set(address, handlers);
  }

  /** @internal for MemoryTransport. */
  detach(address: ServerAddress): void {
    this.endpoints.delete(address);
  }

  /** @internal for MemoryTransport: the receiving side of `to` if reachable from `from` now. */
  handlersFor(from: ServerAddress, to: ServerAddress): TransportHandlers | null {
    return this.canReach(from, to) ? (this.endpoints.get(to) ?? null) : null;
  }

  /** @internal for MemoryTransport: deliver a copy on the next macrotask, or drop it. */
  post(from: ServerAddress, to: ServerAddress, message: Message): void {
    if (!this.canReach(from, to)) {
      this.droppedCount += 1;
      return;
    }
    // A copy, as a wire would make: neither side can see the other mutate it.
    const copy = structuredClone(message);
    setImmediate(() => {
      const handlers = this.handlersFor(from, to);
      if (handlers === null) {
        this.droppedCount += 1;
        return;
      }
      this.deliveredCount += 1;
      handlers.onMessage(copy);
    });
  }
}
