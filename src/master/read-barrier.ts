/**
 * Linearizable reads on any master. The leader confirms its leadership with a
 * read-index round and reads once it has applied that far; a follower asks the
 * leader for that index (ClusterService.ReadIndex), waits until its own replica
 * has applied it, then reads locally. Either way the read reflects every write
 * acknowledged before it started.
 */
import type { ReadIndexRequest } from '../gen/orca/v1/ReadIndexRequest.js';
import type { ReadIndexResponse__Output } from '../gen/orca/v1/ReadIndexResponse.js';
import type { RaftNode } from '../raft/index.js';
import { awaitLeader, callUnary, type PeerClients } from './peer-clients.js';

export interface ReadBarrierOptions {
  readonly node: RaftNode;
  readonly peers: PeerClients;
  readonly readTimeoutMs: number;
  readonly forwardTimeoutMs: number;
  readonly leaderWaitMs: number;
  readonly lastKnownLeader: () => string;
}

export class ReadBarrier {
  constructor(private readonly options: ReadBarrierOptions) {}

  /** Resolves once a read of the local replica is linearizable. */
  async linearizable(): Promise<void> {
    const { node } = this.options;
    if (node.state === 'leader') {
      await node.readIndex({ timeoutMs: this.options.readTimeoutMs });
      return;
    }
    const index = await this.leaderReadIndex();
    await node.waitForApplied(index, { timeoutMs: this.options.readTimeoutMs });
  }

  /** The leader's confirmed read index (this master's own when it leads). */
  async leaderReadIndex(): Promise<number> {
    const { node, peers } = this.options;
    const leader = await awaitLeader(node, this.options.leaderWaitMs, this.options.lastKnownLeader);
    if (leader.id === node.id) return node.readIndex({ timeoutMs: this.options.readTimeoutMs });
    const client = peers.cluster(leader.address);
    const response = await callUnary<ReadIndexRequest, ReadIndexResponse__Output>(
      client.ReadIndex.bind(client),
      {},
      this.options.forwardTimeoutMs,
    );
    return Number(response.index);
  }
}
