/**
 * The contract of the pure Raft core (etcd-raft's RawNode shape). The node shell,
 * the simulator and the scenario tests drive a core only through this interface.
 *
 * Pure: no timers, sockets, disk, clock or Math.random inside. Time enters as
 * tick(), randomness from `random` (a seeded source), the durable log through the
 * synchronous LogReader. All output leaves through ready().
 */
import type { CoreConfig } from '../config.js';
import type { LogReader } from '../interfaces.js';
import type {
  Configuration,
  EntryType,
  HardState,
  Message,
  Ready,
  RaftRole,
  ServerId,
  SnapshotMeta,
} from '../types.js';

export interface CoreOptions {
  readonly id: ServerId;
  readonly config: CoreConfig;
  /** The durable log (entries after the last snapshot or compaction point). */
  readonly log: LogReader;
  /** As loaded from the StableStore at start. */
  readonly hardState: HardState;
  /** The newest snapshot the FSM was restored from at start, if any. */
  readonly snapshot: SnapshotMeta | null;
  /** Index the FSM has already applied (entries up to here are not handed out again). */
  readonly appliedIndex: number;
  /** Uniform in [0, 1), from a seeded source. Used for randomized election timeouts. */
  readonly random: () => number;
}

/** A membership change, proposed by the leader as one configuration entry (one change at a time). */
export type ConfigurationChange =
  /** Adds a server as a non-voter that is promoted automatically once it has caught up; promotes an existing non-voter. */
  | { readonly type: 'addVoter'; readonly id: ServerId; readonly address: string }
  | { readonly type: 'addNonvoter'; readonly id: ServerId; readonly address: string }
  | { readonly type: 'demoteVoter'; readonly id: ServerId }
  | { readonly type: 'removeServer'; readonly id: ServerId };

export interface ProposalReceipt {
  readonly index: number;
  readonly term: number;
}

export interface ProgressStatus {
  readonly id: ServerId;
  readonly matchIndex: number;
  readonly nextIndex: number;
  readonly state: 'probe' | 'replicate' | 'snapshot';
  readonly recentActive: boolean;
}

export interface CoreStatus {
  readonly id: ServerId;
  readonly role: RaftRole;
  readonly term: number;
  readonly vote: ServerId | null;
  readonly leaderId: ServerId | null;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  readonly lastIndex: number;
  /** The latest configuration in the log (in effect), and its index. */
  readonly configuration: Configuration;
  readonly configurationIndex: number;
  /** Leader only: per-peer replication state. */
  readonly progress: readonly ProgressStatus[];
  readonly leadershipTransferTarget: ServerId | null;
}

export interface RaftCoreApi {
  /** Advance the logical clock by one tick. */
  tick(): void;
  /** Handle a message from a peer (or from the local node shell for installSnapshot once durable). */
  step(message: Message): void;
  /**
   * Leader only: append an entry to the leader's log. Throws RaftError 'not-leader' (with hint),
   * 'leadership-transfer-in-progress', or 'too-large' when uncommittedEntriesMax is reached.
   */
  propose(type: EntryType, data: Uint8Array): ProposalReceipt;
  /** Leader only: propose a membership change. Throws 'configuration-change-in-progress' while one is uncommitted. */
  proposeConfigurationChange(change: ConfigurationChange): ProposalReceipt;
  /**
   * Ask for a linearizable read point. The answer arrives in ready().readStates with
   * this requestId once the leader has confirmed its leadership (or within its lease);
   * on a follower, throws 'not-leader' (the shell forwards to the leader).
   */
  readIndex(requestId: number): void;
  /** Leader only: hand leadership to `target` (or the most up-to-date voter). Blocks proposals until done or timed out. */
  transferLeadership(target: ServerId | null): void;
  /** Start an election now (used after bootstrap of a single-voter cluster, and by tests). */
  campaign(): void;
  /** The leader's shell reports that streaming a snapshot to `peer` ended. */
  reportSnapshot(peer: ServerId, success: boolean): void;
  /** The shell reports that a message to `peer` could not be delivered (back to probing). */
  reportUnreachable(peer: ServerId): void;
  /**
   * The shell has taken a snapshot covering up to meta.index and may compact the log
   * up to `compactTo`; the core uses meta when a follower needs entries it no longer has.
   */
  snapshotTaken(meta: SnapshotMeta): void;
  hasReady(): boolean;
  /** Everything the shell must do now (see the Ready contract in types.ts). */
  ready(): Ready;
  /** The shell has done everything in `ready`. Must be called before the next ready(). */
  advance(ready: Ready): void;
  status(): CoreStatus;
}
