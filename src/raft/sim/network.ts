/**
 * The simulated network between replicas: every packet may be dropped, delayed
 * (which also reorders), or duplicated; links can be cut one way or both ways
 * and healed. Delivery is scheduled on the simulation's virtual clock.
 */
import type { InstallSnapshotMessage, Message, ServerId } from '../types.js';
import type { Random } from './random.js';

export type Packet =
  | { readonly kind: 'raft'; readonly message: Message }
  /** One piece of a streamed snapshot; the header travels with every chunk so any order assembles. */
  | {
      readonly kind: 'chunk';
      readonly from: ServerId;
      readonly header: InstallSnapshotMessage;
      readonly part: number;
      readonly parts: number;
      readonly data: Uint8Array;
    }
  /** The receiver holds the whole snapshot durably. */
  | { readonly kind: 'chunkAck'; readonly from: ServerId; readonly snapshotId: string };

export interface NetworkConditions {
  dropProbability: number;
  duplicateProbability: number;
  delayMinMs: number;
  delayMaxMs: number;
}

export type Deliver = (atMs: number, to: ServerId, packet: Packet) => void;

export class SimNetwork {
  /** Cut links, as "from>to". */
  private readonly blocked = new Set<string>();
  conditions: NetworkConditions;
  packetsSent = 0;
  packetsDropped = 0;

  constructor(
    private readonly random: Random,
    private readonly baseline: NetworkConditions,
    private readonly deliver: Deliver,
  ) {
    this.conditions = { ...baseline };
  }

  send(nowMs: number, from: ServerId, to: ServerId, packet: Packet): void {
    this.packetsSent += 1;
    if (this.blocked.has(`${from}>${to}`) || this.random.chance(this.conditions.dropProbability)) {
      this.packetsDropped += 1;
      return;
    }
    const copies = this.random.chance(this.conditions.duplicateProbability) ? 2 : 1;
    for (let copy = 0; copy < copies; copy += 1) {
      this.deliver(nowMs + this.random.between(this.conditions.delayMinMs, this.conditions.delayMaxMs), to, packet);
    }
  }

  /** Cut every link between the two sides, both ways; returns the links cut, for restore(). */
  partition(sideA: readonly ServerId[], sideB: readonly ServerId[]): string[] {
    const links: string[] = [];
    for (const a of sideA) for (const b of sideB) links.push(`${a}>${b}`, `${b}>${a}`);
    return this.cut(links);
  }

  /** Cut only from → to: `to` stops hearing `from`, while `from` still hears `to`. */
  cutOneWay(from: ServerId, to: ServerId): string[] {
    return this.cut([`${from}>${to}`]);
  }

  /** Reconnect links that an earlier partition or cut returned. */
  restore(links: readonly string[]): void {
    for (const link of links) this.blocked.delete(link);
  }

  private cut(links: string[]): string[] {
    const fresh = links.filter((link) => !this.blocked.has(link));
    for (const link of fresh) this.blocked.add(link);
    return fresh;
  }

  /** Back to the baseline loss, delay and duplication. */
  calm(): void {
    this.conditions = { ...this.baseline };
  }

  /** Restore every link and the baseline loss, delay and duplication. */
  heal(): void {
    this.blocked.clear();
    this.conditions = { ...this.baseline };
  }
}
