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
  | { readonly kind: 'chunk'; readonly from: ServerId; readonly header: InstallSnapshotMessage; readonly part: number; readonly parts: number; readonly data: Uint8Array }
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

  /** Cut every link between the two sides, both ways. */
  partition(sideA: readonly ServerId[], sideB: readonly ServerId[]): void {
    for (const a of sideA) {
      for (const b of sideB) {
        this.blocked.add(`${a}>${b}`);
        this.blocked.add(`${b}>${a}`);
      }
    }
  }

  /** Cut only from → to: `to` stops hearing `from`, while `from` still hears `to`. */
  cutOneWay(from: ServerId, to: ServerId): void {
    this.blocked.add(`${from}>${to}`);
  }

  isolated(): number {
    return this.blocked.size;
  }

  /** Restore every link and the baseline loss, delay and duplication. */
  heal(): void {
    this.blocked.clear();
    this.conditions = { ...this.baseline };
  }
}
